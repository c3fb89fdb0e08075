import { publicEntry } from '$lib/server/access/policy';
import { config } from '$lib/server/core/config';
import { parseSearchParams, toSearchQuery } from '$lib/server/atlas/contract';
import { searchProjects } from '$lib/server/atlas/service';
import { mapOverview, orientationPlaces } from '$lib/server/atlas/map/service';
import { listLinks } from '$lib/atlas/links.server';
import type { PageServerLoad } from './$types';

/**
 * The atlas map: the list's search (same URL parameters, same filter form)
 * shown as one cluster per district, each linking to the filtered list.
 * Works without JavaScript; the interactive map is an enhancement.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	publicEntry('Projektatlas map: published offers are public information');
	const locale = locals.locale;
	const params = { ...parseSearchParams(url.searchParams), page: 1 };
	// The list's search gives the facets and the place; one result row is enough for that.
	const [search, overview, places] = await Promise.all([
		searchProjects({ ...params, perPage: 1 }, locale),
		mapOverview(params, locale),
		orientationPlaces()
	]);
	const result = { ...search, items: [], params, page: 1, pages: 1 };
	const links = await listLinks(`/${locale}/atlas/karte`, result);
	const listQuery = toSearchQuery(params);
	// A cluster's link: this search, restricted to the cluster's district instead of any chosen ones.
	const districtQuery = toSearchQuery(params, { district: [] });
	// Names and links are put together on the page (from links.districts and listQuery): page data is sent twice.
	const clusters = overview.clusters.map((c) => ({ district: c.districtKey, count: c.count, lat: c.lat, lon: c.lon }));
	for (const c of overview.clusters) if (c.districtKey && c.districtName) links.districts[c.districtKey] = c.districtName;
	const tilesUrl = config().ANPACKEN_MAP_TILES_URL;
	return {
		result,
		links,
		listQuery,
		districtQuery,
		overview: { total: overview.total, located: overview.located, unlocated: overview.unlocated, unlocatedEntries: overview.unlocatedEntries },
		clusters,
		places,
		radius: search.place.status === 'found' ? { lat: search.place.lat, lon: search.place.lon, km: params.radiusKm, place: search.place.name } : null,
		tiles: tilesUrl ? { url: tilesUrl, attribution: config().ANPACKEN_MAP_TILES_ATTRIBUTION ?? null } : null
	};
};
