import { fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { SUBMISSION_FORM, ownedPublishedEntries, submitCommunityEvent, userEmail } from '$lib/server/events/community';
import { protectionFields } from '$lib/server/protection/service';
import type { Actions, PageServerLoad } from './$types';

const DEFAULTS = { text_locale: 'de', online: 'no', step_free: 'unknown', start_time: '10:00', end_time: '12:00', languages: ['de'] };

export const load: PageServerLoad = async ({ locals }) => {
	publicEntry('community events: anyone may submit an event for moderation, no account needed');
	const actor = locals.actor;
	const entries = actor.kind === 'user' ? await ownedPublishedEntries(actor, locals.locale) : [];
	return {
		defaults: { ...DEFAULTS, text_locale: locals.locale },
		signedIn: actor.kind === 'user' ? { email: (await userEmail(actor)) ?? '' } : null,
		entries,
		protection: protectionFields(SUBMISSION_FORM)
	};
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('community events: anyone may submit an event for moderation, no account needed');
		const result = await submitCommunityEvent(await event.request.formData(), {
			actor: event.locals.actor,
			ip: event.getClientAddress(),
			locale: event.locals.locale,
			requestId: event.locals.requestId
		});
		if (result.ok) return { sent: true as const, verify: result.verify };
		const { values, errors } = result;
		if (result.reason === 'rate_limited') {
			const seconds = result.retryAfterSeconds ?? 3600;
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, { values, errors, retryMinutes: Math.max(1, Math.ceil(seconds / 60)) });
		}
		return fail(400, { values, errors, retryMinutes: undefined });
	}
};
