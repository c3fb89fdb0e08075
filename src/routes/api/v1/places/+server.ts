import { json } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { placesApi } from '$lib/server/gazetteer/api';
import type { RequestHandler } from './$types';

/** Place lookup for forms and the Projektatlas. */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('public reference data (open place names, postcodes and municipality keys)');
	const res = await placesApi(url.searchParams);
	const cache = res.status === 200 ? 'public, max-age=3600' : 'no-store';
	return json(res.body, { status: res.status, headers: { 'Cache-Control': cache } });
};
