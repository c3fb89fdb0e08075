/**
 * Links of the Projektatlas list page, built on the server from the one
 * canonical query format (toSearchQuery), so paging, "remove filter" and
 * "did you mean" links are plain <a href> that work without JavaScript.
 */
import { parseSearchParams, toSearchQuery, type FacetName, type SearchParams, type SearchResult } from '$lib/server/atlas/contract';
import { placeByAgs, searchPlaces } from '$lib/server/gazetteer/service';
import { listDistricts } from '$lib/server/gazetteer/repository';
import { RADII_KM } from './taxonomy';
import { pageWindow } from './format';

export type ActiveFilter =
	| { kind: 'near'; value: string; href: string }
	| { kind: 'position'; value: string; href: string }
	| { kind: 'q'; value: string; href: string }
	| { kind: FacetName; value: string; href: string };

export interface ListLinks {
	/** The current query; detail links carry it so their back link returns here. */
	query: string;
	pages: { page: number | null; href: string }[];
	previous: string | null;
	next: string | null;
	active: ActiveFilter[];
	reset: string;
	/** The next larger radius when a place search found too little. */
	widen: { km: number; href: string } | null;
	candidates: { name: string; district: string; href: string }[];
	/** Names of the district keys in the facets and filters (the search returns keys only). */
	districts: Record<string, string>;
}

const list = (base: string, query: string) => (query ? `${base}?${query}` : base);

function activeFilters(p: SearchParams, href: (o: Partial<SearchParams>) => string): ActiveFilter[] {
	const out: ActiveFilter[] = [];
	const without = <T>(values: T[], value: T) => values.filter((v) => v !== value);
	const reset = { page: 1 };
	if (p.near) out.push({ kind: 'near', value: p.near, href: href({ ...reset, near: undefined }) });
	else if (p.lat !== undefined && p.lon !== undefined)
		out.push({ kind: 'position', value: `${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`, href: href({ ...reset, lat: undefined, lon: undefined }) });
	if (p.q) out.push({ kind: 'q', value: p.q, href: href({ ...reset, q: undefined }) });
	for (const v of p.field) out.push({ kind: 'field', value: v, href: href({ ...reset, field: without(p.field, v) }) });
	for (const v of p.topic) out.push({ kind: 'topic', value: v, href: href({ ...reset, topic: without(p.topic, v) }) });
	for (const v of p.offer) out.push({ kind: 'offer', value: v, href: href({ ...reset, offer: without(p.offer, v) }) });
	for (const v of p.targetGroup)
		out.push({ kind: 'target_group', value: v, href: href({ ...reset, targetGroup: without(p.targetGroup, v) }) });
	for (const v of p.language) out.push({ kind: 'language', value: v, href: href({ ...reset, language: without(p.language, v) }) });
	for (const v of p.cost) out.push({ kind: 'cost', value: v, href: href({ ...reset, cost: without(p.cost, v) }) });
	if (p.barrierFree) out.push({ kind: 'barrier_free', value: p.barrierFree, href: href({ ...reset, barrierFree: undefined }) });
	if (p.childcare) out.push({ kind: 'childcare', value: 'yes', href: href({ ...reset, childcare: undefined }) });
	for (const v of p.region) out.push({ kind: 'region', value: v, href: href({ ...reset, region: without(p.region, v) }) });
	for (const v of p.district) out.push({ kind: 'district', value: v, href: href({ ...reset, district: without(p.district, v) }) });
	return out;
}

/**
 * An input that resolves to exactly this municipality. The gazetteer has no
 * lookup by AGS from a search box, so prefer a postcode that is unique to
 * the place (readable in the URL and the search field) and fall back to its
 * coordinates.
 */
async function unambiguousPlace(ags: string): Promise<Partial<SearchParams> | null> {
	const place = await placeByAgs(ags);
	if (!place) return null;
	for (const postcode of place.postcodes.slice(0, 3)) {
		const check = await searchPlaces(postcode, { limit: 2 });
		if (check.status === 'found' && check.candidates[0]?.ags === ags) return { near: postcode, lat: undefined, lon: undefined };
	}
	return { near: undefined, lat: place.lat, lon: place.lon };
}

async function districtNames(keys: string[]): Promise<Record<string, string>> {
	if (keys.length === 0) return {};
	const wanted = new Set(keys);
	const all = await listDistricts();
	return Object.fromEntries(all.filter((d) => wanted.has(d.ags)).map((d) => [d.ags, d.name]));
}

export async function listLinks(base: string, result: SearchResult): Promise<ListLinks> {
	const p = result.params;
	const href = (override: Partial<SearchParams>) => list(base, toSearchQuery(p, override));
	const pages = pageWindow(result.page, result.pages).map((page) => ({ page, href: page ? href({ page }) : '' }));
	const hasPlace = result.place.status === 'found';
	const larger = RADII_KM.find((km) => km > p.radiusKm);
	const candidates =
		result.place.status === 'ambiguous'
			? await Promise.all(
					result.place.candidates.map(async (c) => {
						const place = await unambiguousPlace(c.ags);
						return place ? { name: c.name, district: c.district, href: href({ ...place, page: 1 }) } : null;
					})
				)
			: [];
	return {
		query: toSearchQuery(p),
		pages,
		previous: result.page > 1 ? href({ page: result.page - 1 }) : null,
		next: result.page < result.pages ? href({ page: result.page + 1 }) : null,
		active: activeFilters(p, href),
		reset: base,
		widen: hasPlace && larger ? { km: larger, href: href({ radiusKm: larger, page: 1 }) } : null,
		candidates: candidates.filter((c) => c !== null),
		districts: await districtNames([...result.facets.district.map((d) => d.value), ...p.district])
	};
}

/**
 * The back link of a detail page: the list query it was opened from, parsed
 * and rebuilt, so a crafted ?suche= can only ever lead to the atlas list.
 */
export function backQuery(raw: string | null): string | null {
	if (!raw) return null;
	return toSearchQuery(parseSearchParams(new URLSearchParams(raw.slice(0, 2000))));
}
