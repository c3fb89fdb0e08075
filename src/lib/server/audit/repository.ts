import { desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../core/db';
import { users } from '../accounts/schema';
import { auditLog } from './schema';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

export async function insertAudit(q: Executor, row: NewAuditRow): Promise<void> {
	await q.insert(auditLog).values(row);
}

/** Entries, newest first; the actor's current address is joined for staff who read the log. */
export async function listAudit(
	q: Executor,
	opts: { before?: number; limit: number }
): Promise<(AuditRow & { actorEmail: string | null })[]> {
	const base = q
		.select({ entry: auditLog, actorEmail: users.email })
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId));
	const filtered = opts.before ? base.where(lt(auditLog.id, opts.before)) : base;
	const rows = await filtered.orderBy(desc(auditLog.id)).limit(opts.limit);
	return rows.map((r) => ({ ...r.entry, actorEmail: r.actorEmail }));
}
