/**
 * SQL of the freshness cycle. Every function takes a Queryable: the pool, or
 * the client of the transaction it belongs to.
 */
import type { Region } from '../../accounts/schema';
import type { Queryable } from '../snapshot';

/** Published entries' last confirmation; entries never confirmed count from their publication. */
const BASIS = 'coalesce(p.last_confirmed_at, p.published_at)';
/** Owners who can still receive mail (disabled accounts cannot answer). */
const ACTIVE_OWNERS = `select 1 from project_owners o join users u on u.id = o.user_id where o.project_id = p.id and u.disabled_at is null`;
/** The question of the current cycle went out and nobody confirmed since. */
const MAILED_THIS_CYCLE = `p.freshness_mailed_at is not null and p.freshness_mailed_at >= ${BASIS}`;

/** Entries to ask now: stale, with owners, not yet asked in this cycle (oldest first). */
export async function dueForQuestion(q: Queryable, cutoff: Date, limit: number): Promise<string[]> {
	const res = await q.query<{ id: string }>(
		`select p.id from projects p
		where p.status = 'published' and ${BASIS} < $1
			and (p.freshness_mailed_at is null or p.freshness_mailed_at < ${BASIS})
			and exists (${ACTIVE_OWNERS})
		order by ${BASIS}, p.id
		limit $2`,
		[cutoff, limit]
	);
	return res.rows.map((r) => r.id);
}

/** Locks one entry for asking if it is still due (another run may have taken it meanwhile). */
export async function lockIfDueForQuestion(q: Queryable, id: string, cutoff: Date): Promise<boolean> {
	const res = await q.query(
		`select p.id from projects p
		where p.id = $1 and p.status = 'published' and ${BASIS} < $2
			and (p.freshness_mailed_at is null or p.freshness_mailed_at < ${BASIS})
		for update of p skip locked`,
		[id, cutoff]
	);
	return (res.rowCount ?? 0) > 0;
}

/**
 * Entries to archive: unconfirmed since `cutoff`; with owners only once the
 * question of this cycle went out and its links have expired (`answeredBy`),
 * so owners always had the full time to answer.
 */
const ARCHIVE_CONDITION = `p.status = 'published' and ${BASIS} < $1
	and (not exists (${ACTIVE_OWNERS}) or (${MAILED_THIS_CYCLE} and p.freshness_mailed_at <= $2))`;

export async function dueForArchive(q: Queryable, cutoff: Date, answeredBy: Date, limit: number): Promise<string[]> {
	const res = await q.query<{ id: string }>(
		`select p.id from projects p where ${ARCHIVE_CONDITION} order by ${BASIS}, p.id limit $3`,
		[cutoff, answeredBy, limit]
	);
	return res.rows.map((r) => r.id);
}

export async function lockIfDueForArchive(q: Queryable, id: string, cutoff: Date, answeredBy: Date): Promise<boolean> {
	const res = await q.query(`select p.id from projects p where p.id = $3 and ${ARCHIVE_CONDITION} for update of p skip locked`, [
		cutoff,
		answeredBy,
		id
	]);
	return (res.rowCount ?? 0) > 0;
}

export interface OwnerRow {
	user_id: string;
	email: string;
	locale: string;
}

export async function activeOwners(q: Queryable, projectId: string): Promise<OwnerRow[]> {
	const res = await q.query<OwnerRow>(
		`select u.id as user_id, u.email, u.locale from project_owners o join users u on u.id = o.user_id
		where o.project_id = $1 and u.disabled_at is null order by o.added_at, u.id`,
		[projectId]
	);
	return res.rows;
}

export interface EntryRow {
	id: string;
	slug: string;
	status: string;
	title: string;
	title_locale: string;
	organisation: string | null;
	places: string[];
	regions: Region[];
	last_confirmed_at: Date | null;
	published_at: Date | null;
	freshness_mailed_at: Date | null;
	archived_at: Date | null;
	archived_reason: string | null;
	revision: number;
}

/** One entry with its title in `locale` (or its source language) and its place names. */
export async function entryById(q: Queryable, id: string, locale: string, lock = false): Promise<EntryRow | null> {
	const res = await q.query<EntryRow>(
		`select p.id, p.slug, p.status, coalesce(t.title, s.title, p.slug) as title, coalesce(t.locale, s.locale, p.source_locale) as title_locale,
			p.organisation, p.regions, p.last_confirmed_at, p.published_at, p.freshness_mailed_at, p.archived_at, p.archived_reason, p.revision,
			coalesce((select array_agg(distinct l.place_name) from project_locations l where l.project_id = p.id), '{}') as places
		from projects p
		left join project_texts s on s.project_id = p.id and s.locale = p.source_locale
		left join project_texts t on t.project_id = p.id and t.locale = $2
		where p.id = $1${lock ? ' for update of p' : ''}`,
		[id, locale]
	);
	return res.rows[0] ?? null;
}

export async function projectIdBySlug(q: Queryable, slug: string): Promise<string | null> {
	const res = await q.query<{ id: string }>('select id from projects where slug = $1', [slug]);
	return res.rows[0]?.id ?? null;
}

export async function insertFreshnessToken(
	q: Queryable,
	row: { tokenHash: string; projectId: string; email: string; locale: string; userId: string; expiresAt: Date; now: Date }
): Promise<void> {
	await q.query(
		`insert into atlas_tokens (token_hash, purpose, project_id, email, locale, payload, created_at, expires_at)
		values ($1, 'freshness', $2, $3, $4, $5::jsonb, $6, $7)`,
		[row.tokenHash, row.projectId, row.email, row.locale, JSON.stringify({ userId: row.userId }), row.now, row.expiresAt]
	);
}

export interface TokenRow {
	project_id: string | null;
	email: string | null;
	locale: string;
	user_id: string | null;
	expires_at: Date;
	used_at: Date | null;
	still_owner: boolean;
}

export async function freshnessToken(q: Queryable, tokenHash: string, lock = false): Promise<TokenRow | null> {
	const res = await q.query<TokenRow>(
		`select t.project_id, t.email, t.locale, t.payload->>'userId' as user_id, t.expires_at, t.used_at,
			exists (select 1 from project_owners o join users u on u.id = o.user_id
				where o.project_id = t.project_id and o.user_id::text = t.payload->>'userId' and u.disabled_at is null) as still_owner
		from atlas_tokens t where t.token_hash = $1 and t.purpose = 'freshness'${lock ? ' for update of t' : ''}`,
		[tokenHash]
	);
	return res.rows[0] ?? null;
}

/** One answer settles the question for every owner of the entry: all its open links are used up. */
export async function useUpFreshnessTokens(q: Queryable, projectId: string, now: Date): Promise<void> {
	await q.query(`update atlas_tokens set used_at = $2 where project_id = $1 and purpose = 'freshness' and used_at is null`, [projectId, now]);
}

/** Expired links are worthless; they are deleted a while later (the page explains "expired" meanwhile). */
export async function purgeFreshnessTokens(q: Queryable, before: Date): Promise<number> {
	const res = await q.query(`delete from atlas_tokens where purpose = 'freshness' and expires_at < $1`, [before]);
	return res.rowCount ?? 0;
}

export async function markMailed(q: Queryable, projectId: string, now: Date): Promise<void> {
	await q.query('update projects set freshness_mailed_at = $2 where id = $1', [projectId, now]);
}

export async function setConfirmed(q: Queryable, projectId: string, now: Date): Promise<void> {
	await q.query('update projects set last_confirmed_at = $2, revision = revision + 1 where id = $1', [projectId, now]);
}

export async function setArchived(q: Queryable, projectId: string, reason: 'unconfirmed' | 'gone', now: Date): Promise<void> {
	await q.query(
		`update projects set status = 'archived', archived_at = $2, archived_reason = $3, revision = revision + 1, updated_at = $2 where id = $1`,
		[projectId, now, reason]
	);
}

export async function setRevived(q: Queryable, projectId: string, now: Date): Promise<void> {
	await q.query(
		`update projects set status = 'published', archived_at = null, archived_reason = null, last_confirmed_at = $2,
			published_at = coalesce(published_at, $2), revision = revision + 1, updated_at = $2
		where id = $1`,
		[projectId, now]
	);
}

export interface UnansweredRow {
	id: string;
	slug: string;
	status: string;
	title: string;
	regions: Region[];
	last_confirmed_at: Date | null;
	published_at: Date | null;
	freshness_mailed_at: Date | null;
	archived_at: Date | null;
	owner_count: number;
	total: number;
}

export type UnansweredKind = 'mailed' | 'ownerless' | 'archived';

/** The three lists of the moderators' page; `region` limits to entries in that region. */
export async function unanswered(
	q: Queryable,
	kind: UnansweredKind,
	opts: { staleCutoff: Date; archivedSince: Date; region: Region | null; limit: number }
): Promise<UnansweredRow[]> {
	// Only the parameters a list uses are sent: PostgreSQL cannot type an unused one.
	const date = kind === 'ownerless' ? [opts.staleCutoff] : kind === 'archived' ? [opts.archivedSince] : [];
	const where: Record<UnansweredKind, string> = {
		mailed: `p.status = 'published' and ${MAILED_THIS_CYCLE}`,
		ownerless: `p.status = 'published' and ${BASIS} < $1 and not exists (${ACTIVE_OWNERS})`,
		archived: `p.status = 'archived' and p.archived_reason = 'unconfirmed' and p.archived_at >= $1`
	};
	const order: Record<UnansweredKind, string> = {
		mailed: 'p.freshness_mailed_at, p.id',
		ownerless: `${BASIS}, p.id`,
		archived: 'p.archived_at desc, p.id'
	};
	const n = date.length;
	const res = await q.query<UnansweredRow>(
		`select p.id, p.slug, p.status, coalesce(s.title, p.slug) as title, p.regions, p.last_confirmed_at, p.published_at,
			p.freshness_mailed_at, p.archived_at,
			(select count(*) from project_owners o where o.project_id = p.id)::int as owner_count,
			(count(*) over ())::int as total
		from projects p
		left join project_texts s on s.project_id = p.id and s.locale = p.source_locale
		where ${where[kind]} and ($${n + 1}::text is null or p.regions @> array[$${n + 1}::text])
		order by ${order[kind]}
		limit $${n + 2}`,
		[...date, opts.region, opts.limit]
	);
	return res.rows;
}
