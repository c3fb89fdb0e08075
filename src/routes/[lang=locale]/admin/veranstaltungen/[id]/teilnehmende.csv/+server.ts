import { error } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { m } from '$lib/paraglide/messages';
import { attendeesCsv } from '$lib/server/events/admin';
import { guard } from '$lib/server/web/guard';
import type { RequestHandler } from './$types';

/** Confirmed attendees as CSV (never waitlisted people); personal data, so no caching. */
export const GET: RequestHandler = async (event) => {
	guard(event, 'events.manage');
	const headers = [
		m.events_staff_col_name(),
		m.events_staff_col_email(),
		m.events_staff_col_organisation(),
		m.events_question_dietary(),
		m.events_question_accessibility(),
		m.events_question_interpreter(),
		m.events_staff_col_checked_in()
	];
	const result = await forbiddenAs403(() => attendeesCsv(event.locals.actor, event.params.id, headers, event.locals.requestId));
	if (!result) error(404);
	return new Response(result.csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="teilnehmende-${result.event.slug}.csv"`,
			'Cache-Control': 'no-store'
		}
	});
};
