import { guard } from '$lib/server/web/guard';
import { myEntries } from '$lib/server/atlas/write/owners';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'account.self');
	const entries = await myEntries(event.locals.actor);
	// After a confirmed submission or an accepted invitation the page says so (the slug names the entry).
	const confirmed = event.url.searchParams.get('bestaetigt');
	const joined = event.url.searchParams.get('eingeladen');
	return {
		entries,
		notice: confirmed && entries.some((e) => e.slug === confirmed) ? ('confirmed' as const) : joined && entries.some((e) => e.slug === joined) ? ('joined' as const) : null
	};
};
