/**
 * Staff decisions on an entry: approve, reject (with a reason), ask for
 * changes (with a note), archive and re-publish. One transaction each: the
 * row is locked, the revision the decision was based on must still be the
 * current one (optimistic locking), the new state is saved as a revision of
 * kind 'status', the decision goes into the audit log and the owners' mails
 * into the outbox — all or nothing.
 */
import type { ProjectStatus } from '../../../atlas/taxonomy';
import { requireAccess, type Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { config } from '../../core/config';
import { transaction } from '../../core/db';
import { queueMail } from '../../mail/service';
import { baseLocale, isLocale } from '../../../paraglide/runtime';
import { isOwner, saveRevision } from '../snapshot';
import type { Db } from '../../core/db';
import type pg from 'pg';
import { isUuid } from './forms';
import { moderationMail, type ModerationMailKind } from './mails';
import * as repo from './repository';
import type { Transition } from './repository';
import { requireEntryAccess } from './scope';

export const TRANSITIONS: Record<Transition, { from: readonly ProjectStatus[]; to: ProjectStatus; note: boolean; mail: ModerationMailKind | null }> = {
	approve: { from: ['submitted'], to: 'published', note: false, mail: 'approved' },
	reject: { from: ['submitted'], to: 'rejected', note: true, mail: 'rejected' },
	request_changes: { from: ['submitted'], to: 'draft', note: true, mail: 'changes' },
	// Archiving and re-publishing are staff housekeeping; owners see the state in "my entries".
	archive: { from: ['published'], to: 'archived', note: false, mail: null },
	republish: { from: ['archived'], to: 'published', note: false, mail: null }
};

/** The decisions that make an entry public; nobody may take them on an entry they own (four eyes, S-06). */
const PUBLISHING: readonly Transition[] = ['approve', 'republish'];

/** Which decisions the entry's current status allows. */
export function allowedTransitions(status: ProjectStatus): Transition[] {
	return (Object.keys(TRANSITIONS) as Transition[]).filter((t) => TRANSITIONS[t].from.includes(status));
}

export interface DecisionInput {
	projectId: string;
	transition: Transition;
	/** The revision the staff member saw when deciding. */
	revision: number;
	/** Reason (reject) or requested changes (request_changes). */
	note?: string | null;
	requestId?: string;
	now?: Date;
}

export type DecisionOutcome =
	| { ok: true; status: ProjectStatus; revision: number; mailed: number }
	| { ok: false; reason: 'not_found' | 'stale' | 'wrong_status' | 'own_entry' | 'note_required' };

export async function decide(actor: Actor, input: DecisionInput): Promise<DecisionOutcome> {
	requireAccess(actor, 'moderation.write');
	if (!isUuid(input.projectId)) return { ok: false, reason: 'not_found' };
	const rule = TRANSITIONS[input.transition];
	const note = input.note?.trim() || null;
	if (rule.note && !note) return { ok: false, reason: 'note_required' };
	const now = input.now ?? new Date();
	const actorId = actor.kind === 'user' ? actor.id : null;

	return transaction(async (tx, client): Promise<DecisionOutcome> => {
		const entry = await repo.lockEntry(client, input.projectId);
		if (!entry) return { ok: false, reason: 'not_found' };
		requireEntryAccess(actor, 'moderation.write', entry.regions);
		if (entry.revision !== input.revision) return { ok: false, reason: 'stale' };
		if (!rule.from.includes(entry.status)) return { ok: false, reason: 'wrong_status' };
		if (PUBLISHING.includes(input.transition) && (await isOwner(actor, entry.id, client))) return { ok: false, reason: 'own_entry' };

		await repo.applyTransition(client, { id: entry.id, transition: input.transition, now, actorId, note: rule.note ? note : null });
		const revision = await saveRevision(client, entry.id, 'status', actorId);
		await record(
			actor,
			{
				action: `atlas.${input.transition}`,
				entity: 'project',
				entityId: entry.id,
				before: { status: entry.status, revision: entry.revision },
				after: { status: rule.to, revision, ...(rule.note ? { note } : {}) },
				requestId: input.requestId
			},
			tx
		);
		const mailed = rule.mail ? await mailOwners(tx, client, { projectId: entry.id, slug: entry.slug, kind: rule.mail, note }) : 0;
		return { ok: true, status: rule.to, revision, mailed };
	});
}

/** One mail per owner, each in the owner's language; returns how many were queued. */
async function mailOwners(
	tx: Db,
	client: pg.PoolClient,
	input: { projectId: string; slug: string; kind: ModerationMailKind; note: string | null }
): Promise<number> {
	const owners = await repo.listOwners(client, input.projectId);
	if (owners.length === 0) return 0;
	const titles = await repo.titlesOf(client, input.projectId);
	for (const owner of owners) {
		const locale = isLocale(owner.locale) ? owner.locale : baseLocale;
		const path = input.kind === 'approved' ? `/${locale}/atlas/${input.slug}` : `/${locale}/atlas/${input.slug}/bearbeiten`;
		const mail = moderationMail(input.kind, {
			locale,
			title: titles.byLocale[locale] ?? titles.source,
			url: `${config().origin}${path}`,
			note: input.note ?? undefined
		});
		await queueMail({ ...mail, to: owner.email, locale, template: `atlas.moderation.${input.kind}` }, { tx, client });
	}
	return owners.length;
}
