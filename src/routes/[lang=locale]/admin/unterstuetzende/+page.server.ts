import { countsOverTime, listSupporters, parseAdminFilter, readRegion } from '$lib/server/supporters/admin';
import { guard } from '$lib/server/web/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'supporters.read', readRegion(event.locals.actor));
	const actor = event.locals.actor;
	const filter = parseAdminFilter(event.url.searchParams);
	const list = await listSupporters(actor, filter);
	return {
		filter,
		regional: actor.kind === 'user' && actor.role === 'regional' ? actor.region : null,
		list: {
			...list,
			rows: list.rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, name: r.name, email: r.email, place: r.placeName, region: r.region, publicDisplay: r.publicDisplay, createdAt: r.createdAt.toISOString(), demo: r.demo }))
		},
		months: await countsOverTime(actor),
		query: event.url.searchParams.toString()
	};
};
