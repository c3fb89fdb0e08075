import { error, fail } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { attendeeList, setCheckIn } from '$lib/server/events/admin';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'events.manage');
	const q = event.url.searchParams.get('q')?.trim().slice(0, 100) ?? '';
	const actor = event.locals.actor;
	const [list, all] = await forbiddenAs403(() => Promise.all([attendeeList(actor, event.params.id, q), attendeeList(actor, event.params.id)]));
	if (!list || !all) error(404);
	return {
		event: { id: list.event.id, title: list.event.title, startsAt: list.event.startsAt.toISOString(), endsAt: list.event.endsAt.toISOString() },
		q,
		people: list.attendees.map((a) => ({ id: a.id, name: a.name, organisation: a.organisation, checkedInAt: a.checkedInAt?.toISOString() ?? null })),
		total: all.attendees.length,
		present: all.attendees.filter((a) => a.checkedInAt).length
	};
};

export const actions: Actions = {
	default: async (event) => {
		guard(event, 'events.manage');
		const form = await event.request.formData();
		const id = String(form.get('registration') ?? '');
		const present = form.get('present') === 'yes';
		const name = String(form.get('name') ?? '').slice(0, 200);
		const ok = await forbiddenAs403(() => setCheckIn(event.locals.actor, event.params.id, id, present, new Date(), event.locals.requestId));
		if (!ok) return fail(404, { missing: true as const });
		return { done: { name, present } };
	}
};
