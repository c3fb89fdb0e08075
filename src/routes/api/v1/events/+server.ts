import { json } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { parseEventFilter } from '$lib/server/events/contract';
import { localeOf } from '$lib/server/events/calendar';
import { presentApiItem } from '$lib/server/events/presenter';
import { pagedCalendarRows } from '$lib/server/events/service';
import type { RequestHandler } from './$types';

/** Open data: the public calendar as JSON, with the list page's filters (kind, region, field, from, to, near, radius, time, page, per_page). */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('open data: published events, public fields only');
	const filter = parseEventFilter(url.searchParams);
	const locale = localeOf(url.searchParams.get('lang'));
	const { rows, total } = await pagedCalendarRows(filter);
	return json(
		{
			total,
			page: filter.page,
			perPage: filter.perPage,
			pages: Math.max(1, Math.ceil(total / filter.perPage)),
			items: rows.map((r) => presentApiItem(r, url.origin, locale))
		},
		{ headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' } }
	);
};
