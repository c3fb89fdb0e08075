import { redirect } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { completeSignIn, signInTokenUsable } from '$lib/server/accounts/service';
import { config } from '$lib/server/core/config';
import { sessionCookieName, setSessionCookie } from '$lib/server/web/session-cookie';
import type { Actions, PageServerLoad } from './$types';

// The token is in the URL: never leak it to other sites through Referer.
// 'same-origin' rather than 'no-referrer': with no-referrer, browsers send
// `Origin: null` on the confirming POST, which the CSRF check must refuse.
const NO_REFERRER = { 'Referrer-Policy': 'same-origin' };

/** GET only looks: mail scanners prefetch links, so only the POST consumes the token. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('sign-in link landing page: holders of a link token confirm here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('token') ?? '';
	return { token: (await signInTokenUsable(token)) ? token : null, minutes: config().SIGNIN_LINK_MINUTES };
};

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		publicEntry('sign-in link confirmation: the token itself is the credential');
		// No setHeaders here: when the action returns (used or expired link), load runs
		// next and sets Referrer-Policy; setting it twice is an error in SvelteKit.
		const form = await request.formData();
		const token = String(form.get('token') ?? '');
		const grant = await completeSignIn(token, cookies.get(sessionCookieName()));
		// Reloading the GET page then shows the "expired or used" explanation.
		if (!grant) return { invalid: true };
		setSessionCookie(cookies, grant.sessionToken, grant.expiresAt);
		redirect(303, grant.redirectTo ?? `/${locals.locale}/konto`);
	}
};
