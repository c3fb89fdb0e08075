import { publicEntry } from '$lib/server/access/policy';
import { showDemoNotice } from '$lib/server/platform/demo';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	publicEntry('site chrome: language, signed-in name, demo notice');
	return {
		locale: locals.locale,
		user: locals.user ? { displayName: locals.user.displayName, email: locals.user.email, role: locals.user.role } : null,
		demo: await showDemoNotice()
	};
};
