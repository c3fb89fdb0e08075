import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { forbiddenAs403, regionFilterOf } from '$lib/atlas/moderation/access.server';
import { pageParam, parseRequestForm } from '$lib/server/atlas/moderation/forms';
import { decideOwnershipRequest, listOwnershipRequests } from '$lib/server/atlas/moderation/ownership';
import { mayFilterRegions } from '$lib/server/atlas/moderation/scope';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad, RouteParams } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'moderation.read');
	const actor = event.locals.actor;
	const region = regionFilterOf(event.url, actor);
	const requests = await forbiddenAs403(() => listOwnershipRequests(actor, { region, page: pageParam(event.url) }));
	return { requests, region: region ?? '', canFilter: mayFilterRegions(actor), done: event.url.searchParams.get('erledigt') };
};

async function answer(event: RequestEvent<RouteParams>, approve: boolean) {
	const requestId = parseRequestForm(await event.request.formData());
	if (!requestId) return fail(400, { errors: { list: 'moderation_error_form' } });
	const result = await forbiddenAs403(() =>
		decideOwnershipRequest(event.locals.actor, { requestId, approve, auditRequestId: event.locals.requestId })
	);
	if (!result.ok) {
		const key = result.reason === 'not_found' ? 'moderation_error_not_found' : 'moderation_error_already_decided';
		return fail(result.reason === 'not_found' ? 404 : 409, { errors: { list: key } });
	}
	const back = new URLSearchParams(event.url.searchParams);
	for (const key of [...back.keys()]) if (key.startsWith('/')) back.delete(key);
	back.set('erledigt', `ownership_${result.status}`);
	redirect(303, `${event.url.pathname}?${back}`);
}

export const actions: Actions = {
	annehmen: async (event) => {
		guard(event, 'moderation.write');
		return answer(event, true);
	},
	ablehnen: async (event) => {
		guard(event, 'moderation.write');
		return answer(event, false);
	}
};
