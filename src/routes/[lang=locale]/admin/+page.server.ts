import { can } from '$lib/server/access/policy';
import { countSubmissions } from '$lib/server/events/community';
import { guard } from '$lib/server/web/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'staff.area');
	// Submitted community events waiting for review (issue 5), for staff who may decide on them.
	const eventSubmissions = can(event.locals.actor, 'events.manage') ? await countSubmissions(event.locals.actor) : null;
	return { eventSubmissions };
};
