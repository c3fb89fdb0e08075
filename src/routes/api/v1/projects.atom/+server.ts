import { publicEntry } from '$lib/server/access/policy';
import { parseSearchParams } from '$lib/server/atlas/contract';
import { projectFeed } from '$lib/server/atlas/reuse/feed';
import type { RequestHandler } from './$types';

/** Open data: the newest published entries of any list filter as an Atom 1.0 feed (RFC 4287). */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('open data: newest published atlas entries as a feed, public fields only');
	const xml = await projectFeed(parseSearchParams(url.searchParams), url.searchParams.get('lang'), url.origin);
	return new Response(xml, {
		headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' }
	});
};
