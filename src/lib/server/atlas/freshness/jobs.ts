import { defineJob } from '../../core/jobs';
import { runFreshness } from './service';

/**
 * Daily: archive entries unconfirmed for 15 months, ask the owners of entries
 * unconfirmed for 12 months, delete long-expired answer links. Bounded per
 * run and idempotent (a second run the same day finds nothing to do).
 */
export const freshnessJob = defineJob<object>({
	name: 'atlas.freshness',
	schedule: '23 6 * * *',
	retryLimit: 2,
	retryDelay: 300,
	async handle() {
		await runFreshness();
	}
});
