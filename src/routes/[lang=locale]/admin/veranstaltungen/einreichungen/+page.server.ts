import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { listSubmissions } from '$lib/server/events/community';
import { guard } from '$lib/server/web/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'events.manage');
	return { submissions: await forbiddenAs403(() => listSubmissions(event.locals.actor)) };
};
