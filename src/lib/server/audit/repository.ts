import { desc, lt } from 'drizzle-orm';
import type { Executor } from '../core/db';
import { auditLog } from './schema';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

export async function insertAudit(q: Executor, row: NewAuditRow): Promise<void> {
	await q.insert(auditLog).values(row);
}

export async function listAudit(q: Executor, opts: { before?: number; limit: number }): Promise<AuditRow[]> {
	const base = q.select().from(auditLog);
	const filtered = opts.before ? base.where(lt(auditLog.id, opts.before)) : base;
	return filtered.orderBy(desc(auditLog.id)).limit(opts.limit);
}
