import { error, fail } from '@sveltejs/kit';
import { requestStand, standPage, withdrawStand } from '$lib/server/events/exhibitors';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

/** Owners of atlas entries ask for a stand at a market; anonymous visitors are sent to sign in first. */
export const load: PageServerLoad = async (event) => {
	guard(event, 'account.self');
	const page = await standPage(event.locals.actor, event.params.slug, event.locals.locale);
	if (!page) error(404);
	return {
		event: { slug: page.event.slug, title: page.event.title, textLocale: page.event.textLocale, startsAt: page.event.startsAt.toISOString(), endsAt: page.event.endsAt.toISOString() },
		entries: page.entries,
		requests: page.requests,
		withdrawn: event.url.searchParams.has('zurueckgezogen')
	};
};

export const actions: Actions = {
	request: async (event) => {
		guard(event, 'account.self');
		const result = await requestStand(event.locals.actor, event.params.slug, await event.request.formData(), { requestId: event.locals.requestId });
		if (result.ok) return { sent: true as const };
		if (!('values' in result)) error(404);
		return fail(400, { values: result.values, errors: result.errors });
	},
	withdraw: async (event) => {
		guard(event, 'account.self');
		const form = await event.request.formData();
		const ok = await withdrawStand(event.locals.actor, String(form.get('id') ?? ''), { requestId: event.locals.requestId });
		if (!ok) error(404);
		return { withdrawn: true as const };
	}
};
