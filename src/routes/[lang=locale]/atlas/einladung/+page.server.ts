import { redirect } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { acceptInvitation, invitationEntry, invitationState, INVITE_DAYS } from '$lib/server/atlas/write/owners';
import { sessionCookieName, setSessionCookie } from '$lib/server/web/session-cookie';
import type { Actions, PageServerLoad } from './$types';

const NO_REFERRER = { 'Referrer-Policy': 'same-origin' };

/** GET only shows the invitation and a button; the POST accepts it. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('co-owner invitation link: holders of the emailed token accept here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('token') ?? '';
	const state = await invitationState(token);
	const entry = state === 'usable' ? await invitationEntry(token) : null;
	return { token: state === 'usable' ? token : null, state, title: entry?.title ?? '', days: INVITE_DAYS };
};

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		publicEntry('co-owner invitation: the emailed token itself is the credential');
		// Referrer-Policy is set by load, which runs after an action that returns (a header may be set only once).
		const form = await request.formData();
		const outcome = await acceptInvitation(String(form.get('token') ?? ''), cookies.get(sessionCookieName()));
		if (!outcome.ok) return { failed: outcome.reason === 'disabled' ? ('invalid' as const) : outcome.reason };
		setSessionCookie(cookies, outcome.sessionToken, outcome.expiresAt);
		redirect(303, `/${locals.locale}/konto/eintraege?eingeladen=${encodeURIComponent(outcome.slug)}`);
	}
};
