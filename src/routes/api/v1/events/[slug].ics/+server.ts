import { error } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { eventIcs, icsFilename, localeOf } from '$lib/server/events/calendar';
import { publicEventRow } from '$lib/server/events/service';
import type { RequestHandler } from './$types';

/** One event as an iCalendar file, for "add to my calendar". */
export const GET: RequestHandler = async ({ params, url }) => {
	publicEntry('open data: one published event as an iCalendar file');
	const row = await publicEventRow(params.slug);
	if (!row) error(404);
	return new Response(eventIcs(row, localeOf(url.searchParams.get('lang'))), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `attachment; filename="${icsFilename(row)}"`,
			'Cache-Control': 'public, max-age=300'
		}
	});
};
