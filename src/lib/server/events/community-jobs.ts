import { defineJob } from '../core/jobs';
import { purgeUnverifiedDrafts } from './community';

/** Daily: community events whose sender never verified the address are deleted after seven days (community.ts). */
export const communityPurgeJob = defineJob<object>({
	name: 'events.community.purge',
	schedule: '53 3 * * *',
	retryLimit: 2,
	retryDelay: 600,
	async handle() {
		await purgeUnverifiedDrafts();
	}
});
