import { defineJob } from '../core/jobs';
import { purgeMyDataTokens } from './mydata';
import { purgePending } from './signup';

/** Daily: unconfirmed sign-ups after 7 days, spent supporter tokens, expired "my data" links (D-06). */
export const purgeSupportersJob = defineJob<object>({
	name: 'supporters.purge',
	schedule: '41 3 * * *',
	retryLimit: 2,
	retryDelay: 600,
	async handle() {
		await purgePending();
		await purgeMyDataTokens();
	}
});
