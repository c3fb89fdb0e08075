import { error, fail } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { registrationCounts, staffEvent, updateStaffEvent } from '$lib/server/events/admin';
import { eventFormValues, parseEventForm, valuesFromEvent } from '$lib/server/events/staff-form';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'events.manage');
	const row = await forbiddenAs403(() => staffEvent(event.locals.actor, event.params.id));
	if (!row) error(404);
	const counts = await forbiddenAs403(() => registrationCounts(event.locals.actor, row.id));
	return {
		event: { id: row.id, slug: row.slug, title: row.title, seatsTaken: row.seatsTaken, registrationEnabled: row.registrationEnabled, status: row.status, kind: row.kind },
		values: valuesFromEvent(row),
		counts,
		created: Number(event.url.searchParams.get('angelegt')) || 0
	};
};

export const actions: Actions = {
	default: async (event) => {
		guard(event, 'events.manage');
		const form = await event.request.formData();
		const parsed = await parseEventForm(form);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const saved = await forbiddenAs403(() => updateStaffEvent(event.locals.actor, event.params.id, parsed, { requestId: event.locals.requestId }));
		if ('notFound' in saved) error(404);
		if (!saved.ok) return fail(400, { values: eventFormValues(form), errors: saved.errors });
		return { saved: true as const };
	}
};
