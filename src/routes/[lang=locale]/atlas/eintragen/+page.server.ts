import { fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { emptyEntryValues } from '$lib/atlas/form/entry';
import { SUBMIT_FORM, VERIFY_DAYS, submitEntry } from '$lib/server/atlas/write/submit';
import { protectionFields } from '$lib/server/protection/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	publicEntry('Projektatlas: anyone may submit an entry without an account (ALTCHA, honeypot, rate limit; verified by mail)');
	return { values: emptyEntryValues(locals.locale), protection: protectionFields(SUBMIT_FORM) };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('Projektatlas: anyone may submit an entry without an account (ALTCHA, honeypot, rate limit; verified by mail)');
		const data = await event.request.formData();
		const outcome = await submitEntry(data, { ip: event.getClientAddress(), locale: event.locals.locale });
		// The signed time the form was first shown stays with it through every round trip (fill time, ADR 0004).
		const started = typeof data.get('form_started') === 'string' ? String(data.get('form_started')) : undefined;
		switch (outcome.step) {
			case 'sent':
				return { step: 'sent' as const, email: outcome.email, days: VERIFY_DAYS };
			case 'duplicates':
				return { step: 'duplicates' as const, values: outcome.values, duplicates: outcome.duplicates, seen: outcome.seen, started };
			case 'form': {
				const { values, errors, choices } = outcome;
				if (Object.keys(errors).length === 0) return { step: 'form' as const, values, errors, choices, started, retryMinutes: undefined };
				if (outcome.reason === 'rate_limited') {
					const seconds = outcome.retryAfterSeconds ?? 3600;
					event.setHeaders({ 'Retry-After': String(seconds) });
					return fail(429, { step: 'form' as const, values, errors, choices, started, retryMinutes: Math.max(1, Math.ceil(seconds / 60)) });
				}
				return fail(400, { step: 'form' as const, values, errors, choices, started, retryMinutes: undefined });
			}
		}
	}
};
