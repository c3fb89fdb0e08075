import { json } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { statsDocument } from '$lib/server/supporters/wall';
import type { RequestHandler } from './$types';

/** Open data: counters of the appeal (every confirmed signature; numbers reveal nobody). */
export const GET: RequestHandler = async () => {
	publicEntry('open data: supporter counters');
	return json(await statsDocument(), { headers: { 'Cache-Control': 'public, max-age=60', 'Access-Control-Allow-Origin': '*' } });
};
