import { error } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { attendeeList, registrationCounts } from '$lib/server/events/admin';
import { guard } from '$lib/server/web/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'events.manage');
	const actor = event.locals.actor;
	const list = await forbiddenAs403(() => attendeeList(actor, event.params.id));
	if (!list) error(404);
	const counts = await forbiddenAs403(() => registrationCounts(actor, event.params.id));
	return {
		event: { id: list.event.id, title: list.event.title, startsAt: list.event.startsAt.toISOString(), endsAt: list.event.endsAt.toISOString(), capacity: list.event.capacity },
		attendees: list.attendees.map((a) => ({ ...a, seatAt: a.seatAt?.toISOString() ?? null, checkedInAt: a.checkedInAt?.toISOString() ?? null })),
		counts: counts!
	};
};
