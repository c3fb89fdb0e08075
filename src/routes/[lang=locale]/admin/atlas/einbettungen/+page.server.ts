import { fail } from '@sveltejs/kit';
import { createEmbed, embedChoices, listEmbedViews, setEmbedActive } from '$lib/server/atlas/reuse/embeds';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'atlas.embeds.write');
	const { locals, url } = event;
	return { embeds: await listEmbedViews(locals.actor, locals.locale), choices: await embedChoices(), origin: url.origin };
};

export const actions: Actions = {
	create: async (event) => {
		guard(event, 'atlas.embeds.write');
		const { locals } = event;
		const result = await createEmbed(locals.actor, await event.request.formData(), { locale: locals.locale, requestId: locals.requestId });
		if (!result.ok) return fail(400, { values: result.values, errors: result.errors });
		return { created: { id: result.embed.id, name: result.embed.name } };
	},
	toggle: async (event) => {
		guard(event, 'atlas.embeds.write');
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		const active = form.get('active') === 'true';
		const ok = await setEmbedActive(event.locals.actor, id, active, event.locals.requestId);
		if (!ok) return fail(404, { toggleFailed: true as const });
		return { toggled: { id, active } };
	}
};
