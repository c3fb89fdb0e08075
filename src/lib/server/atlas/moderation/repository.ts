/**
 * All SQL of atlas moderation. Functions take a Queryable: the pool, or a
 * transaction's client. Listings are restricted by scopeSql() (see scope.ts).
 */
import type { ProjectStatus } from '../../../atlas/taxonomy';
import type { Region } from '../../accounts/schema';
import type { ProjectSnapshot, Queryable } from '../snapshot';
import { scopeParams, scopeSql, type Scope } from './scope';

export interface QueueRow {
	id: string;
	slug: string;
	title: string | null;
	teaser: string | null;
	organisation: string | null;
	regions: Region[];
	statewide: boolean;
	demo: boolean;
	places: string[];
	owners: number;
	submitted_at: Date;
}

export async function countQueue(q: Queryable, scope: Scope): Promise<number> {
	const res = await q.query<{ n: number }>(
		`select count(*)::int as n from projects p where p.status = 'submitted' and ${scopeSql('p', 1, 2)}`,
		scopeParams(scope)
	);
	return res.rows[0]?.n ?? 0;
}

/** Submitted entries, oldest submission first (first come, first served). */
export async function listQueue(q: Queryable, scope: Scope, page: { limit: number; offset: number }): Promise<QueueRow[]> {
	const res = await q.query<QueueRow>(
		`select p.id, p.slug, st.title, st.teaser, p.organisation, p.regions, p.statewide, p.demo,
			coalesce((select array_agg(distinct l.place_name order by l.place_name) from project_locations l where l.project_id = p.id), '{}') as places,
			(select count(*)::int from project_owners o where o.project_id = p.id) as owners,
			coalesce(p.submitted_at, p.created_at) as submitted_at
		from projects p
		left join project_texts st on st.project_id = p.id and st.locale = p.source_locale
		where p.status = 'submitted' and ${scopeSql('p', 1, 2)}
		order by coalesce(p.submitted_at, p.created_at), p.id
		limit $3 offset $4`,
		[...scopeParams(scope), page.limit, page.offset]
	);
	return res.rows;
}

/** The three numbers of the staff hub, in one round trip. */
export async function countOpenWork(q: Queryable, scope: Scope): Promise<{ queue: number; edits: number; requests: number }> {
	const where = scopeSql('p', 1, 2);
	const res = await q.query<{ queue: number; edits: number; requests: number }>(
		`select
			(select count(*)::int from projects p where p.status = 'submitted' and ${where}) as queue,
			(select count(*)::int from project_revisions r join projects p on p.id = r.project_id
				where r.kind = 'owner_edit' and r.reviewed_at is null and ${where}) as edits,
			(select count(*)::int from ownership_requests o join projects p on p.id = o.project_id
				where o.status = 'pending' and ${where}) as requests`,
		scopeParams(scope)
	);
	return res.rows[0] ?? { queue: 0, edits: 0, requests: 0 };
}

export interface EntryMetaRow {
	id: string;
	slug: string;
	status: ProjectStatus;
	revision: number;
	regions: Region[];
	demo: boolean;
	source_locale: string;
	created_at: Date;
	updated_at: Date;
	submitted_at: Date | null;
	published_at: Date | null;
	last_confirmed_at: Date | null;
	moderation_note: string | null;
	moderated_at: Date | null;
	moderated_by_email: string | null;
	archived_at: Date | null;
	archived_reason: string | null;
}

export async function findEntryMeta(q: Queryable, id: string): Promise<EntryMetaRow | undefined> {
	const res = await q.query<EntryMetaRow>(
		`select p.id, p.slug, p.status, p.revision, p.regions, p.demo, p.source_locale, p.created_at, p.updated_at, p.submitted_at,
			p.published_at, p.last_confirmed_at, p.moderation_note, p.moderated_at, mu.email as moderated_by_email,
			p.archived_at, p.archived_reason
		from projects p left join users mu on mu.id = p.moderated_by
		where p.id = $1`,
		[id]
	);
	return res.rows[0];
}

export interface OwnerRow {
	user_id: string;
	email: string;
	display_name: string | null;
	locale: string;
	via: string;
	added_at: Date;
}

export async function listOwners(q: Queryable, projectId: string): Promise<OwnerRow[]> {
	const res = await q.query<OwnerRow>(
		`select u.id as user_id, u.email, u.display_name, u.locale, o.via, o.added_at
		from project_owners o join users u on u.id = o.user_id
		where o.project_id = $1 and u.disabled_at is null
		order by o.added_at, u.email`,
		[projectId]
	);
	return res.rows;
}

export async function countPendingEditsOf(q: Queryable, projectId: string): Promise<number> {
	const res = await q.query<{ n: number }>(
		`select count(*)::int as n from project_revisions where project_id = $1 and kind = 'owner_edit' and reviewed_at is null`,
		[projectId]
	);
	return res.rows[0]?.n ?? 0;
}

export interface LockedEntry {
	id: string;
	slug: string;
	status: ProjectStatus;
	revision: number;
	regions: Region[];
}

/** Reads the entry and locks its row until the transaction ends, so two decisions cannot interleave. */
export async function lockEntry(q: Queryable, id: string): Promise<LockedEntry | undefined> {
	const res = await q.query<LockedEntry>('select id, slug, status, revision, regions from projects where id = $1 for update', [id]);
	return res.rows[0];
}

export type Transition = 'approve' | 'reject' | 'request_changes' | 'archive' | 'republish';

/**
 * The column changes of each decision. Every decision bumps the revision
 * (optimistic locking) and records who decided when.
 */
const SET: Record<Transition, string> = {
	approve: `status = 'published', published_at = coalesce(published_at, $2), last_confirmed_at = $2, moderation_note = $4::text,
		archived_at = null, archived_reason = null`,
	reject: `status = 'rejected', moderation_note = $4::text`,
	request_changes: `status = 'draft', moderation_note = $4::text`,
	archive: `status = 'archived', archived_at = $2, archived_reason = 'staff', moderation_note = coalesce($4::text, moderation_note)`,
	// Staff looked at it again, which counts as a confirmation (else the freshness job would archive it again at once).
	republish: `status = 'published', published_at = coalesce(published_at, $2), last_confirmed_at = $2, archived_at = null,
		archived_reason = null, moderation_note = $4::text`
};

/** Applies a decision; `note` is the reason or requested changes (null clears the last one, except when archiving). */
export async function applyTransition(
	q: Queryable,
	input: { id: string; transition: Transition; now: Date; actorId: string | null; note: string | null }
): Promise<number> {
	const res = await q.query<{ revision: number }>(
		`update projects set ${SET[input.transition]}, moderated_at = $2, moderated_by = $3, revision = revision + 1, updated_at = $2
		where id = $1 returning revision`,
		[input.id, input.now, input.actorId, input.note]
	);
	const row = res.rows[0];
	if (!row) throw new Error(`atlas entry ${input.id} vanished inside its own transaction`);
	return row.revision;
}

export interface OwnerEditRow {
	project_id: string;
	revision: number;
	at: Date;
	snapshot: ProjectSnapshot;
	author_email: string | null;
	author_name: string | null;
	slug: string;
	status: ProjectStatus;
	regions: Region[];
	title: string | null;
	prev_revision: number | null;
	prev_snapshot: ProjectSnapshot | null;
}

const OWNER_EDITS_WHERE = `r.kind = 'owner_edit' and r.reviewed_at is null`;

export async function countOwnerEdits(q: Queryable, scope: Scope): Promise<number> {
	const res = await q.query<{ n: number }>(
		`select count(*)::int as n from project_revisions r join projects p on p.id = r.project_id
		where ${OWNER_EDITS_WHERE} and ${scopeSql('p', 1, 2)}`,
		scopeParams(scope)
	);
	return res.rows[0]?.n ?? 0;
}

/** Owner edits not yet looked at, oldest first, each with the revision before it. */
export async function listOwnerEdits(q: Queryable, scope: Scope, page: { limit: number; offset: number }): Promise<OwnerEditRow[]> {
	const res = await q.query<OwnerEditRow>(
		`select r.project_id, r.revision, r.at, r.snapshot, u.email as author_email, u.display_name as author_name,
			p.slug, p.status, p.regions, st.title, prev.revision as prev_revision, prev.snapshot as prev_snapshot
		from project_revisions r
		join projects p on p.id = r.project_id
		left join users u on u.id = r.author_id
		left join project_texts st on st.project_id = p.id and st.locale = p.source_locale
		left join lateral (
			select pr.revision, pr.snapshot from project_revisions pr
			where pr.project_id = r.project_id and pr.revision < r.revision
			order by pr.revision desc limit 1
		) prev on true
		where ${OWNER_EDITS_WHERE} and ${scopeSql('p', 1, 2)}
		order by r.at, r.project_id, r.revision
		limit $3 offset $4`,
		[...scopeParams(scope), page.limit, page.offset]
	);
	return res.rows;
}

/** Marks one owner edit as looked at; false when there is no such unreviewed edit (already marked, or none). */
export async function markEditReviewed(q: Queryable, input: { projectId: string; revision: number; actorId: string | null; now: Date }): Promise<boolean> {
	const res = await q.query(
		`update project_revisions set reviewed_at = $3, reviewed_by = $4
		where project_id = $1 and revision = $2 and kind = 'owner_edit' and reviewed_at is null`,
		[input.projectId, input.revision, input.now, input.actorId]
	);
	return (res.rowCount ?? 0) > 0;
}

export interface OwnershipRequestRow {
	id: string;
	project_id: string;
	user_id: string;
	message: string;
	status: 'pending' | 'approved' | 'declined';
	created_at: Date;
	decided_at: Date | null;
	decided_by_email: string | null;
	requester_email: string;
	requester_name: string | null;
	requester_locale: string;
	slug: string;
	project_status: ProjectStatus;
	regions: Region[];
	title: string | null;
	owner_count: number;
	already_owner: boolean;
}

/** Decided requests stay visible this long, so staff can see what colleagues decided. */
export const DECIDED_VISIBLE_DAYS = 90;

const REQUESTS_FROM = `from ownership_requests o
	join projects p on p.id = o.project_id
	join users u on u.id = o.user_id
	left join users du on du.id = o.decided_by
	left join project_texts st on st.project_id = p.id and st.locale = p.source_locale`;

const REQUESTS_VISIBLE = `(o.status = 'pending' or o.decided_at > now() - interval '${DECIDED_VISIBLE_DAYS} days')`;

export async function countOwnershipRequests(q: Queryable, scope: Scope): Promise<number> {
	const res = await q.query<{ n: number }>(
		`select count(*)::int as n from ownership_requests o join projects p on p.id = o.project_id
		where ${REQUESTS_VISIBLE} and ${scopeSql('p', 1, 2)}`,
		scopeParams(scope)
	);
	return res.rows[0]?.n ?? 0;
}

/** Pending requests first (oldest first), then recently decided ones (newest decision first). */
export async function listOwnershipRequests(q: Queryable, scope: Scope, page: { limit: number; offset: number }): Promise<OwnershipRequestRow[]> {
	const res = await q.query<OwnershipRequestRow>(
		`select o.id, o.project_id, o.user_id, o.message, o.status, o.created_at, o.decided_at, du.email as decided_by_email,
			u.email as requester_email, u.display_name as requester_name, u.locale as requester_locale,
			p.slug, p.status as project_status, p.regions, st.title,
			(select count(*)::int from project_owners po where po.project_id = p.id) as owner_count,
			exists (select 1 from project_owners po where po.project_id = p.id and po.user_id = o.user_id) as already_owner
		${REQUESTS_FROM}
		where ${REQUESTS_VISIBLE} and ${scopeSql('p', 1, 2)}
		order by (o.status <> 'pending'), case when o.status = 'pending' then o.created_at end asc, o.decided_at desc, o.id
		limit $3 offset $4`,
		[...scopeParams(scope), page.limit, page.offset]
	);
	return res.rows;
}

/** One request with what a decision needs, its row locked until the transaction ends. */
export async function lockOwnershipRequest(q: Queryable, id: string): Promise<OwnershipRequestRow | undefined> {
	const res = await q.query<OwnershipRequestRow>(
		`select o.id, o.project_id, o.user_id, o.message, o.status, o.created_at, o.decided_at, du.email as decided_by_email,
			u.email as requester_email, u.display_name as requester_name, u.locale as requester_locale,
			p.slug, p.status as project_status, p.regions, st.title,
			(select count(*)::int from project_owners po where po.project_id = p.id) as owner_count,
			exists (select 1 from project_owners po where po.project_id = p.id and po.user_id = o.user_id) as already_owner
		${REQUESTS_FROM}
		where o.id = $1
		for update of o`,
		[id]
	);
	return res.rows[0];
}

export async function decideOwnershipRequest(
	q: Queryable,
	input: { id: string; status: 'approved' | 'declined'; actorId: string | null; now: Date }
): Promise<void> {
	await q.query(`update ownership_requests set status = $2, decided_at = $3, decided_by = $4 where id = $1`, [
		input.id,
		input.status,
		input.now,
		input.actorId
	]);
}

/** Adds an owner; an existing ownership (e.g. meanwhile invited) is kept as it is. */
export async function addOwner(q: Queryable, input: { projectId: string; userId: string; via: string; now: Date }): Promise<boolean> {
	const res = await q.query(
		`insert into project_owners (project_id, user_id, added_at, via) values ($1, $2, $3, $4) on conflict do nothing`,
		[input.projectId, input.userId, input.now, input.via]
	);
	return (res.rowCount ?? 0) > 0;
}

/** Texts of an entry per locale (for mails in the owner's language). */
export async function titlesOf(q: Queryable, projectId: string): Promise<{ source: string; byLocale: Record<string, string> }> {
	const res = await q.query<{ locale: string; title: string; is_source: boolean }>(
		`select t.locale, t.title, t.locale = p.source_locale as is_source
		from project_texts t join projects p on p.id = t.project_id where t.project_id = $1`,
		[projectId]
	);
	const byLocale: Record<string, string> = {};
	let source = '';
	for (const r of res.rows) {
		byLocale[r.locale] = r.title;
		if (r.is_source) source = r.title;
	}
	return { source: source || Object.values(byLocale)[0] || '', byLocale };
}
