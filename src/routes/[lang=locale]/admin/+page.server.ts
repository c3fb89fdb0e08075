import { guard } from '$lib/server/web/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	guard(event, 'staff.area');
	return {};
};
