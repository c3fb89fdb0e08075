/**
 * The weekly digest: one mail per active alert with the entries published
 * since its last digest, nothing when there is nothing new. Each alert is
 * done in its own transaction that queues the mail (outbox) and moves
 * last_digest_at forward together, so a retried or doubled job run never
 * mails the same entries twice and a crash loses no alert's window.
 */
import { SYSTEM } from '../../access/policy';
import { record } from '../../audit/service';
import { config } from '../../core/config';
import { db, transaction } from '../../core/db';
import { log } from '../../core/log';
import { queueMail } from '../../mail/service';
import { digestMail } from './alert-mails';
import { listUrl, unsubscribeHeaders, unsubscribeUrls } from './alerts';
import { entriesPublishedBetween } from './entries';
import { describeSearch, storedParams, wordsAsText } from './query';
import { dueAlertIds, lockDueAlert, setLastDigest } from './repository';

/** Entries listed in one mail; the rest are counted and one link away. */
export const DIGEST_MAX_ENTRIES = 20;
/**
 * The window ends a little before the job runs: an entry whose publishing
 * transaction started before the cut but committed after our search would
 * otherwise fall between two digests.
 */
export const SETTLE_MS = 5 * 60_000;

export async function runDigest(now = new Date()): Promise<{ alerts: number; mails: number }> {
	const cutoff = new Date(now.getTime() - SETTLE_MS);
	const ids = await dueAlertIds(db(), cutoff);
	let mails = 0;
	for (const id of ids) {
		if (await digestOne(id, cutoff)) mails++;
	}
	if (ids.length > 0) {
		// One entry per run, not per alert: the outbox already holds every mail.
		await record(SYSTEM, { action: 'atlas.alert.digest', entity: 'atlas_alert', after: { alerts: ids.length, mails, until: cutoff.toISOString() } });
		log.info({ alerts: ids.length, mails }, 'atlas alert digest');
	}
	return { alerts: ids.length, mails };
}

async function digestOne(id: string, cutoff: Date): Promise<boolean> {
	return transaction(async (tx, client) => {
		const alert = await lockDueAlert(tx, id, cutoff);
		if (!alert) return false;
		const since = alert.lastDigestAt ?? alert.confirmedAt ?? alert.createdAt;
		const params = storedParams(alert.query);
		const found = await entriesPublishedBetween(params, alert.locale, since, cutoff, DIGEST_MAX_ENTRIES);
		if (found.total > 0) {
			const origin = config().origin;
			const mail = digestMail(alert.locale, {
				search: wordsAsText(await describeSearch(params, alert.locale), alert.locale),
				since,
				total: found.total,
				entries: found.entries.map((e) => ({
					title: e.title,
					url: `${origin}/${alert.locale}/atlas/${e.slug}`,
					detail: [e.organisation, e.place].filter(Boolean).join(', ') || undefined
				})),
				listUrl: listUrl(`${alert.query}${alert.query ? '&' : ''}sort=newest`, alert.locale),
				unsubscribeUrl: unsubscribeUrls(alert.id, alert.locale).page
			});
			await queueMail(
				{ ...mail, to: alert.email, locale: alert.locale, template: 'atlas.alert.digest', headers: unsubscribeHeaders(alert.id, alert.locale) },
				{ tx, client }
			);
		}
		await setLastDigest(tx, alert.id, cutoff);
		return found.total > 0;
	});
}
