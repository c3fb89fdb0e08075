import { redirect } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { confirmSubmission, submissionLinkState, VERIFY_DAYS } from '$lib/server/atlas/write/submit';
import { sessionCookieName, setSessionCookie } from '$lib/server/web/session-cookie';
import type { Actions, PageServerLoad } from './$types';

// The token is in the URL: 'same-origin' keeps it from other sites and still sends Origin on the POST (CSRF check).
const NO_REFERRER = { 'Referrer-Policy': 'same-origin' };

/** GET only looks: mail scanners prefetch links, so only the POST consumes the token. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('submission verification link: holders of the emailed token confirm here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('token') ?? '';
	const state = await submissionLinkState(token);
	return { token: state === 'usable' ? token : null, state, days: VERIFY_DAYS };
};

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		publicEntry('submission verification: the emailed token itself is the credential');
		// Referrer-Policy is set by load, which runs after an action that returns (a header may be set only once).
		const form = await request.formData();
		const outcome = await confirmSubmission(String(form.get('token') ?? ''), cookies.get(sessionCookieName()));
		if (!outcome.ok) return { failed: outcome.reason === 'disabled' ? ('invalid' as const) : outcome.reason };
		setSessionCookie(cookies, outcome.sessionToken, outcome.expiresAt);
		redirect(303, `/${locals.locale}/konto/eintraege?bestaetigt=${encodeURIComponent(outcome.slug)}`);
	}
};
