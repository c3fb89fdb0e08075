import { can } from '$lib/server/access/policy';
import { guard } from '$lib/server/web/guard';
import type { LayoutServerLoad } from './$types';

/** Keeps non-staff out of the chrome; each page and action still checks its own action (loads run in parallel). */
export const load: LayoutServerLoad = (event) => {
	guard(event, 'staff.area');
	const actor = event.locals.actor;
	return {
		staffNav: { users: can(actor, 'users.read'), audit: can(actor, 'audit.read'), atlas: can(actor, 'moderation.read'), events: can(actor, 'events.manage'), newsletterSubmissions: can(actor, 'newsletter.submissions'), newsletter: can(actor, 'newsletter.write'), supporters: can(actor, 'supporters.read') },
		staffRole: actor.kind === 'user' ? actor.role : null
	};
};
