/**
 * Inserting many entries at once (demo content, synthetic benchmark data):
 * three set-based statements per batch, so the search triggers run once
 * per batch instead of once per row.
 */
import type { PoolClient } from 'pg';
import type { ProjectStatus } from '../../atlas/taxonomy';
import type { Region } from '../accounts/schema';
import { dbPool, transaction } from '../core/db';
import type { ProjectClassification, WeeklySchedule } from './contract';
import type { StoredContact, TextStatus } from './schema';

export interface NewLocation {
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

export interface NewProject extends ProjectClassification {
	id: string;
	slug: string;
	status: ProjectStatus;
	contact: StoredContact;
	schedule: WeeklySchedule | null;
	demo: boolean;
	createdAt: Date;
	publishedAt: Date | null;
	lastConfirmedAt: Date | null;
	texts: { locale: string; title: string; teaser: string; description: string; status: TextStatus }[];
	locations: NewLocation[];
}

async function insertBatch(client: PoolClient, batch: NewProject[]): Promise<void> {
	const projects = batch.map((p) => ({
		id: p.id,
		slug: p.slug,
		status: p.status,
		organisation: p.organisation,
		fields: p.fields,
		topics: p.topics,
		offer_types: p.offerTypes,
		target_groups: p.targetGroups,
		languages: p.languages,
		costs: p.costs,
		barrier_free: p.barrierFree,
		childcare: p.childcare,
		women_only: p.womenOnly,
		appointment_needed: p.appointmentNeeded,
		online: p.online,
		statewide: p.statewide,
		contact: p.contact,
		schedule: p.schedule,
		demo: p.demo,
		created_at: p.createdAt.toISOString(),
		published_at: p.publishedAt?.toISOString() ?? null,
		last_confirmed_at: p.lastConfirmedAt?.toISOString() ?? null
	}));
	await client.query(
		`insert into projects (id, slug, status, organisation, fields, topics, offer_types, target_groups, languages, costs,
			barrier_free, childcare, women_only, appointment_needed, online, statewide, contact, schedule, demo,
			created_at, updated_at, published_at, last_confirmed_at)
		select id, slug, status, organisation, fields, topics, offer_types, target_groups, languages, costs,
			barrier_free, childcare, women_only, appointment_needed, online, statewide, contact, schedule, demo,
			created_at, coalesce(published_at, created_at), published_at, last_confirmed_at
		from json_to_recordset($1::json) as x(id uuid, slug text, status text, organisation text, fields text[], topics text[],
			offer_types text[], target_groups text[], languages text[], costs text[], barrier_free text, childcare boolean,
			women_only boolean, appointment_needed boolean, online text, statewide boolean, contact jsonb, schedule jsonb,
			demo boolean, created_at timestamptz, published_at timestamptz, last_confirmed_at timestamptz)`,
		[JSON.stringify(projects)]
	);
	const texts = batch.flatMap((p) => p.texts.map((t) => ({ project_id: p.id, ...t })));
	await client.query(
		`insert into project_texts (project_id, locale, title, teaser, description, status)
		select project_id, locale, title, teaser, description, status
		from json_to_recordset($1::json) as x(project_id uuid, locale text, title text, teaser text, description text, status text)`,
		[JSON.stringify(texts)]
	);
	const locations = batch.flatMap((p) =>
		p.locations.map((l, position) => ({
			project_id: p.id,
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
	);
	if (locations.length === 0) return;
	await client.query(
		`insert into project_locations (project_id, position, label, street, postcode, place_name, ags, district_key, region, lat, lon, approximate)
		select project_id, position, label, street, postcode, place_name, ags, district_key, region, lat, lon, approximate
		from json_to_recordset($1::json) as x(project_id uuid, position int, label text, street text, postcode text, place_name text,
			ags text, district_key text, region text, lat float8, lon float8, approximate boolean)`,
		[JSON.stringify(locations)]
	);
}

/** Inserts entries with their texts and locations in one transaction; slugs must be new. */
export async function insertProjects(batch: NewProject[]): Promise<void> {
	if (batch.length === 0) return;
	await transaction(async (_tx, client) => insertBatch(client, batch));
}

/** The same inside the caller's open transaction (e.g. the CSV import, which writes revisions and audit with it). */
export async function insertProjectsWith(client: PoolClient, batch: NewProject[]): Promise<void> {
	if (batch.length === 0) return;
	await insertBatch(client, batch);
}

/** Slugs among the given ones that already exist (for idempotent seeding). */
export async function existingSlugs(slugs: string[]): Promise<Set<string>> {
	const res = await dbPool().query<{ slug: string }>('select slug from projects where slug = any($1::text[])', [slugs]);
	return new Set(res.rows.map((r) => r.slug));
}
