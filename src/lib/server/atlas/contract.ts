/**
 * The Projektatlas search contract shared by the list page, the JSON API and
 * the service: URL parameters in, typed results out. URL parameter names are
 * those of GET /api/v1/projects (issue 3), so every result list is a link.
 */
import { z } from 'zod';
import {
	ACTION_FIELDS,
	COSTS,
	DEFAULT_RADIUS_KM,
	OFFER_LANGUAGE_CODES,
	OFFER_TYPES,
	PER_PAGE_DEFAULT,
	PER_PAGE_MAX,
	SORTS,
	TARGET_GROUPS,
	TOPICS,
	TRISTATE,
	type ActionField,
	type Cost,
	type OfferType,
	type Sort,
	type TargetGroup,
	type Topic,
	type Tristate
} from '../../atlas/taxonomy';
import { REGIONS, type Region } from '../accounts/schema';

export interface SearchParams {
	/** Place name or postcode, resolved by the gazetteer. */
	near?: string;
	/** Browser geolocation (JS only; never stored). */
	lat?: number;
	lon?: number;
	radiusKm: number;
	q?: string;
	field: ActionField[];
	topic: Topic[];
	offer: OfferType[];
	targetGroup: TargetGroup[];
	language: string[];
	cost: Cost[];
	barrierFree?: Tristate;
	childcare?: boolean;
	region: Region[];
	/** 5-digit district keys (Kreis AGS). */
	district: string[];
	sort: Sort;
	page: number;
	perPage: number;
}

export type FacetName = 'field' | 'topic' | 'offer' | 'target_group' | 'language' | 'cost' | 'barrier_free' | 'childcare' | 'region' | 'district';
export const FACET_NAMES: readonly FacetName[] = ['field', 'topic', 'offer', 'target_group', 'language', 'cost', 'barrier_free', 'childcare', 'region', 'district'];

/** Counts per value, computed with every other active filter applied (so counts stay truthful). */
export type Facets = Record<FacetName, { value: string; count: number }[]>;

export interface ProjectSummary {
	id: string;
	slug: string;
	title: string;
	teaser: string;
	/** Locale the title/teaser are in; differs from the reader's when falling back to German. */
	textLocale: string;
	organisation: string | null;
	fields: ActionField[];
	offerTypes: OfferType[];
	languages: string[];
	place: string | null;
	district: string | null;
	region: Region | null;
	distanceKm: number | null;
	updatedAt: string;
	lastConfirmedAt: string | null;
	stale: boolean;
}

/** What one result on the list page shows: the page hydrates with these fields only (payload on slow phones). */
export type ResultCard = Pick<
	ProjectSummary,
	'slug' | 'title' | 'teaser' | 'textLocale' | 'organisation' | 'fields' | 'languages' | 'place' | 'district' | 'distanceKm' | 'stale'
>;

export function resultCard(s: ProjectSummary): ResultCard {
	const { slug, title, teaser, textLocale, organisation, fields, languages, place, district, distanceKm, stale } = s;
	return { slug, title, teaser, textLocale, organisation, fields, languages, place, district, distanceKm, stale };
}

export interface SearchResult {
	params: SearchParams;
	/** How `near` was understood; 'ambiguous' lists candidates for the person to pick. */
	place:
		| { status: 'none' }
		| { status: 'found'; name: string; ags: string; lat: number; lon: number }
		| { status: 'ambiguous'; candidates: { name: string; ags: string; district: string }[] }
		| { status: 'not_found' | 'outside' };
	total: number;
	page: number;
	pages: number;
	items: ProjectSummary[];
	facets: Facets;
}

export type OnlineMode = 'no' | 'online' | 'hybrid';

export interface ProjectLocation {
	label: string | null;
	/** null when the location is approximate (only the place centre is published). */
	street: string | null;
	postcode: string | null;
	place: string;
	districtKey: string | null;
	districtName: string | null;
	region: Region | null;
	lat: number;
	lon: number;
	approximate: boolean;
}

export interface WeeklySchedule {
	/** day: 1 = Monday … 7 = Sunday (ISO 8601). */
	days: { day: 1 | 2 | 3 | 4 | 5 | 6 | 7; slots: { from: string; to: string }[] }[];
	byAppointment: boolean;
	temporarilyClosed: boolean;
	note: string | null;
}

/** Everything the detail page shows; only public fields of a published entry. */
/** How an entry is classified: shared by stored entries and what the detail page shows. */
export interface ProjectClassification {
	organisation: string | null;
	fields: ActionField[];
	topics: Topic[];
	offerTypes: OfferType[];
	targetGroups: TargetGroup[];
	languages: string[];
	costs: Cost[];
	barrierFree: Tristate;
	childcare: boolean;
	womenOnly: boolean;
	appointmentNeeded: boolean;
	online: OnlineMode;
	/** True for state-wide or online offers without a place of their own. */
	statewide: boolean;
}

export interface ProjectDetail extends ProjectClassification {
	id: string;
	slug: string;
	title: string;
	teaser: string;
	/** Limited Markdown, sanitised on write; render through the one Markdown component. */
	description: string;
	/** Locale of the description: a translation may cover only title and teaser. */
	descriptionLocale: string;
	/** Locale the texts are in; `fallback` is true when that is not the reader's locale. */
	textLocale: string;
	fallback: boolean;
	/** Translation status of the texts shown: 'source' | 'current' | 'outdated' | 'machine'. */
	textStatus: 'source' | 'current' | 'outdated' | 'machine';
	locations: ProjectLocation[];
	schedule: WeeklySchedule;
	/** Only the fields the provider marked public. */
	contact: { person?: string; email?: string; phone?: string; website?: string };
	licence: string;
	lastConfirmedAt: string | null;
	stale: boolean;
	updatedAt: string;
	publishedAt: string | null;
	/** True for demo content (seeded, not a real offer). */
	demo: boolean;
}

const list = <T extends readonly string[]>(values: T) =>
	z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()))
		.transform((arr) => [...new Set(arr.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))])
		.transform((arr) => arr.filter((s): s is T[number] => (values as readonly string[]).includes(s)));

const schema = z.object({
	near: z.string().trim().max(100).optional().transform((v) => v || undefined),
	lat: z.coerce.number().min(-90).max(90).optional().catch(undefined),
	lon: z.coerce.number().min(-180).max(180).optional().catch(undefined),
	radius_km: z.coerce.number().int().min(1).max(200).catch(DEFAULT_RADIUS_KM).default(DEFAULT_RADIUS_KM),
	q: z.string().trim().max(200).optional().transform((v) => v || undefined),
	field: list(ACTION_FIELDS),
	topic: list(TOPICS),
	offer: list(OFFER_TYPES),
	target_group: list(TARGET_GROUPS),
	language: list(OFFER_LANGUAGE_CODES as unknown as readonly string[]),
	cost: list(COSTS),
	barrier_free: z.enum(TRISTATE).optional().catch(undefined),
	childcare: z
		.enum(['yes', 'true', '1'])
		.optional()
		.catch(undefined)
		.transform((v) => (v ? true : undefined)),
	region: list(REGIONS),
	district: list([] as readonly string[]).optional(),
	sort: z.enum(SORTS).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
	per_page: z.coerce.number().int().min(1).max(PER_PAGE_MAX).catch(PER_PAGE_DEFAULT).default(PER_PAGE_DEFAULT)
});

/**
 * Reads search parameters from a URL. Never throws: unknown values are
 * dropped and out-of-range numbers fall back to defaults, so any hand-edited
 * or outdated link still gives a result page (never a 500).
 */
export function parseSearchParams(url: URLSearchParams): SearchParams {
	const raw: Record<string, string | string[]> = {};
	for (const key of new Set(url.keys())) {
		const all = url.getAll(key);
		raw[key] = all.length > 1 ? all : (all[0] ?? '');
	}
	const districtRaw = ([] as string[]).concat(raw.district ?? []).flatMap((s) => s.split(','));
	const parsed = schema.parse(raw);
	const hasPlace = Boolean(parsed.near) || (parsed.lat !== undefined && parsed.lon !== undefined);
	return {
		near: parsed.near,
		lat: parsed.lat,
		lon: parsed.lon,
		radiusKm: parsed.radius_km,
		q: parsed.q,
		field: parsed.field,
		topic: parsed.topic,
		offer: parsed.offer,
		targetGroup: parsed.target_group,
		language: parsed.language,
		cost: parsed.cost,
		barrierFree: parsed.barrier_free,
		childcare: parsed.childcare,
		region: parsed.region,
		district: [...new Set(districtRaw.map((d) => d.trim()).filter((d) => /^03\d{3}$/.test(d)))],
		sort: parsed.sort ?? (hasPlace ? 'distance' : parsed.q ? 'relevance' : 'newest'),
		page: parsed.page,
		perPage: parsed.per_page
	};
}

/** The canonical URL query for parameters (for links, paging and "remove filter" links). */
export function toSearchQuery(p: SearchParams, override: Partial<SearchParams> = {}): string {
	const v = { ...p, ...override };
	const q = new URLSearchParams();
	if (v.near) q.set('near', v.near);
	if (v.lat !== undefined && v.lon !== undefined && !v.near) {
		q.set('lat', v.lat.toFixed(4));
		q.set('lon', v.lon.toFixed(4));
	}
	if (v.near || v.lat !== undefined) q.set('radius_km', String(v.radiusKm));
	if (v.q) q.set('q', v.q);
	for (const f of v.field) q.append('field', f);
	for (const t of v.topic) q.append('topic', t);
	for (const o of v.offer) q.append('offer', o);
	for (const g of v.targetGroup) q.append('target_group', g);
	for (const l of v.language) q.append('language', l);
	for (const c of v.cost) q.append('cost', c);
	if (v.barrierFree) q.set('barrier_free', v.barrierFree);
	if (v.childcare) q.set('childcare', 'yes');
	for (const r of v.region) q.append('region', r);
	for (const d of v.district) q.append('district', d);
	q.set('sort', v.sort);
	if (v.page > 1) q.set('page', String(v.page));
	if (v.perPage !== PER_PAGE_DEFAULT) q.set('per_page', String(v.perPage));
	return q.toString();
}
