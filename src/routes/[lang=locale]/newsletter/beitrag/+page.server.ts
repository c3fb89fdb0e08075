import { fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { SUBMISSION_FORM, submitForNewsletter } from '$lib/server/newsletter/submissions';
import { protectionFields } from '$lib/server/protection/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	publicEntry('for the newsletter: anyone may send in an item for the office to review');
	return { protection: protectionFields(SUBMISSION_FORM) };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('for the newsletter: stores an item for review (protected form, no publication without staff approval)');
		const result = await submitForNewsletter(await event.request.formData(), {
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
