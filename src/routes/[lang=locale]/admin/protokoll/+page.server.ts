import { listEntries } from '$lib/server/audit/service';
import { guard } from '$lib/server/web/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'audit.read');
	const raw = Number.parseInt(event.url.searchParams.get('vor') ?? '', 10);
	const before = Number.isSafeInteger(raw) && raw > 0 ? raw : undefined;
	const { entries, next } = await listEntries(event.locals.actor, { before, limit: 50 });
	return { entries, next: next ?? null, paged: before !== undefined };
};
