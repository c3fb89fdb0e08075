import { publicEntry } from '$lib/server/access/policy';
import { parseSearchParams } from '$lib/server/atlas/contract';
import { exportSource, geojsonChunks, toStream } from '$lib/server/atlas/export';
import type { RequestHandler } from './$types';

/** Open data: the filtered atlas as RFC 7946 GeoJSON, one feature per location. */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('open data: published atlas entries, public fields only');
	const src = await exportSource(parseSearchParams(url.searchParams), url.searchParams.get('lang') ?? 'de');
	return new Response(toStream(geojsonChunks(src, url.origin)), {
		headers: {
			'Content-Type': 'application/geo+json; charset=utf-8',
			'Cache-Control': 'public, max-age=60',
			'X-Total-Count': String(src.total),
			'X-Truncated': String(src.truncated)
		}
	});
};
