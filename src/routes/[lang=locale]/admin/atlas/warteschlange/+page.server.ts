import { forbiddenAs403, regionFilterOf } from '$lib/atlas/moderation/access.server';
import { pageParam } from '$lib/server/atlas/moderation/forms';
import { listQueue } from '$lib/server/atlas/moderation/queue';
import { mayFilterRegions } from '$lib/server/atlas/moderation/scope';
import { guard } from '$lib/server/web/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'moderation.read');
	const actor = event.locals.actor;
	const region = regionFilterOf(event.url, actor);
	const queue = await forbiddenAs403(() => listQueue(actor, { region, page: pageParam(event.url) }));
	return { queue, region: region ?? '', canFilter: mayFilterRegions(actor) };
};
