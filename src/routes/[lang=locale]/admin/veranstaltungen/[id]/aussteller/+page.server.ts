import { error, fail } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { decideStand, exhibitorsForStaff } from '$lib/server/events/exhibitors';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'events.manage');
	const list = await forbiddenAs403(() => exhibitorsForStaff(event.locals.actor, event.params.id, event.locals.locale));
	if (!list) error(404);
	return {
		event: { id: list.event.id, slug: list.event.slug, title: list.event.title, kind: list.event.kind },
		exhibitors: list.exhibitors.map((x) => ({ ...x, requestedAt: x.requestedAt.toISOString() }))
	};
};

async function decide(event: RequestEvent, decision: 'approve' | 'reject') {
	const form = await event.request.formData();
	const id = String(form.get('id') ?? '');
	const note = String(form.get('note') ?? '').slice(0, 4000);
	const result = await forbiddenAs403(() => decideStand(event.locals.actor, event.params.id, id, decision, note, { requestId: event.locals.requestId }));
	if (result.ok) return { decided: true as const };
	if ('errors' in result) return fail(400, { id, values: { note }, errors: result.errors });
	if (result.reason === 'not_found') error(404);
	return fail(409, { id, refused: result.reason });
}

export const actions: Actions = {
	approve: async (event) => {
		guard(event, 'events.manage');
		return decide(event, 'approve');
	},
	reject: async (event) => {
		guard(event, 'events.manage');
		return decide(event, 'reject');
	}
};
