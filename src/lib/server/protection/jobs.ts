import { defineJob } from '../core/jobs';
import { purgeUsedChallenges } from './service';

/** Used ALTCHA challenges only matter until they expire; after that verifySolution refuses them anyway. */
export const purgeUsedChallengesJob = defineJob<object>({
	name: 'protection.purge',
	schedule: '41 * * * *',
	retryLimit: 2,
	async handle() {
		await purgeUsedChallenges();
	}
});
