import { error, fail } from '@sveltejs/kit';
import { addImage, deleteImage, imagesPage, moveImage } from '$lib/server/atlas/media/service';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

function refuse(reason: 'not_found' | 'forbidden'): never {
	error(reason === 'not_found' ? 404 : 403, reason === 'not_found' ? 'not_found' : 'forbidden');
}

export const load: PageServerLoad = async (event) => {
	guard(event, 'account.self');
	const page = await imagesPage(event.locals.actor, event.params.slug);
	if (!page.ok) refuse(page.reason);
	const { entry, images, max } = page.value;
	return { entry: { slug: entry.slug, title: entry.title, sourceLocale: entry.sourceLocale, status: entry.status }, images, max };
};

export const actions: Actions = {
	upload: async (event) => {
		guard(event, 'account.self');
		const result = await addImage(event.locals.actor, event.params.slug, await event.request.formData(), { requestId: event.locals.requestId });
		if (result.ok) return { done: 'added' as const };
		if (result.reason !== 'invalid') refuse(result.reason);
		return fail(400, { values: result.values, errors: result.errors });
	},
	delete: async (event) => {
		guard(event, 'account.self');
		const form = await event.request.formData();
		const result = await deleteImage(event.locals.actor, event.params.slug, String(form.get('id') ?? ''), { requestId: event.locals.requestId });
		if (!result.ok) refuse(result.reason);
		return { done: 'deleted' as const };
	},
	move: async (event) => {
		guard(event, 'account.self');
		const form = await event.request.formData();
		const direction = form.get('direction') === 'up' ? 'up' : 'down';
		const result = await moveImage(event.locals.actor, event.params.slug, String(form.get('id') ?? ''), direction, { requestId: event.locals.requestId });
		if (!result.ok) refuse(result.reason);
		return { done: 'moved' as const };
	}
};
