import { publicEntry } from '$lib/server/access/policy';
import { FEED_MAX, parseEventFilter } from '$lib/server/events/contract';
import { feedIcs, localeOf } from '$lib/server/events/calendar';
import { calendarRows } from '$lib/server/events/service';
import type { RequestHandler } from './$types';

/** A subscribable iCalendar feed (RFC 5545) for any calendar filter. */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('open data: published events as a subscribable calendar feed');
	const rows = await calendarRows({ ...parseEventFilter(url.searchParams), page: 1 }, FEED_MAX);
	return new Response(feedIcs(rows, localeOf(url.searchParams.get('lang'))), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': 'inline; filename="veranstaltungen.ics"',
			'Cache-Control': 'public, max-age=300'
		}
	});
};
