import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { isQueueStatus, listSubmissions } from '$lib/server/newsletter/submissions';
import { guard } from '$lib/server/web/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'newsletter.submissions');
	const given = event.url.searchParams.get('stand');
	const status = isQueueStatus(given) ? given : 'submitted';
	const { items, counts } = await forbiddenAs403(() => listSubmissions(event.locals.actor, status));
	return { status, items, counts };
};
