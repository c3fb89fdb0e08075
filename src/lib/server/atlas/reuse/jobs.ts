import { defineJob } from '../../core/jobs';
import { purgeAlertData } from './alerts';
import { runDigest } from './digest';

/** Weekly digest of new entries for every active alert (Monday morning, Europe/Berlin). */
export const alertDigestJob = defineJob<object>({
	name: 'atlas.alerts.digest',
	schedule: '0 7 * * 1',
	retryLimit: 3,
	retryDelay: 300,
	async handle() {
		// Safe to retry: each alert's window moves forward together with its queued mail.
		await runDigest();
	}
});

/** Unconfirmed alerts after 7 days, expired confirmation links, proof records after their retention. */
export const alertPurgeJob = defineJob<object>({
	name: 'atlas.alerts.purge',
	schedule: '23 3 * * *',
	retryLimit: 2,
	async handle() {
		await purgeAlertData();
	}
});
