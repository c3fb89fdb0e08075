import { fail, redirect } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { emailSchema, requestSignIn, safeRedirect } from '$lib/server/accounts/service';
import { config } from '$lib/server/core/config';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	publicEntry('sign-in form: anyone may ask for a sign-in link');
	const next = safeRedirect(url.searchParams.get('next'));
	if (locals.user) redirect(303, next ?? `/${locals.locale}/konto`);
	return { next, minutes: config().SIGNIN_LINK_MINUTES };
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('sign-in form: anyone may ask for a sign-in link');
		const form = await event.request.formData();
		const rawEmail = String(form.get('email') ?? '');
		const next = safeRedirect(String(form.get('next') ?? ''));
		const values = { email: rawEmail.slice(0, 254), next: next ?? '' };
		const parsed = emailSchema.safeParse(rawEmail);
		if (!parsed.success) return fail(400, { values, errors: { email: 'auth_error_email_invalid' } });
		// TODO(protection): the ALTCHA/honeypot check goes here, before any mail is queued.
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
