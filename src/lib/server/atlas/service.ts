/**
 * The Projektatlas read side: search and detail of published entries.
 * Public data, so no access check; the repository only ever reads
 * status = 'published' and the presenter only passes public fields.
 */
import { FACET_NAMES, type Facets, type ProjectDetail, type SearchParams, type SearchResult } from './contract';
import { searchPlaces } from '../gazetteer/service';
import { nearestPlace, publishedBySlug, runSearch, summariesByIds } from './repository';
import { presentDetail, presentSummary } from './presenter';
import type { Centre } from './search-sql';
import { atlasDataVersion, SearchCache } from './search-cache';
import { config } from '../core/config';

type PlaceAnswer = SearchResult['place'];

/** How the search is anchored: a resolved place (with centre) or why there is none. */
export async function resolvePlace(params: SearchParams): Promise<{ place: PlaceAnswer; centre: Centre | null }> {
	if (params.near) {
		const res = await searchPlaces(params.near, { limit: 10 });
		const first = res.candidates[0];
		if (res.status === 'found' && first) {
			return { place: { status: 'found', name: first.name, ags: first.ags, lat: first.lat, lon: first.lon }, centre: first };
		}
		if (res.status === 'ambiguous') {
			// Guessing would silently search the wrong Asendorf; the person picks, meanwhile we search everywhere.
			const candidates = res.candidates.map((c) => ({ name: c.name, ags: c.ags, district: c.district.name }));
			return { place: { status: 'ambiguous', candidates }, centre: null };
		}
		return { place: { status: res.status === 'outside' ? 'outside' : 'not_found' }, centre: null };
	}
	if (params.lat !== undefined && params.lon !== undefined) {
		const centre = { lat: params.lat, lon: params.lon };
		const named = await nearestPlace(centre);
		const place: PlaceAnswer = named ? { status: 'found', name: named.name, ags: named.ags, ...centre } : { status: 'none' };
		return { place, centre };
	}
	return { place: { status: 'none' }, centre: null };
}

function emptyFacets(): Facets {
	return Object.fromEntries(FACET_NAMES.map((name) => [name, []])) as unknown as Facets;
}

/**
 * Published entries matching the parameters, with exact total, one page and
 * facet counts. Texts are in `locale` where translated, else in the source
 * locale (ProjectSummary.textLocale says which).
 */
export async function searchProjects(params: SearchParams, locale: string): Promise<SearchResult> {
	if (!config().ATLAS_SEARCH_CACHE) return computeSearch(params, locale);
	const version = await atlasDataVersion();
	// A copy, so no caller can change what the next reader gets.
	return structuredClone(await searchCache.get(`${locale}|${JSON.stringify(params)}`, version, () => computeSearch(params, locale)));
}

const searchCache = new SearchCache<SearchResult>();

/** Cache statistics for the health page and the benchmarks. */
export function searchCacheStats(): { entries: number; hits: number; misses: number } {
	return { entries: searchCache.size, hits: searchCache.hits, misses: searchCache.misses };
}

async function computeSearch(params: SearchParams, locale: string): Promise<SearchResult> {
	const { place, centre } = await resolvePlace(params);
	const rows = await runSearch(params, centre);
	const summaries = await summariesByIds(
		rows.items.map((i) => i.id),
		locale,
		centre
	);
	const byId = new Map(summaries.map((s) => [s.id, s]));
	const items = rows.items.flatMap((i) => {
		const row = byId.get(i.id);
		return row ? [presentSummary(row, i.distance)] : [];
	});
	const facets = emptyFacets();
	for (const f of rows.facets) {
		const list = facets[f.facet as keyof Facets];
		if (list) list.push({ value: f.value, count: f.count });
	}
	for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
	return {
		params,
		place,
		total: rows.total,
		page: params.page,
		pages: Math.ceil(rows.total / params.perPage),
		items,
		facets
	};
}

/** A published entry by slug in the reader's locale, or null (unpublished entries do not exist publicly). */
export async function getPublishedProject(slug: string, locale: string): Promise<ProjectDetail | null> {
	if (!/^[a-z0-9][a-z0-9-]{0,120}$/.test(slug)) return null;
	const row = await publishedBySlug(slug);
	return row ? presentDetail(row, locale) : null;
}
