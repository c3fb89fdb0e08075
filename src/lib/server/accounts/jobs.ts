import { defineJob } from '../core/jobs';
import { purgeOldWindows } from '../protection/rate-limit';
import { purgeExpiredSessions } from './service';

export const purgeSessionsJob = defineJob<object>({
	name: 'accounts.purge',
	schedule: '17 * * * *',
	retryLimit: 2,
	async handle() {
		await purgeExpiredSessions();
		await purgeOldWindows();
	}
});
