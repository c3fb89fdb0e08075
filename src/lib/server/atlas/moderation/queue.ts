/**
 * The moderation queue and the review page of one entry: what staff see
 * before they decide. Every function checks access first; listings are
 * restricted to the actor's scope (scope.ts).
 */
import type { ProjectStatus } from '../../../atlas/taxonomy';
import type { Region } from '../../accounts/schema';
import type { Actor } from '../../access/policy';
import { dbPool } from '../../core/db';
import { findSimilarEntries, type DuplicateCandidate } from '../duplicates';
import { loadSnapshot, type ProjectSnapshot } from '../snapshot';
import { isUuid } from './forms';
import * as repo from './repository';
import { requireEntryAccess, scopeFor, type RegionFilter, type Scope } from './scope';

export const QUEUE_PER_PAGE = 20;

export interface QueueItem {
	id: string;
	slug: string;
	title: string;
	teaser: string;
	organisation: string | null;
	regions: Region[];
	statewide: boolean;
	demo: boolean;
	places: string[];
	owners: number;
	submittedAt: string;
}

export interface Paged<T> {
	items: T[];
	total: number;
	page: number;
	pages: number;
	scope: Scope;
}

export async function listQueue(actor: Actor, opts: { region?: RegionFilter | null; page?: number } = {}): Promise<Paged<QueueItem>> {
	const scope = scopeFor(actor, opts.region);
	const page = Math.max(1, opts.page ?? 1);
	const q = dbPool();
	const [total, rows] = await Promise.all([
		repo.countQueue(q, scope),
		repo.listQueue(q, scope, { limit: QUEUE_PER_PAGE, offset: (page - 1) * QUEUE_PER_PAGE })
	]);
	return {
		items: rows.map((r) => ({
			id: r.id,
			slug: r.slug,
			title: r.title ?? r.slug,
			teaser: r.teaser ?? '',
			organisation: r.organisation,
			regions: r.regions,
			statewide: r.statewide,
			demo: r.demo,
			places: r.places,
			owners: r.owners,
			submittedAt: r.submitted_at.toISOString()
		})),
		total,
		page,
		pages: Math.max(1, Math.ceil(total / QUEUE_PER_PAGE)),
		scope
	};
}

/** Open work in the actor's scope: entries waiting, owner edits to look at, ownership requests. */
export async function openWork(actor: Actor): Promise<{ queue: number; edits: number; requests: number; scope: Scope }> {
	const scope = scopeFor(actor);
	return { ...(await repo.countOpenWork(dbPool(), scope)), scope };
}

export interface ReviewOwner {
	email: string;
	displayName: string | null;
	via: string;
	addedAt: string;
}

/** Everything staff see on the review page, including the private contact fields and the owners' addresses. */
export interface ReviewEntry {
	id: string;
	slug: string;
	status: ProjectStatus;
	/** The revision the page shows; a decision states it (optimistic locking). */
	revision: number;
	regions: Region[];
	demo: boolean;
	title: string;
	createdAt: string;
	updatedAt: string;
	submittedAt: string | null;
	publishedAt: string | null;
	lastConfirmedAt: string | null;
	moderationNote: string | null;
	moderatedAt: string | null;
	moderatedBy: string | null;
	archivedAt: string | null;
	archivedReason: string | null;
	snapshot: ProjectSnapshot;
	owners: ReviewOwner[];
	duplicates: DuplicateCandidate[];
	pendingEdits: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The entry for the review page, or null if there is none; AccessDenied outside the actor's regions. */
export async function getEntryForReview(actor: Actor, id: string): Promise<ReviewEntry | null> {
	scopeFor(actor);
	if (!isUuid(id)) return null;
	const q = dbPool();
	const meta = await repo.findEntryMeta(q, id);
	if (!meta) return null;
	requireEntryAccess(actor, 'moderation.read', meta.regions);
	const current = await loadSnapshot(id, q);
	if (!current) return null;
	const { snapshot } = current;
	const source = snapshot.texts[snapshot.sourceLocale] ?? Object.values(snapshot.texts)[0];
	const title = source?.title ?? snapshot.slug;
	const [owners, duplicates, pendingEdits] = await Promise.all([
		repo.listOwners(q, id),
		findSimilarEntries({ title, points: snapshot.locations.map((l) => ({ lat: l.lat, lon: l.lon })), excludeId: id }, { limit: 5 }, q),
		repo.countPendingEditsOf(q, id)
	]);
	return {
		id: meta.id,
		slug: meta.slug,
		status: meta.status,
		revision: current.revision,
		regions: meta.regions,
		demo: meta.demo,
		title,
		createdAt: meta.created_at.toISOString(),
		updatedAt: meta.updated_at.toISOString(),
		submittedAt: iso(meta.submitted_at),
		publishedAt: iso(meta.published_at),
		lastConfirmedAt: iso(meta.last_confirmed_at),
		moderationNote: meta.moderation_note,
		moderatedAt: iso(meta.moderated_at),
		moderatedBy: meta.moderated_by_email,
		archivedAt: iso(meta.archived_at),
		archivedReason: meta.archived_reason,
		snapshot,
		owners: owners.map((o) => ({ email: o.email, displayName: o.display_name, via: o.via, addedAt: o.added_at.toISOString() })),
		duplicates,
		pendingEdits
	};
}
