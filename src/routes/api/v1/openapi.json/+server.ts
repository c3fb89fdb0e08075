import { json } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { openApiDocument } from '$lib/server/atlas/openapi';
import { withStatsApi } from '$lib/server/supporters/wall';
import type { RequestHandler } from './$types';

/** Machine-readable description of the open-data API. */
export const GET: RequestHandler = ({ url }) => {
	publicEntry('public API documentation');
	return json(withStatsApi(openApiDocument(url.origin)), { headers: { 'Cache-Control': 'public, max-age=3600' } });
};
