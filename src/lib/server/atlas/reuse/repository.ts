/** SQL of saved searches: alerts (with their confirmation tokens) and embeds. */
import { and, asc, desc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { dbPool, type Executor } from '../../core/db';
import { atlasAlerts, atlasEmbeds, atlasTokens } from '../schema';

export type AlertRow = typeof atlasAlerts.$inferSelect;
export type EmbedRow = typeof atlasEmbeds.$inferSelect;
export type TokenRow = typeof atlasTokens.$inferSelect;

export async function insertAlert(q: Executor, row: typeof atlasAlerts.$inferInsert): Promise<AlertRow> {
	const rows = await q.insert(atlasAlerts).values(row).returning();
	return rows[0]!;
}

export async function insertToken(q: Executor, row: typeof atlasTokens.$inferInsert): Promise<void> {
	await q.insert(atlasTokens).values(row);
}

export async function findToken(q: Executor, tokenHash: string, lock = false): Promise<TokenRow | undefined> {
	const query = q
		.select()
		.from(atlasTokens)
		.where(and(eq(atlasTokens.tokenHash, tokenHash), eq(atlasTokens.purpose, 'alert_confirm')));
	const rows = lock ? await query.for('update') : await query;
	return rows[0];
}

export async function markTokenUsed(q: Executor, tokenHash: string, now: Date): Promise<void> {
	await q.update(atlasTokens).set({ usedAt: now }).where(eq(atlasTokens.tokenHash, tokenHash));
}

export async function findAlert(q: Executor, id: string, lock = false): Promise<AlertRow | undefined> {
	const query = q.select().from(atlasAlerts).where(eq(atlasAlerts.id, id));
	const rows = lock ? await query.for('update') : await query;
	return rows[0];
}

/** An active alert of the same address for the same search, if there is one. */
export async function findActiveTwin(q: Executor, alert: AlertRow): Promise<AlertRow | undefined> {
	const rows = await q
		.select()
		.from(atlasAlerts)
		.where(and(eq(atlasAlerts.email, alert.email), eq(atlasAlerts.query, alert.query), eq(atlasAlerts.status, 'active')))
		.limit(1);
	return rows[0];
}

export async function activateAlert(q: Executor, id: string, now: Date): Promise<void> {
	await q.update(atlasAlerts).set({ status: 'active', confirmedAt: now, lastDigestAt: now }).where(eq(atlasAlerts.id, id));
}

export async function deleteAlert(q: Executor, id: string): Promise<void> {
	await q.delete(atlasAlerts).where(eq(atlasAlerts.id, id));
}

/**
 * Withdrawal: the address gives way to its keyed hash at once; what remains
 * is the proof record (consent version, times) without a readable address.
 */
export async function markUnsubscribed(q: Executor, id: string, pseudonym: string, now: Date): Promise<AlertRow | undefined> {
	const rows = await q
		.update(atlasAlerts)
		.set({ status: 'unsubscribed', unsubscribedAt: now, email: pseudonym })
		.where(and(eq(atlasAlerts.id, id), inArray(atlasAlerts.status, ['pending', 'active'])))
		.returning();
	return rows[0];
}

/** Active alerts whose last digest lies before `cutoff`, oldest first. */
export async function dueAlertIds(q: Executor, cutoff: Date): Promise<string[]> {
	const rows = await q
		.select({ id: atlasAlerts.id })
		.from(atlasAlerts)
		.where(and(eq(atlasAlerts.status, 'active'), or(isNull(atlasAlerts.lastDigestAt), lt(atlasAlerts.lastDigestAt, cutoff))))
		.orderBy(asc(atlasAlerts.lastDigestAt));
	return rows.map((r) => r.id);
}

/** Locks one due alert; another worker holding it makes this return nothing rather than wait. */
export async function lockDueAlert(q: Executor, id: string, cutoff: Date): Promise<AlertRow | undefined> {
	const rows = await q
		.select()
		.from(atlasAlerts)
		.where(and(eq(atlasAlerts.id, id), eq(atlasAlerts.status, 'active'), or(isNull(atlasAlerts.lastDigestAt), lt(atlasAlerts.lastDigestAt, cutoff))))
		.for('update', { skipLocked: true });
	return rows[0];
}

export async function setLastDigest(q: Executor, id: string, at: Date): Promise<void> {
	await q.update(atlasAlerts).set({ lastDigestAt: at }).where(eq(atlasAlerts.id, id));
}

/** Of the given entries, those published in (since, until], newest first. */
export async function publishedBetween(ids: string[], since: Date, until: Date): Promise<{ id: string; publishedAt: Date }[]> {
	if (ids.length === 0) return [];
	const res = await dbPool().query<{ id: string; published_at: Date }>(
		`select id, published_at from projects
		where id = any($1::uuid[]) and status = 'published' and published_at > $2 and published_at <= $3
		order by published_at desc, id`,
		[ids, since, until]
	);
	return res.rows.map((r) => ({ id: r.id, publishedAt: r.published_at }));
}

export interface PurgeCounts {
	pending: number;
	tokens: number;
	withdrawn: number;
}

/**
 * Unconfirmed alerts older than `pendingBefore`, confirmation tokens past
 * their expiry, and proof records of withdrawals older than `proofBefore`.
 */
export async function purgeAlerts(q: Executor, now: Date, pendingBefore: Date, proofBefore: Date): Promise<PurgeCounts> {
	const pending = await q
		.delete(atlasAlerts)
		.where(and(eq(atlasAlerts.status, 'pending'), lt(atlasAlerts.createdAt, pendingBefore)))
		.returning({ id: atlasAlerts.id });
	const tokens = await q
		.delete(atlasTokens)
		.where(and(eq(atlasTokens.purpose, 'alert_confirm'), lt(atlasTokens.expiresAt, now)))
		.returning({ h: atlasTokens.tokenHash });
	const withdrawn = await q
		.delete(atlasAlerts)
		.where(and(eq(atlasAlerts.status, 'unsubscribed'), lt(atlasAlerts.unsubscribedAt, proofBefore)))
		.returning({ id: atlasAlerts.id });
	return { pending: pending.length, tokens: tokens.length, withdrawn: withdrawn.length };
}

export async function insertEmbed(q: Executor, row: typeof atlasEmbeds.$inferInsert): Promise<EmbedRow> {
	const rows = await q.insert(atlasEmbeds).values(row).returning();
	return rows[0]!;
}

export async function listEmbeds(q: Executor): Promise<EmbedRow[]> {
	return q.select().from(atlasEmbeds).orderBy(desc(atlasEmbeds.active), desc(atlasEmbeds.createdAt));
}

export async function findEmbed(q: Executor, id: string): Promise<EmbedRow | undefined> {
	const rows = await q.select().from(atlasEmbeds).where(eq(atlasEmbeds.id, id));
	return rows[0];
}

export async function setEmbedActive(q: Executor, id: string, active: boolean): Promise<EmbedRow | undefined> {
	const rows = await q.update(atlasEmbeds).set({ active }).where(eq(atlasEmbeds.id, id)).returning();
	return rows[0];
}
