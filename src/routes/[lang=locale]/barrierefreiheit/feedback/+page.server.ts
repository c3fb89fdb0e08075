import { fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { FEEDBACK_FORM, submitFeedback } from '$lib/server/feedback/service';
import { protectionFields } from '$lib/server/protection/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	publicEntry('accessibility feedback (NBGG § 9b): no account needed');
	return { protection: protectionFields(FEEDBACK_FORM) };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('accessibility feedback (NBGG § 9b): no account needed');
		const result = await submitFeedback(await event.request.formData(), { locale: event.locals.locale, ip: event.getClientAddress() });
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
