/** The Projektatlas's SQL for reading published entries. Only status 'published' ever leaves here. */
import { dbPool } from '../core/db';
import type { Region } from '../accounts/schema';
import type { StoredContact, TextStatus } from './schema';
import type { OnlineMode, WeeklySchedule } from './contract';
import { matchingIdsStatement, searchStatement, type Centre } from './search-sql';
import type { SearchParams } from './contract';

export interface SearchRows {
	total: number;
	items: { id: string; distance: number | null }[];
	facets: { facet: string; value: string; count: number }[];
}

export async function runSearch(params: SearchParams, centre: Centre | null): Promise<SearchRows> {
	const { text, values } = searchStatement(params, centre);
	const res = await dbPool().query<{ total: number; items: SearchRows['items']; facets: SearchRows['facets'] }>(text, values);
	const row = res.rows[0];
	return { total: row?.total ?? 0, items: row?.items ?? [], facets: (row?.facets ?? []).map((f) => ({ ...f, count: Number(f.count) })) };
}

export interface SummaryRow {
	id: string;
	slug: string;
	organisation: string | null;
	fields: string[];
	offer_types: string[];
	languages: string[];
	updated_at: Date;
	published_at: Date | null;
	last_confirmed_at: Date | null;
	title: string;
	teaser: string;
	text_locale: string;
	place_name: string | null;
	district_name: string | null;
	region: Region | null;
}

/**
 * Display data for a page of ids in one query: texts in the reader's locale
 * (else the source locale) and the location nearest to the centre (else the first).
 */
export async function summariesByIds(ids: string[], locale: string, centre: Centre | null): Promise<SummaryRow[]> {
	if (ids.length === 0) return [];
	const order = centre ? 'atlas_distance_km($3::float8, $4::float8, l.lat, l.lon), l.position' : 'l.position, l.id';
	const values: unknown[] = [ids, locale];
	if (centre) values.push(centre.lat, centre.lon);
	const res = await dbPool().query<SummaryRow>(
		`select p.id, p.slug, p.organisation, p.fields, p.offer_types, p.languages, p.updated_at, p.published_at, p.last_confirmed_at,
			coalesce(tl.title, ts.title, '') as title, coalesce(tl.teaser, ts.teaser, '') as teaser,
			case when tl.project_id is not null then tl.locale else p.source_locale end as text_locale,
			loc.place_name, loc.district_name, loc.region
		from projects p
		left join project_texts tl on tl.project_id = p.id and tl.locale = $2::text
		left join project_texts ts on ts.project_id = p.id and ts.locale = p.source_locale
		left join lateral (
			select l.place_name, d.name as district_name, l.region
			from project_locations l left join gazetteer_districts d on d.ags = l.district_key
			where l.project_id = p.id order by ${order} limit 1
		) loc on true
		where p.id = any($1::uuid[]) and p.status = 'published'`,
		values
	);
	return res.rows;
}

export interface DetailRow {
	id: string;
	slug: string;
	organisation: string | null;
	fields: string[];
	topics: string[];
	offer_types: string[];
	target_groups: string[];
	languages: string[];
	costs: string[];
	barrier_free: string;
	childcare: boolean;
	women_only: boolean;
	appointment_needed: boolean;
	online: OnlineMode;
	statewide: boolean;
	contact: StoredContact;
	licence: string;
	schedule: WeeklySchedule | null;
	source_locale: string;
	demo: boolean;
	updated_at: Date;
	published_at: Date | null;
	last_confirmed_at: Date | null;
	texts: { locale: string; title: string; teaser: string; description: string; status: TextStatus }[];
	locations: {
		label: string | null;
		street: string | null;
		postcode: string | null;
		place_name: string;
		district_key: string | null;
		district_name: string | null;
		region: Region | null;
		lat: number;
		lon: number;
		approximate: boolean;
	}[];
}

export async function publishedBySlug(slug: string): Promise<DetailRow | null> {
	const res = await dbPool().query<DetailRow>(
		`select p.id, p.slug, p.organisation, p.fields, p.topics, p.offer_types, p.target_groups, p.languages, p.costs,
			p.barrier_free, p.childcare, p.women_only, p.appointment_needed, p.online, p.statewide, p.contact, p.licence,
			p.schedule, p.source_locale, p.demo, p.updated_at, p.published_at, p.last_confirmed_at,
			coalesce((select json_agg(json_build_object('locale', t.locale, 'title', t.title, 'teaser', t.teaser,
				'description', t.description, 'status', t.status)) from project_texts t where t.project_id = p.id), '[]'::json) as texts,
			coalesce((select json_agg(json_build_object('label', l.label, 'street', l.street, 'postcode', l.postcode,
				'place_name', l.place_name, 'district_key', l.district_key, 'district_name', d.name, 'region', l.region,
				'lat', l.lat, 'lon', l.lon, 'approximate', l.approximate) order by l.position, l.id)
				from project_locations l left join gazetteer_districts d on d.ags = l.district_key
				where l.project_id = p.id), '[]'::json) as locations
		from projects p where p.slug = $1 and p.status = 'published'`,
		[slug]
	);
	return res.rows[0] ?? null;
}

/** The nearest gazetteer place to a point, to name a browser-located centre. */
export async function nearestPlace(c: Centre): Promise<{ name: string; ags: string } | null> {
	const res = await dbPool().query<{ name: string; ags: string }>(
		`select name, ags from gazetteer_places order by atlas_distance_km($1::float8, $2::float8, lat, lon), population desc limit 1`,
		[c.lat, c.lon]
	);
	return res.rows[0] ?? null;
}

/** Every matching id in result order (up to `limit`) and the untruncated count, for exports. */
export async function matchingIds(params: SearchParams, centre: Centre | null, limit: number): Promise<{ ids: string[]; total: number }> {
	const { text, values } = matchingIdsStatement(params, centre, limit);
	const res = await dbPool().query<{ id: string; total: number }>(text, values);
	return { ids: res.rows.map((r) => r.id), total: res.rows[0]?.total ?? 0 };
}

export interface ExportRow {
	id: string;
	slug: string;
	organisation: string | null;
	fields: string[];
	offer_types: string[];
	languages: string[];
	licence: string;
	title: string;
	teaser: string;
	text_locale: string;
	locations: {
		place_name: string;
		postcode: string | null;
		district_key: string | null;
		region: Region | null;
		lat: number;
		lon: number;
		approximate: boolean;
	}[];
}

/** Export data for a batch of ids (any order; the caller restores result order). */
export async function exportRowsByIds(ids: string[], locale: string): Promise<ExportRow[]> {
	if (ids.length === 0) return [];
	const res = await dbPool().query<ExportRow>(
		`select p.id, p.slug, p.organisation, p.fields, p.offer_types, p.languages, p.licence,
			coalesce(tl.title, ts.title, '') as title, coalesce(tl.teaser, ts.teaser, '') as teaser,
			case when tl.project_id is not null then tl.locale else p.source_locale end as text_locale,
			coalesce((select json_agg(json_build_object('place_name', l.place_name, 'postcode', l.postcode,
				'district_key', l.district_key, 'region', l.region, 'lat', l.lat, 'lon', l.lon, 'approximate', l.approximate)
				order by l.position, l.id) from project_locations l where l.project_id = p.id), '[]'::json) as locations
		from projects p
		left join project_texts tl on tl.project_id = p.id and tl.locale = $2::text
		left join project_texts ts on ts.project_id = p.id and ts.locale = p.source_locale
		where p.id = any($1::uuid[]) and p.status = 'published'`,
		[ids, locale]
	);
	return res.rows;
}
