/**
 * Owner edits to published entries go live at once (issue 3); staff look at
 * them afterwards in this review list: each unreviewed 'owner_edit' revision
 * with a field-by-field diff against the revision before it, and "mark as
 * reviewed". Corrections are made on the normal edit page.
 */
import type { ProjectStatus } from '../../../atlas/taxonomy';
import type { Region } from '../../accounts/schema';
import { requireAccess, type Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { dbPool, transaction } from '../../core/db';
import { diffSnapshots, type SnapshotChange } from './diff';
import { isUuid } from './forms';
import * as repo from './repository';
import { requireEntryAccess, scopeFor, type RegionFilter } from './scope';
import type { Paged } from './queue';

export const EDITS_PER_PAGE = 10;

export interface OwnerEdit {
	projectId: string;
	slug: string;
	title: string;
	/** Language of the entry's own texts (schedule notes are in it). */
	sourceLocale: string;
	status: ProjectStatus;
	regions: Region[];
	revision: number;
	at: string;
	author: string | null;
	previousRevision: number | null;
	/** null when no earlier revision was saved (nothing to compare with). */
	changes: SnapshotChange[] | null;
}

export async function listOwnerEdits(actor: Actor, opts: { region?: RegionFilter | null; page?: number } = {}): Promise<Paged<OwnerEdit>> {
	const scope = scopeFor(actor, opts.region);
	const page = Math.max(1, opts.page ?? 1);
	const q = dbPool();
	const [total, rows] = await Promise.all([
		repo.countOwnerEdits(q, scope),
		repo.listOwnerEdits(q, scope, { limit: EDITS_PER_PAGE, offset: (page - 1) * EDITS_PER_PAGE })
	]);
	return {
		items: rows.map((r) => ({
			projectId: r.project_id,
			slug: r.slug,
			title: r.title ?? r.slug,
			sourceLocale: r.snapshot.sourceLocale,
			status: r.status,
			regions: r.regions,
			revision: r.revision,
			at: r.at.toISOString(),
			author: r.author_email,
			previousRevision: r.prev_revision,
			changes: r.prev_snapshot ? diffSnapshots(r.prev_snapshot, r.snapshot) : null
		})),
		total,
		page,
		pages: Math.max(1, Math.ceil(total / EDITS_PER_PAGE)),
		scope
	};
}

export type ReviewedOutcome = { ok: true } | { ok: false; reason: 'not_found' | 'already_reviewed' };

/** Marks one owner edit as reviewed (who and when), with an audit entry. */
export async function markReviewed(
	actor: Actor,
	input: { projectId: string; revision: number; requestId?: string; now?: Date }
): Promise<ReviewedOutcome> {
	requireAccess(actor, 'moderation.write');
	if (!isUuid(input.projectId)) return { ok: false, reason: 'not_found' };
	const now = input.now ?? new Date();
	return transaction(async (tx, client): Promise<ReviewedOutcome> => {
		const entry = await repo.lockEntry(client, input.projectId);
		if (!entry) return { ok: false, reason: 'not_found' };
		requireEntryAccess(actor, 'moderation.write', entry.regions);
		const marked = await repo.markEditReviewed(client, { ...input, actorId: actor.kind === 'user' ? actor.id : null, now });
		if (!marked) return { ok: false, reason: 'already_reviewed' };
		await record(
			actor,
			{ action: 'atlas.owner_edit.reviewed', entity: 'project', entityId: entry.id, after: { revision: input.revision }, requestId: input.requestId },
			tx
		);
		return { ok: true };
	});
}
