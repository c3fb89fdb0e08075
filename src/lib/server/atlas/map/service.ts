/**
 * The Projektatlas map: where the entries of a search are, as clusters that
 * always add up to the list's total (see sql.ts). Public data like the list:
 * only published entries, only coordinates that the detail page publishes
 * too (approximate locations hold nothing but their place's centre).
 */
import type { SearchParams, SearchResult } from '../contract';
import { config } from '../../core/config';
import { summariesByIds } from '../repository';
import { atlasDataVersion, SearchCache } from '../search-cache';
import { resolvePlace } from '../service';
import { CELL_PX, FRAME, fromWorldPixel, toSvg } from '../../../atlas/map/projection';
import { cellRange, type BBox, type MapView } from './contract';
import { cellEntryIds, districtRows, gridRows, largestPlaces, type DistrictRow, type GridRow } from './repository';
import type { Box, CellRange } from './sql';

/** Entries without a place listed by name under the map; the rest are one link away in the list. */
export const UNLOCATED_SHOWN = 10;
/** Entries listed in a cluster's popup; a larger cluster also links to the list. */
export const CELL_ENTRIES_MAX = 50;

/** 5 decimals are about 1 m, as in the open-data exports. */
const coord = (n: number) => Math.round(n * 1e5) / 1e5;

/**
 * Map answers are cached per node like list searches (search-cache.ts): valid
 * for one atlas data version, so a change shows with the next request.
 */
const districtCache = new SearchCache<{ total: number; unlocated: number; clusters: DistrictRow[]; unlocatedIds: string[] }>(500);
const gridCache = new SearchCache<{ total: number; unlocated: number; clusters: GridRow[] }>(2000);

async function cached<T>(cache: SearchCache<T>, key: string, compute: () => Promise<T>): Promise<T> {
	if (!config().ATLAS_SEARCH_CACHE) return compute();
	return cache.get(key, await atlasDataVersion(), compute);
}

/** Paging and order do not change a map. */
const mapKey = (params: SearchParams) => JSON.stringify({ ...params, page: 1, perPage: 0, sort: 'newest' });

/** Views are widened to blocks of this many cells, so small pans ask for (and cache) the same block. */
const BLOCK = 16;

export function snap(range: CellRange): CellRange {
	return {
		zoom: range.zoom,
		minX: Math.floor(range.minX / BLOCK) * BLOCK,
		maxX: Math.floor(range.maxX / BLOCK) * BLOCK + BLOCK - 1,
		minY: Math.floor(range.minY / BLOCK) * BLOCK,
		maxY: Math.floor(range.maxY / BLOCK) * BLOCK + BLOCK - 1
	};
}

/** The lat/lon box that holds a range of cells, with a small margin against rounding. */
export function cellBox(range: CellRange): Box {
	const nw = fromWorldPixel(range.minX * CELL_PX, range.minY * CELL_PX, range.zoom);
	const se = fromWorldPixel((range.maxX + 1) * CELL_PX, (range.maxY + 1) * CELL_PX, range.zoom);
	const margin = 1e-6;
	return { minLat: se.lat - margin, maxLat: nw.lat + margin, minLon: nw.lon - margin, maxLon: se.lon + margin };
}

/** Restricting early only pays off for views much smaller than the state. */
function worthRestricting(box: Box): boolean {
	const area = (box.maxLat - box.minLat) * (box.maxLon - box.minLon);
	return area < 0.25 * (FRAME.north - FRAME.south) * (FRAME.east - FRAME.west);
}

export interface EntryLink {
	slug: string;
	title: string;
	/** Language of the title (the reader's, else the entry's source language). */
	textLocale: string;
	place: string | null;
}

export interface DistrictCluster {
	/** Kreis key, or null for entries whose location has none (then the link keeps the other filters only). */
	districtKey: string | null;
	districtName: string | null;
	count: number;
	lat: number;
	lon: number;
}

export interface MapOverview {
	place: SearchResult['place'];
	/** Every matching entry: located + unlocated. */
	total: number;
	located: number;
	unlocated: number;
	/** One per district, largest first. */
	clusters: DistrictCluster[];
	/** The newest entries without a place (up to UNLOCATED_SHOWN). */
	unlocatedEntries: EntryLink[];
}

async function entryLinks(ids: string[], locale: string, centre: { lat: number; lon: number } | null): Promise<EntryLink[]> {
	const rows = new Map((await summariesByIds(ids, locale, centre)).map((r) => [r.id, r]));
	return ids.flatMap((id) => {
		const r = rows.get(id);
		return r ? [{ slug: r.slug, title: r.title, textLocale: r.text_locale, place: r.place_name }] : [];
	});
}

/** Clusters per district: the server-rendered map and its table. */
export async function mapOverview(params: SearchParams, locale: string): Promise<MapOverview> {
	const { place, centre } = await resolvePlace(params);
	const rows = await cached(districtCache, mapKey(params), () => districtRows(params, centre, UNLOCATED_SHOWN));
	const clusters = rows.clusters.map((c) => ({
		districtKey: c.district_key,
		districtName: c.district_name,
		count: c.count,
		lat: coord(c.lat),
		lon: coord(c.lon)
	}));
	return {
		place,
		total: rows.total,
		located: rows.total - rows.unlocated,
		unlocated: rows.unlocated,
		clusters,
		unlocatedEntries: await entryLinks(rows.unlocatedIds, locale, centre)
	};
}

export interface GridCluster {
	/** "zoom/x/y" of the grid cell: stable while the view moves, usable as a key. */
	key: string;
	cell: { x: number; y: number };
	count: number;
	/** Mean position of the entries in the cell. */
	lat: number;
	lon: number;
	/** Extent of the entries: zooming to it splits the cluster (unless all share one point). */
	bounds: BBox;
	/** The largest place within the extent, else the nearest one. */
	name: string | null;
	/** Districts of the entries; the list filtered to them contains every entry of the cluster. */
	districts: string[];
	withoutDistrict: boolean;
}

export interface MapClusters {
	place: SearchResult['place'];
	total: number;
	located: number;
	unlocated: number;
	zoom: number;
	clusters: GridCluster[];
}

/** Grid clusters of the cells covering a view: the interactive map. */
export async function mapClusters(params: SearchParams, view: Pick<MapView, 'zoom' | 'bbox'>): Promise<MapClusters> {
	const { place, centre } = await resolvePlace(params);
	const range = snap(cellRange(view));
	const box = cellBox(range);
	const rows = await cached(gridCache, `${mapKey(params)}|${JSON.stringify(range)}`, () =>
		gridRows(params, centre, range, worthRestricting(box) ? box : null)
	);
	return {
		place,
		total: rows.total,
		located: rows.total - rows.unlocated,
		unlocated: rows.unlocated,
		zoom: view.zoom,
		clusters: rows.clusters.map((c) => ({
			key: `${view.zoom}/${c.cx}/${c.cy}`,
			cell: { x: c.cx, y: c.cy },
			count: c.count,
			lat: coord(c.lat),
			lon: coord(c.lon),
			bounds: [coord(c.min_lon), coord(c.min_lat), coord(c.max_lon), coord(c.max_lat)],
			name: c.name,
			districts: [...c.districts].sort(),
			withoutDistrict: c.without_district
		}))
	};
}

/** The entries of one grid cell (a cluster's popup), newest first. */
export async function mapCellEntries(
	params: SearchParams,
	cell: { zoom: number; x: number; y: number },
	locale: string
): Promise<{ count: number; entries: EntryLink[] }> {
	const { centre } = await resolvePlace(params);
	const box = cellBox({ zoom: cell.zoom, minX: cell.x, maxX: cell.x, minY: cell.y, maxY: cell.y });
	const { ids, total } = await cellEntryIds(params, centre, cell, CELL_ENTRIES_MAX, box);
	return { count: total, entries: await entryLinks(ids, locale, centre) };
}

export interface OrientationPlace {
	name: string;
	lat: number;
	lon: number;
	/** Position on the static SVG map. */
	x: number;
	y: number;
}

/**
 * Up to `max` of the largest places, skipping any that would sit closer
 * than `spacing` SVG units to a larger one, so their labels do not collide.
 */
export async function orientationPlaces(max = 12, spacing = 60): Promise<OrientationPlace[]> {
	const chosen: OrientationPlace[] = [];
	for (const p of await largestPlaces(80)) {
		if (chosen.length >= max) break;
		const { x, y } = toSvg(p.lat, p.lon);
		if (chosen.some((c) => c.name === p.name || Math.hypot(c.x - x, c.y - y) < spacing)) continue;
		chosen.push({ name: p.name, lat: coord(p.lat), lon: coord(p.lon), x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 });
	}
	return chosen;
}
