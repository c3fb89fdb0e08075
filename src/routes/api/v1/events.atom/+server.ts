import { publicEntry } from '$lib/server/access/policy';
import { FEED_MAX, parseEventFilter } from '$lib/server/events/contract';
import { localeOf } from '$lib/server/events/calendar';
import { eventsAtom } from '$lib/server/events/feed';
import { calendarRows } from '$lib/server/events/service';
import type { RequestHandler } from './$types';

/** The calendar for any filter as an Atom 1.0 feed (RFC 4287). */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('open data: published events as a feed, public fields only');
	const filter = { ...parseEventFilter(url.searchParams), page: 1 };
	const rows = await calendarRows(filter, FEED_MAX);
	return new Response(eventsAtom(rows, filter, localeOf(url.searchParams.get('lang')), url.origin), {
		headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' }
	});
};
