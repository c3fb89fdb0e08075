import { publicEntry } from '$lib/server/access/policy';
import { parseSearchParams } from '$lib/server/atlas/contract';
import { csvChunks, exportSource, toStream } from '$lib/server/atlas/export';
import type { RequestHandler } from './$types';

/** Open data: the filtered atlas as a spreadsheet-friendly CSV, one row per entry. */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('open data: published atlas entries, public fields only');
	const src = await exportSource(parseSearchParams(url.searchParams), url.searchParams.get('lang') ?? 'de');
	return new Response(toStream(csvChunks(src, url.origin)), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="projektatlas.csv"',
			'Cache-Control': 'public, max-age=60',
			// CSV has no place for metadata, so completeness travels in headers.
			'X-Total-Count': String(src.total),
			'X-Truncated': String(src.truncated)
		}
	});
};
