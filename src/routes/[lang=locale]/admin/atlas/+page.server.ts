import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { openWork } from '$lib/server/atlas/moderation/queue';
import { guard } from '$lib/server/web/guard';
import { can } from '$lib/server/access/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'moderation.read');
	return { work: await forbiddenAs403(() => openWork(event.locals.actor)), embeds: can(event.locals.actor, 'atlas.embeds.write'), mayImport: can(event.locals.actor, 'atlas.import') };
};
