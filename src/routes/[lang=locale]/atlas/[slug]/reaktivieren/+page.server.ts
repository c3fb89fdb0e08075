import { error, fail } from '@sveltejs/kit';
import { reviveEntry, reviveView } from '$lib/server/atlas/freshness/service';
import { ARCHIVE_AFTER_MONTHS } from '$lib/server/atlas/freshness/rules';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'account.self');
	const view = await reviveView(event.locals.actor, event.params.slug, event.locals.locale);
	if (view.status === 'not_found') error(404);
	if (view.status === 'forbidden') error(403, 'forbidden');
	return { view, months: ARCHIVE_AFTER_MONTHS };
};

export const actions: Actions = {
	default: async (event) => {
		guard(event, 'account.self');
		const result = await reviveEntry(event.locals.actor, event.params.slug, event.locals.locale, { requestId: event.locals.requestId });
		if (result.status === 'not_found') error(404);
		if (result.status === 'forbidden') error(403, 'forbidden');
		if (result.status === 'revived') return { revived: true as const, slug: result.slug, title: result.title };
		// Changed meanwhile (already published again, or archived by staff): the page shows the current state.
		return fail(409, { refused: result.status });
	}
};
