import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { attendanceStatistics, listStaffEvents } from '$lib/server/events/admin';
import { countSubmissions } from '$lib/server/events/community';
import { guard } from '$lib/server/web/guard';
import type { PageServerLoad } from './$types';

const STATS_YEARS = 3;

export const load: PageServerLoad = async (event) => {
	guard(event, 'events.manage');
	const actor = event.locals.actor;
	const past = event.url.searchParams.get('zeit') === 'vergangen';
	const since = new Date();
	since.setUTCFullYear(since.getUTCFullYear() - STATS_YEARS);
	const [events, stats] = await forbiddenAs403(() => Promise.all([listStaffEvents(actor, { past }), attendanceStatistics(actor, since)]));
	const submissions = await forbiddenAs403(() => countSubmissions(actor));
	return { events, stats, past, created: Number(event.url.searchParams.get('angelegt')) || 0, submissions };
};
