/**
 * The JSON shape of GET /api/v1/projects/map (snake_case like the other
 * open-data endpoints). Whitelisted fields only: coordinates, counts and
 * names, never a street or postcode.
 */
import { toSearchQuery, type SearchParams, type SearchResult } from '../contract';
import type { BBox } from './contract';
import type { EntryLink, GridCluster, MapClusters } from './service';

export interface MapClusterJson {
	key: string;
	cell: [number, number];
	count: number;
	lat: number;
	lon: number;
	bounds: BBox;
	name: string | null;
	/** Query for the list page (/{lang}/atlas?…) that contains every entry of the cluster. */
	list_query: string;
}

export interface MapClustersJson {
	total: number;
	located: number;
	unlocated: number;
	zoom: number;
	place: SearchResult['place'];
	/** Query for the list page with the same filters (page 1). */
	list_query: string;
	clusters: MapClusterJson[];
}

export interface MapCellJson {
	zoom: number;
	cell: [number, number];
	count: number;
	entries: { slug: string; title: string; text_locale: string; place: string | null }[];
}

/**
 * The list restricted to the districts of a cluster's entries: every entry
 * of the cluster is in it (an entry's districts include its map location's).
 * Entries whose location has no district keep the search's own filters.
 */
export function clusterListQuery(params: SearchParams, districts: string[], withoutDistrict: boolean): string {
	if (withoutDistrict || districts.length === 0) return toSearchQuery(params, { page: 1 });
	return toSearchQuery(params, { district: districts, page: 1 });
}

function presentCluster(params: SearchParams, c: GridCluster): MapClusterJson {
	return {
		key: c.key,
		cell: [c.cell.x, c.cell.y],
		count: c.count,
		lat: c.lat,
		lon: c.lon,
		bounds: c.bounds,
		name: c.name,
		list_query: clusterListQuery(params, c.districts, c.withoutDistrict)
	};
}

export function presentClustersJson(params: SearchParams, r: MapClusters): MapClustersJson {
	return {
		total: r.total,
		located: r.located,
		unlocated: r.unlocated,
		zoom: r.zoom,
		place: r.place,
		list_query: toSearchQuery(params, { page: 1 }),
		clusters: r.clusters.map((c) => presentCluster(params, c))
	};
}

export function presentCellJson(cell: { zoom: number; x: number; y: number }, r: { count: number; entries: EntryLink[] }): MapCellJson {
	return {
		zoom: cell.zoom,
		cell: [cell.x, cell.y],
		count: r.count,
		entries: r.entries.map((e) => ({ slug: e.slug, title: e.title, text_locale: e.textLocale, place: e.place }))
	};
}
