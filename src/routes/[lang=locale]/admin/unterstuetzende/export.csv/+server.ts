import { parseAdminFilter, readRegion, supportersCsv } from '$lib/server/supporters/admin';
import { guard } from '$lib/server/web/guard';
import type { RequestHandler } from './$types';

/** The filtered list as CSV (spreadsheet conventions of the open-data CSV). */
export const GET: RequestHandler = async (event) => {
	guard(event, 'supporters.read', readRegion(event.locals.actor));
	const actor = event.locals.actor;
	const csv = await supportersCsv(actor, parseAdminFilter(event.url.searchParams));
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="unterstuetzende.csv"',
			'Cache-Control': 'private, no-store'
		}
	});
};
