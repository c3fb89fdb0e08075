import { defineJob } from '../core/jobs';
import { purgeNewsletterData } from './purge';

/** Daily: unconfirmed subscriptions after 7 days, old newsletter tokens, submitters of old decided items. */
export const purgeNewsletterJob = defineJob<object>({
	name: 'newsletter.purge',
	schedule: '37 3 * * *',
	retryLimit: 2,
	retryDelay: 600,
	async handle() {
		await purgeNewsletterData();
	}
});
