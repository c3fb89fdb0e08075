import { error, fail } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { cancelEvent, cancellationPreview, REASON_MAX } from '$lib/server/events/cancellation';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

/** The confirmation step of a cancellation: who is affected, the reason, an explicit "yes". Works without JavaScript. */
export const load: PageServerLoad = async (event) => {
	guard(event, 'events.manage');
	const preview = await forbiddenAs403(() => cancellationPreview(event.locals.actor, event.params.id));
	if (!preview) error(404);
	const e = preview.event;
	return {
		event: { id: e.id, slug: e.slug, title: e.title, status: e.status, startsAt: e.startsAt.toISOString(), endsAt: e.endsAt.toISOString() },
		cancellation: preview.cancellation ? { cancelledAt: preview.cancellation.cancelledAt.toISOString(), reason: preview.cancellation.reason } : null,
		affected: preview.affected,
		reasonMax: REASON_MAX
	};
};

export const actions: Actions = {
	default: async (event) => {
		guard(event, 'events.manage');
		const form = await event.request.formData();
		const outcome = await forbiddenAs403(() => cancelEvent(event.locals.actor, event.params.id, form, { requestId: event.locals.requestId }));
		if (outcome.ok) return { done: true as const, notified: outcome.notified };
		if ('state' in outcome) {
			if (outcome.state === 'not_found') error(404);
			return fail(409, { state: outcome.state });
		}
		return fail(400, { values: outcome.values, errors: outcome.errors });
	}
};
