import { error, fail } from '@sveltejs/kit';
import { guard } from '$lib/server/web/guard';
import { INVITE_DAYS, inviteOwner, ownersPage, removeCoOwner } from '$lib/server/atlas/write/owners';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// Signed in first; owners and staff only (mayEdit in the service).
	guard(event, 'account.self');
	const found = await ownersPage(event.locals.actor, event.params.slug);
	if (found.kind === 'not_found') error(404);
	if (found.kind === 'forbidden') error(403, 'forbidden');
	return { page: found.page, inviteDays: INVITE_DAYS };
};

export const actions: Actions = {
	einladen: async (event) => {
		guard(event, 'account.self');
		const outcome = await inviteOwner(event.locals.actor, event.params.slug, await event.request.formData(), { locale: event.locals.locale });
		if (outcome.kind === 'not_found') error(404);
		if (outcome.kind === 'forbidden') error(403, 'forbidden');
		if (outcome.kind === 'invalid') return fail(outcome.retryAfterSeconds ? 429 : 400, { action: 'invite' as const, values: outcome.values, errors: outcome.errors });
		return { action: 'invite' as const, sent: outcome.email };
	},
	entfernen: async (event) => {
		guard(event, 'account.self');
		const data = await event.request.formData();
		const outcome = await removeCoOwner(event.locals.actor, event.params.slug, String(data.get('user') ?? ''));
		if (outcome.kind === 'not_found') error(404);
		if (outcome.kind === 'forbidden') error(403, 'forbidden');
		if (outcome.kind === 'last_owner') return fail(409, { action: 'remove' as const, refused: 'last' as const });
		if (outcome.kind === 'not_owner') return fail(400, { action: 'remove' as const, refused: 'unknown' as const });
		return { action: 'remove' as const, removed: true };
	}
};
