import { fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { protectionFields } from '$lib/server/protection/service';
import { SIGN_FORM, signAppeal } from '$lib/server/supporters/signup';
import { supporterCounts } from '$lib/server/supporters/wall';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	publicEntry('the appeal: anyone may read it and sign it, no account needed');
	return { counts: await supporterCounts(), protection: protectionFields(SIGN_FORM) };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('signing the appeal: protected public form, double opt-in by mail');
		const result = await signAppeal(await event.request.formData(), {
			ip: event.getClientAddress(),
			locale: event.locals.locale,
			source: event.url.pathname,
			requestId: event.locals.requestId
		});
		if (result.ok) return { sent: true as const };
		const { values, errors, logoLost } = result;
		if (result.reason === 'rate_limited') {
			const seconds = result.retryAfterSeconds ?? 3600;
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, { values, errors, logoLost, retryMinutes: Math.max(1, Math.ceil(seconds / 60)) });
		}
		return fail(400, { values, errors, logoLost, retryMinutes: undefined });
	}
};
