import { error, fail } from '@sveltejs/kit';
import { guard } from '$lib/server/web/guard';
import { claimTarget, requestOwnership } from '$lib/server/atlas/write/owners';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// "This is mine": a signed-in person (any account) asks; staff decide in the moderation area.
	guard(event, 'account.self');
	const target = await claimTarget(event.locals.actor, event.params.slug);
	if (target.kind !== 'ok') error(404);
	return { project: { slug: target.project.slug, title: target.project.title }, alreadyOwner: target.alreadyOwner, pending: target.pending };
};

export const actions: Actions = {
	default: async (event) => {
		guard(event, 'account.self');
		const outcome = await requestOwnership(event.locals.actor, event.params.slug, await event.request.formData());
		if (outcome.kind === 'not_found') error(404);
		if (outcome.kind === 'invalid') return fail(400, { values: outcome.values, errors: outcome.errors });
		return { done: outcome.kind };
	}
};
