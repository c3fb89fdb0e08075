import { fail, redirect } from '@sveltejs/kit';
import { forbiddenAs403, regionFilterOf } from '$lib/atlas/moderation/access.server';
import { pageParam, parseReviewedForm } from '$lib/server/atlas/moderation/forms';
import { listOwnerEdits, markReviewed } from '$lib/server/atlas/moderation/review';
import { mayFilterRegions } from '$lib/server/atlas/moderation/scope';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'moderation.read');
	const actor = event.locals.actor;
	const region = regionFilterOf(event.url, actor);
	const edits = await forbiddenAs403(() => listOwnerEdits(actor, { region, page: pageParam(event.url) }));
	return { edits, region: region ?? '', canFilter: mayFilterRegions(actor), done: event.url.searchParams.get('erledigt') };
};

export const actions: Actions = {
	gesehen: async (event) => {
		guard(event, 'moderation.write');
		const target = parseReviewedForm(await event.request.formData());
		if (!target) return fail(400, { errors: { list: 'moderation_error_form' } });
		const result = await forbiddenAs403(() => markReviewed(event.locals.actor, { ...target, requestId: event.locals.requestId }));
		if (!result.ok) {
			const key = result.reason === 'not_found' ? 'moderation_error_not_found' : 'moderation_error_already_reviewed';
			return fail(result.reason === 'not_found' ? 404 : 409, { errors: { list: key } });
		}
		const back = new URLSearchParams(event.url.searchParams);
		for (const key of [...back.keys()]) if (key.startsWith('/')) back.delete(key);
		back.set('erledigt', 'reviewed');
		redirect(303, `${event.url.pathname}?${back}`);
	}
};
