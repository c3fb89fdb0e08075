import { fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { protectionFields } from '$lib/server/protection/service';
import { MYDATA_FORM, MYDATA_MINUTES, requestMyDataLink } from '$lib/server/supporters/mydata';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	publicEntry('self-service data access: anyone may ask for a link to the data stored for their address');
	return { protection: protectionFields(MYDATA_FORM), minutes: MYDATA_MINUTES };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('self-service data access: protected form, the link goes only to the address');
		const result = await requestMyDataLink(await event.request.formData(), { ip: event.getClientAddress(), locale: event.locals.locale });
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
