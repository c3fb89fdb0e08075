import { fail, redirect } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { emailSchema, requestSignIn, safeRedirect } from '$lib/server/accounts/service';
import { config } from '$lib/server/core/config';
import type { FieldErrors } from '$lib/forms/errors';
import { checkSubmission, PROTECTION_MESSAGES, protectionFields } from '$lib/server/protection/service';
import type { Actions, PageServerLoad } from './$types';

/** Bot protection per IP on top of requestSignIn's own limits; without JavaScript a fifth of it (docs/adr/0004). */
const SIGNIN_FORM_LIMIT = { name: 'ip', max: 30, windowSeconds: 15 * 60 };

export const load: PageServerLoad = ({ locals, url }) => {
	publicEntry('sign-in form: anyone may ask for a sign-in link');
	const next = safeRedirect(url.searchParams.get('next'));
	if (locals.user) redirect(303, next ?? `/${locals.locale}/konto`);
	return { next, minutes: config().SIGNIN_LINK_MINUTES, protection: protectionFields('signin') };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('sign-in form: anyone may ask for a sign-in link');
		const form = await event.request.formData();
		const rawEmail = String(form.get('email') ?? '');
		const next = safeRedirect(String(form.get('next') ?? '') || event.url.searchParams.get('next'));
		const values = { email: rawEmail.slice(0, 254), next: next ?? '' };
		const parsed = emailSchema.safeParse(rawEmail);
		if (!parsed.success) return fail(400, { values, errors: { email: 'auth_error_email_invalid' }, retryMinutes: 0 });
		// No minimum fill time: the browser fills the one field in, and people send it at once.
		const protection = await checkSubmission(form, { form: 'signin', ip: event.getClientAddress(), limit: SIGNIN_FORM_LIMIT, minFillMs: 0 });
		// A bot that filled the honeypot gets the usual answer; no mail is sent.
		if (!protection.ok && protection.reason === 'spam') return { sent: true, email: parsed.data };
		if (!protection.ok) {
			const retryMinutes = Math.max(1, Math.ceil((protection.retryAfterSeconds ?? 0) / 60));
			if (protection.reason === 'rate_limited') event.setHeaders({ 'Retry-After': String(protection.retryAfterSeconds ?? 60) });
			const errors: FieldErrors = { protection: PROTECTION_MESSAGES[protection.reason] };
			return fail(protection.reason === 'rate_limited' ? 429 : 400, { values, errors, retryMinutes });
		}
		const result = await requestSignIn({ email: parsed.data, locale: event.locals.locale, redirectTo: next, ip: event.getClientAddress() });
		if (!result.ok) {
			return fail(429, {
				values,
				errors: { email: 'auth_error_rate_limited' },
				retryMinutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60))
			});
		}
		return { sent: true, email: parsed.data };
	}
};
