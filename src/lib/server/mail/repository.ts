import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../core/db';
import { mailOutbox, type MailStatus } from './schema';

export type OutboxRow = typeof mailOutbox.$inferSelect;
export type NewOutboxRow = typeof mailOutbox.$inferInsert;

export async function insertOutbox(q: Executor, row: NewOutboxRow): Promise<OutboxRow> {
	const rows = await q.insert(mailOutbox).values(row).returning();
	return rows[0]!;
}

/**
 * Claims a queued row for sending: only one worker can move it from 'queued'
 * to 'sending'. Returns undefined when it was already claimed or sent.
 */
export async function claimForSending(q: Executor, id: string, now: Date): Promise<OutboxRow | undefined> {
	const rows = await q
		.update(mailOutbox)
		.set({ status: 'sending', sendingAt: now, attempts: sql`${mailOutbox.attempts} + 1` })
		.where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'queued')))
		.returning();
	return rows[0];
}

export async function markSent(q: Executor, id: string, transport: string, now: Date): Promise<void> {
	await q.update(mailOutbox).set({ status: 'sent', sentAt: now, transport, lastError: null }).where(eq(mailOutbox.id, id));
}

/** After a failure that certainly did not deliver (e.g. connection refused): back to the queue. */
export async function markRetryable(q: Executor, id: string, error: string, final: boolean): Promise<void> {
	await q
		.update(mailOutbox)
		.set({ status: final ? 'failed' : 'queued', lastError: error.slice(0, 500) })
		.where(eq(mailOutbox.id, id));
}

/** Rows stuck in 'sending' (the process died mid-send) are not resent: they become 'uncertain'. */
export async function markStuckUncertain(q: Executor, olderThan: Date): Promise<number> {
	const rows = await q
		.update(mailOutbox)
		.set({ status: 'uncertain' as MailStatus })
		.where(and(eq(mailOutbox.status, 'sending'), lt(mailOutbox.sendingAt, olderThan)))
		.returning({ id: mailOutbox.id });
	return rows.length;
}

export async function findOutbox(q: Executor, id: string): Promise<OutboxRow | undefined> {
	const rows = await q.select().from(mailOutbox).where(eq(mailOutbox.id, id)).limit(1);
	return rows[0];
}

export async function listOutbox(q: Executor, limit: number): Promise<OutboxRow[]> {
	return q.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt)).limit(limit);
}

/** Retention: finished rows (sent, failed, uncertain) older than the cutoff are deleted with their content. */
export async function purgeFinished(q: Executor, olderThan: Date): Promise<number> {
	const rows = await q
		.delete(mailOutbox)
		.where(and(inArray(mailOutbox.status, ['sent', 'failed', 'uncertain']), lt(mailOutbox.createdAt, olderThan)))
		.returning({ id: mailOutbox.id });
	return rows.length;
}
