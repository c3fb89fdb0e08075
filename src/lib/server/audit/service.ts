/**
 * The audit log: every staff action is recorded with who, what, when and the
 * state before and after. Call record() inside the transaction of the change.
 */
import { db, type Executor } from '../core/db';
import { requireAccess, type Actor } from '../access/policy';
import { insertAudit, listAudit } from './repository';
import { presentAuditEntry, type AuditEntryView } from './presenter';

export interface AuditEvent {
	action: string;
	entity: string;
	entityId?: string | null;
	before?: unknown;
	after?: unknown;
	requestId?: string | null;
}

export async function record(actor: Actor, event: AuditEvent, q: Executor = db()): Promise<void> {
	await insertAudit(q, {
		actorId: actor.kind === 'user' ? actor.id : null,
		actorLabel: actor.kind === 'anonymous' ? 'anonymous' : actor.label,
		action: event.action,
		entity: event.entity,
		entityId: event.entityId ?? null,
		before: event.before ?? null,
		after: event.after ?? null,
		requestId: event.requestId ?? null
	});
}

export async function listEntries(
	actor: Actor,
	opts: { before?: number; limit?: number } = {}
): Promise<{ entries: AuditEntryView[]; next?: number }> {
	requireAccess(actor, 'audit.read');
	const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
	const rows = await listAudit(db(), { before: opts.before, limit: limit + 1 });
	const page = rows.slice(0, limit);
	return {
		entries: page.map(presentAuditEntry),
		next: rows.length > limit ? page[page.length - 1]?.id : undefined
	};
}
