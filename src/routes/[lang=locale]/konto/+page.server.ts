import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/server/access/policy';
import { signOutEverywhere } from '$lib/server/accounts/service';
import { guard } from '$lib/server/web/guard';
import { clearSessionCookie } from '$lib/server/web/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	guard(event, 'account.self');
	const user = event.locals.user;
	if (!user) error(401, 'no session');
	return {
		account: { email: user.email, role: user.role, region: user.region, lastSignInAt: user.lastSignInAt },
		isStaff: can(event.locals.actor, 'staff.area')
	};
};

export const actions: Actions = {
	ueberall: async (event) => {
		guard(event, 'account.self');
		await signOutEverywhere(event.locals.actor);
		clearSessionCookie(event.cookies);
		redirect(303, `/${event.locals.locale}/abmelden?erfolgt=ueberall`);
	}
};
