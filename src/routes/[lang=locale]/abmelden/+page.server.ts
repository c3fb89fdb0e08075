import { redirect } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { signOut } from '$lib/server/accounts/service';
import { clearSessionCookie, sessionCookieName } from '$lib/server/web/session-cookie';
import type { Actions, PageServerLoad } from './$types';

/** Signing out is a POST (a GET link could be triggered by any page); GET only shows the result. */
export const load: PageServerLoad = ({ locals, url }) => {
	publicEntry('signed-out confirmation; signed-in visitors are sent to their account page');
	if (locals.user) redirect(303, `/${locals.locale}/konto`);
	const done = url.searchParams.get('erfolgt');
	if (done !== 'hier' && done !== 'ueberall') redirect(303, `/${locals.locale}`);
	return { everywhere: done === 'ueberall' };
};

export const actions: Actions = {
	default: async ({ cookies, locals }) => {
		publicEntry('sign out: ending one\'s own session needs no permission, anonymous POSTs are a no-op');
		await signOut(cookies.get(sessionCookieName()));
		clearSessionCookie(cookies);
		redirect(303, `/${locals.locale}/abmelden?erfolgt=hier`);
	}
};
