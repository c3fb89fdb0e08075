import { error, fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { protectionFields } from '$lib/server/protection/service';
import { REGISTER_FORM, register } from '$lib/server/events/registration';
import { getPublicEvent } from '$lib/server/events/service';
import { cancellationOf } from '$lib/server/events/cancellation';
import { eventCommunityExtras } from '$lib/server/events/exhibitors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	publicEntry('event calendar: published events are public information');
	const event = await getPublicEvent(params.slug);
	if (!event) error(404);
	const cancellation = event.cancelled ? await cancellationOf(event.id) : null;
	const community = await eventCommunityExtras(event.id, locals.locale);
	return { event, cancellationReason: cancellation?.reason ?? null, protection: protectionFields(REGISTER_FORM), origin: url.origin, community };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('event registration: guests register without an account (double opt-in by mail)');
		const result = await register(event.params.slug, await event.request.formData(), { ip: event.getClientAddress(), locale: event.locals.locale });
		if (result.ok) return { sent: true as const };
		if (!('values' in result)) {
			if (result.reason === 'not_found') error(404);
			return fail(409, { unavailable: true as const });
		}
		const { values, errors } = result;
		if (result.reason === 'rate_limited') {
			const seconds = result.retryAfterSeconds ?? 3600;
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, { values, errors, retryMinutes: Math.max(1, Math.ceil(seconds / 60)) });
		}
		return fail(400, { values, errors, retryMinutes: undefined });
	}
};
