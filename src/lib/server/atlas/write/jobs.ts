/**
 * Unverified submissions are personal data nobody confirmed (requirements
 * §2.5: unconfirmed requests 7 days): the drafts go, with their texts,
 * places and links (cascade), and long-expired links of the write side.
 */
import { SYSTEM } from '../../access/policy';
import { record } from '../../audit/service';
import { defineJob } from '../../core/jobs';
import { transaction } from '../../core/db';
import { log } from '../../core/log';
import { deleteOldTokens, deleteUnverifiedSubmissions } from './repository';
import { VERIFY_DAYS } from './submit';

/** Bounded work per run; the next run continues. */
export const PURGE_BATCH = 500;
const DAY_MS = 24 * 3600_000;

export async function purgeUnverifiedSubmissions(now = new Date()): Promise<{ entries: number; tokens: number }> {
	return transaction(async (tx, client) => {
		const deleted = await deleteUnverifiedSubmissions(client, new Date(now.getTime() - VERIFY_DAYS * DAY_MS), PURGE_BATCH);
		for (const d of deleted) {
			await record(SYSTEM, { action: 'atlas.submission.purge', entity: 'project', entityId: d.id, before: { slug: d.slug, status: 'draft' } }, tx);
		}
		const tokens = await deleteOldTokens(client, new Date(now.getTime() - 30 * DAY_MS));
		if (deleted.length || tokens) log.info({ entries: deleted.length, tokens }, 'purged unverified atlas submissions');
		return { entries: deleted.length, tokens };
	});
}

export const purgeSubmissionsJob = defineJob<object>({
	name: 'atlas.submissions.purge',
	schedule: '23 3 * * *',
	retryLimit: 2,
	async handle() {
		await purgeUnverifiedSubmissions();
	}
});
