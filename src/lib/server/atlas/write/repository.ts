/** SQL of the atlas write side: entries, texts, locations, owners, emailed tokens, ownership requests. */
import type { ProjectStatus } from '../../../atlas/taxonomy';
import type { AtlasTokenPurpose } from '../schema';
import type { Queryable, SnapshotLocation } from '../snapshot';
import type { EntryInput } from './contract';

/** The classification columns of projects, in the order of the statements below. */
function columns(input: EntryInput, locations: SnapshotLocation[]) {
	return [
		input.organisation,
		input.fields,
		input.topics,
		input.offerTypes,
		input.targetGroups,
		input.languages,
		input.costs,
		input.barrierFree,
		input.childcare,
		input.womenOnly,
		input.appointmentNeeded,
		input.online,
		locations.length === 0,
		JSON.stringify(input.contact),
		input.schedule ? JSON.stringify(input.schedule) : null,
		input.licence
	];
}

export async function insertProject(
	q: Queryable,
	p: { slug: string; status: ProjectStatus; input: EntryInput; locations: SnapshotLocation[]; now: Date }
): Promise<string> {
	const res = await q.query<{ id: string }>(
		`insert into projects (slug, status, organisation, fields, topics, offer_types, target_groups, languages, costs,
			barrier_free, childcare, women_only, appointment_needed, online, statewide, contact, schedule, licence,
			source_locale, created_at, updated_at)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17::jsonb, $18, $19, $20, $20)
		returning id`,
		[p.slug, p.status, ...columns(p.input, p.locations), p.input.sourceLocale, p.now]
	);
	const id = res.rows[0]!.id;
	await q.query(`insert into project_texts (project_id, locale, title, teaser, description, status) values ($1, $2, $3, $4, $5, 'source')`, [
		id,
		p.input.sourceLocale,
		p.input.title,
		p.input.teaser,
		p.input.description
	]);
	await replaceLocations(q, id, p.locations);
	return id;
}

export async function replaceLocations(q: Queryable, projectId: string, locations: SnapshotLocation[]): Promise<void> {
	await q.query('delete from project_locations where project_id = $1', [projectId]);
	if (locations.length === 0) return;
	await q.query(
		`insert into project_locations (project_id, position, label, street, postcode, place_name, ags, district_key, region, lat, lon, approximate)
		select $1, x.position, x.label, x.street, x.postcode, x.place_name, x.ags, x.district_key, x.region, x.lat, x.lon, x.approximate
		from json_to_recordset($2::json) as x(position int, label text, street text, postcode text, place_name text, ags text,
			district_key text, region text, lat float8, lon float8, approximate boolean)`,
		[
			projectId,
			JSON.stringify(
				locations.map((l, position) => ({
					position,
					label: l.label,
					street: l.street,
					postcode: l.postcode,
					place_name: l.placeName,
					ags: l.ags,
					district_key: l.districtKey,
					region: l.region,
					lat: l.lat,
					lon: l.lon,
					approximate: l.approximate
				}))
			)
		]
	);
}

export interface LockedProject {
	id: string;
	slug: string;
	status: ProjectStatus;
	revision: number;
	sourceLocale: string;
	submittedAt: Date | null;
	moderationNote: string | null;
}

/** Reads an entry and locks its row until the transaction ends (writers queue up behind each other). */
export async function lockProject(q: Queryable, id: string): Promise<LockedProject | null> {
	const res = await q.query<{
		id: string;
		slug: string;
		status: ProjectStatus;
		revision: number;
		source_locale: string;
		submitted_at: Date | null;
		moderation_note: string | null;
	}>(`select id, slug, status, revision, source_locale, submitted_at, moderation_note from projects where id = $1 for update`, [id]);
	const r = res.rows[0];
	return r
		? { id: r.id, slug: r.slug, status: r.status, revision: r.revision, sourceLocale: r.source_locale, submittedAt: r.submitted_at, moderationNote: r.moderation_note }
		: null;
}

/**
 * Writes an edit: classification, source texts, locations; bumps the
 * revision. Only when the row still has `baseRevision` (optimistic locking);
 * returns the new revision or null.
 */
export async function updateProject(
	q: Queryable,
	p: { id: string; baseRevision: number; sourceLocale: string; input: EntryInput; locations: SnapshotLocation[]; status?: ProjectStatus; submittedAt?: Date; now: Date }
): Promise<number | null> {
	const res = await q.query<{ revision: number }>(
		`update projects set organisation = $3, fields = $4, topics = $5, offer_types = $6, target_groups = $7, languages = $8,
			costs = $9, barrier_free = $10, childcare = $11, women_only = $12, appointment_needed = $13, online = $14,
			statewide = $15, contact = $16::jsonb, schedule = $17::jsonb, licence = $18,
			status = coalesce($19, status), submitted_at = coalesce($20, submitted_at),
			revision = revision + 1, updated_at = $21
		where id = $1 and revision = $2
		returning revision`,
		[p.id, p.baseRevision, ...columns(p.input, p.locations), p.status ?? null, p.submittedAt ?? null, p.now]
	);
	if (res.rowCount === 0) return null;
	// An UPDATE (not delete + insert), so the trigger marks translations outdated when the source changed.
	const updated = await q.query(
		`update project_texts set title = $3, teaser = $4, description = $5, updated_at = $6
		where project_id = $1 and locale = $2 and (title, teaser, description) is distinct from ($3, $4, $5)`,
		[p.id, p.sourceLocale, p.input.title, p.input.teaser, p.input.description, p.now]
	);
	if (updated.rowCount === 0) {
		await q.query(
			`insert into project_texts (project_id, locale, title, teaser, description, status) values ($1, $2, $3, $4, $5, 'source')
			on conflict (project_id, locale) do nothing`,
			[p.id, p.sourceLocale, p.input.title, p.input.teaser, p.input.description]
		);
	}
	await replaceLocations(q, p.id, p.locations);
	return res.rows[0]!.revision;
}

export async function findProjectBySlug(q: Queryable, slug: string): Promise<{ id: string; slug: string; status: ProjectStatus; title: string } | null> {
	if (!/^[a-z0-9][a-z0-9-]{0,120}$/.test(slug)) return null;
	const res = await q.query<{ id: string; slug: string; status: ProjectStatus; title: string }>(
		`select p.id, p.slug, p.status, coalesce(t.title, '') as title from projects p
		left join project_texts t on t.project_id = p.id and t.locale = p.source_locale
		where p.slug = $1`,
		[slug]
	);
	return res.rows[0] ?? null;
}

// ---------------------------------------------------------------------------
// Owners
// ---------------------------------------------------------------------------

export async function addOwner(q: Queryable, projectId: string, userId: string, via: 'submission' | 'invitation' | 'request' | 'staff'): Promise<boolean> {
	const res = await q.query(`insert into project_owners (project_id, user_id, via) values ($1, $2, $3) on conflict do nothing`, [projectId, userId, via]);
	return (res.rowCount ?? 0) > 0;
}

export interface OwnerRow {
	userId: string;
	email: string;
	displayName: string | null;
	via: string;
	addedAt: Date;
}

export async function listOwners(q: Queryable, projectId: string): Promise<OwnerRow[]> {
	const res = await q.query<{ user_id: string; email: string; display_name: string | null; via: string; added_at: Date }>(
		`select o.user_id, u.email, u.display_name, o.via, o.added_at from project_owners o join users u on u.id = o.user_id
		where o.project_id = $1 order by o.added_at, u.email`,
		[projectId]
	);
	return res.rows.map((r) => ({ userId: r.user_id, email: r.email, displayName: r.display_name, via: r.via, addedAt: r.added_at }));
}

export async function removeOwner(q: Queryable, projectId: string, userId: string): Promise<boolean> {
	const res = await q.query(`delete from project_owners where project_id = $1 and user_id = $2`, [projectId, userId]);
	return (res.rowCount ?? 0) > 0;
}

// ---------------------------------------------------------------------------
// Emailed single-use tokens
// ---------------------------------------------------------------------------

export async function insertToken(
	q: Queryable,
	t: { tokenHash: string; purpose: AtlasTokenPurpose; projectId: string; email: string; locale: string; payload?: Record<string, unknown>; expiresAt: Date; now: Date }
): Promise<void> {
	await q.query(
		`insert into atlas_tokens (token_hash, purpose, project_id, email, locale, payload, created_at, expires_at) values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
		[t.tokenHash, t.purpose, t.projectId, t.email, t.locale, JSON.stringify(t.payload ?? {}), t.now, t.expiresAt]
	);
}

export interface TokenRow {
	projectId: string;
	email: string;
	locale: string;
	payload: Record<string, unknown>;
	expiresAt: Date;
	usedAt: Date | null;
}

export async function findToken(q: Queryable, tokenHash: string, purpose: AtlasTokenPurpose): Promise<TokenRow | null> {
	const res = await q.query<{ project_id: string; email: string; locale: string; payload: Record<string, unknown>; expires_at: Date; used_at: Date | null }>(
		`select project_id, email, locale, payload, expires_at, used_at from atlas_tokens where token_hash = $1 and purpose = $2 and project_id is not null`,
		[tokenHash, purpose]
	);
	const r = res.rows[0];
	return r ? { projectId: r.project_id, email: r.email, locale: r.locale, payload: r.payload, expiresAt: r.expires_at, usedAt: r.used_at } : null;
}

/** Marks a token used, only if it is unused and unexpired (single use, atomically). */
export async function consumeToken(q: Queryable, tokenHash: string, purpose: AtlasTokenPurpose, now: Date): Promise<TokenRow | null> {
	const res = await q.query<{ project_id: string; email: string; locale: string; payload: Record<string, unknown>; expires_at: Date; used_at: Date | null }>(
		`update atlas_tokens set used_at = $3 where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $3 and project_id is not null
		returning project_id, email, locale, payload, expires_at, used_at`,
		[tokenHash, purpose, now]
	);
	const r = res.rows[0];
	return r ? { projectId: r.project_id, email: r.email, locale: r.locale, payload: r.payload, expiresAt: r.expires_at, usedAt: r.used_at } : null;
}

export async function pendingInvitations(q: Queryable, projectId: string, now: Date): Promise<{ email: string; expiresAt: Date }[]> {
	const res = await q.query<{ email: string; expires_at: Date }>(
		`select email, max(expires_at) as expires_at from atlas_tokens
		where project_id = $1 and purpose = 'invite_owner' and used_at is null and expires_at > $2
		group by email order by email`,
		[projectId, now]
	);
	return res.rows.map((r) => ({ email: r.email, expiresAt: r.expires_at }));
}

// ---------------------------------------------------------------------------
// Ownership requests
// ---------------------------------------------------------------------------

export async function pendingRequestExists(q: Queryable, projectId: string, userId: string): Promise<boolean> {
	const res = await q.query(`select 1 from ownership_requests where project_id = $1 and user_id = $2 and status = 'pending'`, [projectId, userId]);
	return (res.rowCount ?? 0) > 0;
}

export async function insertOwnershipRequest(q: Queryable, r: { projectId: string; userId: string; message: string; now: Date }): Promise<string> {
	const res = await q.query<{ id: string }>(
		`insert into ownership_requests (project_id, user_id, message, created_at) values ($1, $2, $3, $4) returning id`,
		[r.projectId, r.userId, r.message, r.now]
	);
	return res.rows[0]!.id;
}

// ---------------------------------------------------------------------------
// My entries
// ---------------------------------------------------------------------------

export interface MyEntryRow {
	id: string;
	slug: string;
	status: ProjectStatus;
	title: string;
	moderationNote: string | null;
	archivedReason: string | null;
	updatedAt: Date;
	submittedAt: Date | null;
	publishedAt: Date | null;
	owners: number;
}

export async function entriesOwnedBy(q: Queryable, userId: string): Promise<MyEntryRow[]> {
	const res = await q.query<{
		id: string;
		slug: string;
		status: ProjectStatus;
		title: string;
		moderation_note: string | null;
		archived_reason: string | null;
		updated_at: Date;
		submitted_at: Date | null;
		published_at: Date | null;
		owners: number;
	}>(
		`select p.id, p.slug, p.status, coalesce(t.title, '') as title, p.moderation_note, p.archived_reason, p.updated_at,
			p.submitted_at, p.published_at, (select count(*)::int from project_owners o2 where o2.project_id = p.id) as owners
		from project_owners o
		join projects p on p.id = o.project_id
		left join project_texts t on t.project_id = p.id and t.locale = p.source_locale
		where o.user_id = $1
		order by p.updated_at desc, p.id`,
		[userId]
	);
	return res.rows.map((r) => ({
		id: r.id,
		slug: r.slug,
		status: r.status,
		title: r.title,
		moderationNote: r.moderation_note,
		archivedReason: r.archived_reason,
		updatedAt: r.updated_at,
		submittedAt: r.submitted_at,
		publishedAt: r.published_at,
		owners: r.owners
	}));
}

// ---------------------------------------------------------------------------
// Purge
// ---------------------------------------------------------------------------

/**
 * Deletes submissions nobody verified: drafts that were never submitted, have
 * no owner, were created before `before`, and whose verification link was
 * never used. Returns their ids and slugs (for the audit log).
 */
export async function deleteUnverifiedSubmissions(q: Queryable, before: Date, limit: number): Promise<{ id: string; slug: string }[]> {
	const res = await q.query<{ id: string; slug: string }>(
		`delete from projects p where p.id in (
			select p2.id from projects p2
			where p2.status = 'draft' and p2.submitted_at is null and p2.created_at < $1
				and not exists (select 1 from project_owners o where o.project_id = p2.id)
				and exists (select 1 from atlas_tokens t where t.project_id = p2.id and t.purpose = 'verify_submission')
				and not exists (select 1 from atlas_tokens t where t.project_id = p2.id and t.purpose = 'verify_submission' and t.used_at is not null)
			order by p2.created_at limit $2
		) returning p.id, p.slug`,
		[before, limit]
	);
	return res.rows;
}

/** Used or long-expired invitation and verification links are of no further use. */
export async function deleteOldTokens(q: Queryable, before: Date): Promise<number> {
	const res = await q.query(
		`delete from atlas_tokens where purpose in ('verify_submission', 'invite_owner') and expires_at < $1`,
		[before]
	);
	return res.rowCount ?? 0;
}
