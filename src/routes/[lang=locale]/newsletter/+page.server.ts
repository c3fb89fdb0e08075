import { fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { consentWording } from '$lib/server/consent/purposes';
import { CONFIRM_HOURS, SUBSCRIBE_FORM, subscribeToNewsletter } from '$lib/server/newsletter/subscribe';
import { protectionFields } from '$lib/server/protection/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	publicEntry('newsletter: anyone may subscribe, the subscription stays pending until confirmed by POST');
	return { protection: protectionFields(SUBSCRIBE_FORM), consentText: consentWording('newsletter', locals.locale), hours: CONFIRM_HOURS };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('newsletter subscribe: creates only a pending subscriber and consent until the mailed link is confirmed by POST');
		const result = await subscribeToNewsletter(await event.request.formData(), {
			ip: event.getClientAddress(),
			locale: event.locals.locale,
			requestId: event.locals.requestId
		});
		if (result.ok) return { sent: true as const };
		const { values, errors } = result;
		if (result.reason === 'rate_limited') {
			const seconds = result.retryAfterSeconds ?? 3600;
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, { values, errors, retryMinutes: Math.max(1, Math.ceil(seconds / 60)) });
		}
		return fail(400, { values, errors, retryMinutes: undefined });
	}
};
