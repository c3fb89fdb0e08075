import { json } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { parseSearchParams } from '$lib/server/atlas/contract';
import { searchProjects } from '$lib/server/atlas/service';
import { presentSearchJson } from '$lib/server/atlas/api';
import type { RequestHandler } from './$types';

/** Open data: published Projektatlas entries with their public fields (issue 3). */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('open data: published atlas entries, public fields only');
	const params = parseSearchParams(url.searchParams);
	const result = await searchProjects(params, url.searchParams.get('lang') ?? 'de');
	return json(presentSearchJson(result), { headers: { 'Cache-Control': 'public, max-age=60' } });
};
