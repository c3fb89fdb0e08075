import { fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { ALERT_FORM, CONFIRM_DAYS, alertSearch, subscribe } from '$lib/server/atlas/reuse/alerts';
import { protectionFields } from '$lib/server/protection/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	publicEntry('Projektatlas: anyone may ask for e-mail alerts about a search, no account needed');
	return { search: await alertSearch(url.searchParams, locals.locale), protection: protectionFields(ALERT_FORM), days: CONFIRM_DAYS };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('Projektatlas: subscribing creates only a pending alert until the address is confirmed by POST');
		const result = await subscribe(event.url.searchParams, await event.request.formData(), { ip: event.getClientAddress(), locale: event.locals.locale });
		if (result.ok) return { sent: true as const };
		if (!('values' in result)) return fail(400, { place: true as const });
		const { values, errors } = result;
		if (result.reason === 'rate_limited') {
			const seconds = result.retryAfterSeconds ?? 3600;
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, { values, errors, retryMinutes: Math.max(1, Math.ceil(seconds / 60)) });
		}
		return fail(400, { values, errors, retryMinutes: undefined });
	}
};
