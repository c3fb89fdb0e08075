/**
 * The complete editable state of one atlas entry, as stored in
 * project_revisions.snapshot. Every writer (submission, owner and staff
 * edits, imports, translations, status changes) saves one after its change;
 * the review list diffs two of them. Read it only through loadSnapshot().
 */
import type { ProjectStatus } from '../../atlas/taxonomy';
import type { Region } from '../accounts/schema';
import { can, type Actor } from '../access/policy';
import type pg from 'pg';
import { dbPool } from '../core/db';
import type { ProjectClassification, WeeklySchedule } from './contract';
import type { StoredContact, TextStatus } from './schema';

export interface SnapshotText {
	title: string;
	teaser: string;
	description: string;
	status: TextStatus;
}

export interface SnapshotLocation {
	label: string | null;
	street: string | null;
	postcode: string | null;
	placeName: string;
	ags: string | null;
	districtKey: string | null;
	region: Region | null;
	lat: number;
	lon: number;
	approximate: boolean;
}

export interface ProjectSnapshot extends ProjectClassification {
	slug: string;
	status: ProjectStatus;
	contact: StoredContact;
	schedule: WeeklySchedule | null;
	licence: string;
	sourceLocale: string;
	/** Texts per locale; the source locale's entry has status 'source'. */
	texts: Record<string, SnapshotText>;
	locations: SnapshotLocation[];
}

export const REVISION_KINDS = ['submission', 'owner_edit', 'staff_edit', 'import', 'translation', 'status'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

/** A pool or a transaction's client (pass the client inside transaction()). */
export type Queryable = pg.Pool | pg.PoolClient;

interface SnapshotRow {
	slug: string;
	status: ProjectStatus;
	organisation: string | null;
	fields: ProjectSnapshot['fields'];
	topics: ProjectSnapshot['topics'];
	offer_types: ProjectSnapshot['offerTypes'];
	target_groups: ProjectSnapshot['targetGroups'];
	languages: string[];
	costs: ProjectSnapshot['costs'];
	barrier_free: ProjectSnapshot['barrierFree'];
	childcare: boolean;
	women_only: boolean;
	appointment_needed: boolean;
	online: ProjectSnapshot['online'];
	statewide: boolean;
	contact: StoredContact;
	schedule: WeeklySchedule | null;
	licence: string;
	source_locale: string;
	revision: number;
	texts: { locale: string; title: string; teaser: string; description: string; status: TextStatus }[];
	locations: {
		label: string | null;
		street: string | null;
		postcode: string | null;
		place_name: string;
		ags: string | null;
		district_key: string | null;
		region: Region | null;
		lat: number;
		lon: number;
		approximate: boolean;
	}[];
}

/** The entry's current state and revision number, or null if there is no such entry. */
export async function loadSnapshot(projectId: string, q: Queryable = dbPool()): Promise<{ revision: number; snapshot: ProjectSnapshot } | null> {
	const res = await q.query<SnapshotRow>(
		`select p.slug, p.status, p.organisation, p.fields, p.topics, p.offer_types, p.target_groups, p.languages, p.costs,
			p.barrier_free, p.childcare, p.women_only, p.appointment_needed, p.online, p.statewide, p.contact, p.schedule,
			p.licence, p.source_locale, p.revision,
			coalesce((select json_agg(json_build_object('locale', t.locale, 'title', t.title, 'teaser', t.teaser,
				'description', t.description, 'status', t.status) order by t.locale) from project_texts t where t.project_id = p.id), '[]'::json) as texts,
			coalesce((select json_agg(json_build_object('label', l.label, 'street', l.street, 'postcode', l.postcode,
				'place_name', l.place_name, 'ags', l.ags, 'district_key', l.district_key, 'region', l.region,
				'lat', l.lat, 'lon', l.lon, 'approximate', l.approximate) order by l.position, l.id)
				from project_locations l where l.project_id = p.id), '[]'::json) as locations
		from projects p where p.id = $1`,
		[projectId]
	);
	const row = res.rows[0];
	if (!row) return null;
	const texts: Record<string, SnapshotText> = {};
	for (const t of row.texts) texts[t.locale] = { title: t.title, teaser: t.teaser, description: t.description, status: t.status };
	return {
		revision: row.revision,
		snapshot: {
			slug: row.slug,
			status: row.status,
			organisation: row.organisation,
			fields: row.fields,
			topics: row.topics,
			offerTypes: row.offer_types,
			targetGroups: row.target_groups,
			languages: row.languages,
			costs: row.costs,
			barrierFree: row.barrier_free,
			childcare: row.childcare,
			womenOnly: row.women_only,
			appointmentNeeded: row.appointment_needed,
			online: row.online,
			statewide: row.statewide,
			contact: row.contact,
			schedule: row.schedule,
			licence: row.licence,
			sourceLocale: row.source_locale,
			texts,
			locations: row.locations.map((l) => ({
				label: l.label,
				street: l.street,
				postcode: l.postcode,
				placeName: l.place_name,
				ags: l.ags,
				districtKey: l.district_key,
				region: l.region,
				lat: l.lat,
				lon: l.lon,
				approximate: l.approximate
			}))
		}
	};
}

/**
 * Records the entry's current state as its current revision number (call it
 * inside the writing transaction, after the change and after bumping
 * projects.revision).
 */
export async function saveRevision(q: Queryable, projectId: string, kind: RevisionKind, authorId: string | null): Promise<number> {
	const current = await loadSnapshot(projectId, q);
	if (!current) throw new Error(`no atlas entry ${projectId}`);
	await q.query(`insert into project_revisions (project_id, revision, author_id, kind, snapshot) values ($1, $2, $3, $4, $5::jsonb)`, [
		projectId,
		current.revision,
		authorId,
		kind,
		JSON.stringify(current.snapshot)
	]);
	return current.revision;
}

/** Whether the actor owns the entry (verified submitter, co-owner). */
export async function isOwner(actor: Actor, projectId: string, q: Queryable = dbPool()): Promise<boolean> {
	if (actor.kind !== 'user') return false;
	const res = await q.query('select 1 from project_owners where project_id = $1 and user_id = $2', [projectId, actor.id]);
	return (res.rowCount ?? 0) > 0;
}

/** The regions an entry belongs to (from its locations); empty for state-wide entries. */
export async function projectRegions(projectId: string, q: Queryable = dbPool()): Promise<Region[]> {
	const res = await q.query<{ regions: Region[] }>('select regions from projects where id = $1', [projectId]);
	return res.rows[0]?.regions ?? [];
}

/**
 * Who may edit an entry: its owners, moderators and admins, and regional
 * moderators for entries in their region (state-wide entries: moderators only).
 */
export async function mayEdit(actor: Actor, projectId: string, q: Queryable = dbPool()): Promise<boolean> {
	if (actor.kind === 'system') return true;
	if (actor.kind !== 'user') return false;
	if (can(actor, 'moderation.write', { region: null }) && actor.role !== 'regional') return true;
	if (actor.role === 'regional') {
		const regions = await projectRegions(projectId, q);
		if (regions.some((region) => can(actor, 'moderation.write', { region }))) return true;
	}
	return isOwner(actor, projectId, q);
}
