import { json } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { parseSearchParams } from '$lib/server/atlas/contract';
import { parseMapView } from '$lib/server/atlas/map/contract';
import { mapCellEntries, mapClusters } from '$lib/server/atlas/map/service';
import { presentCellJson, presentClustersJson } from '$lib/server/atlas/map/api';
import type { RequestHandler } from './$types';

/**
 * Open data: where the published entries of a search are, as grid clusters
 * for one zoom level and view (the interactive map), or the entries of one
 * cluster's cell (its popup). Same filter parameters as GET /api/v1/projects.
 */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('open data: locations of published atlas entries, clustered; public fields only');
	const params = parseSearchParams(url.searchParams);
	const view = parseMapView(url.searchParams);
	if (!view.ok) return json({ error: 'invalid_parameter', parameter: view.problem }, { status: 400 });
	const headers = { 'Cache-Control': 'public, max-age=60' };
	const { zoom, cell } = view.view;
	if (cell) {
		const where = { zoom, x: cell.x, y: cell.y };
		const entries = await mapCellEntries(params, where, url.searchParams.get('lang') ?? 'de');
		return json(presentCellJson(where, entries), { headers });
	}
	return json(presentClustersJson(params, await mapClusters(params, view.view)), { headers });
};
