import { db } from '../core/db';
import { defineJob } from '../core/jobs';
import { purgeExpiredProofs } from './service';

/** Daily: proofs of withdrawn or lapsed consents go three years after the end of the year of withdrawal. */
export const purgeProofsJob = defineJob<object>({
	name: 'consent.purge-proofs',
	schedule: '23 4 * * *',
	retryLimit: 2,
	retryDelay: 600,
	async handle() {
		await purgeExpiredProofs(db());
	}
});
