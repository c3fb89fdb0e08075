import type { AuditRow } from './repository';

export interface AuditEntryView {
	id: number;
	at: string;
	actor: string;
	action: string;
	entity: string;
	entityId: string | null;
	before: string | null;
	after: string | null;
}

export function presentAuditEntry(row: AuditRow & { actorEmail?: string | null }): AuditEntryView {
	return {
		id: row.id,
		at: row.at.toISOString(),
		actor: row.actorEmail ?? row.actorLabel,
		action: row.action,
		entity: row.entity,
		entityId: row.entityId,
		before: row.before === null ? null : JSON.stringify(row.before, null, 1),
		after: row.after === null ? null : JSON.stringify(row.after, null, 1)
	};
}
