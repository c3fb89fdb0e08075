import { error, fail } from '@sveltejs/kit';
import { confirmTranslation, saveTranslation, translationsPage } from '$lib/server/atlas/translate/service';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

function refuse(reason: 'not_found' | 'forbidden'): never {
	error(reason === 'not_found' ? 404 : 403, reason === 'not_found' ? 'not_found' : 'forbidden');
}

export const load: PageServerLoad = async (event) => {
	guard(event, 'account.self');
	const page = await translationsPage(event.locals.actor, event.params.slug);
	if (!page.ok) refuse(page.reason);
	const { entry, source, targets } = page.value;
	return {
		entry: { slug: entry.slug, title: entry.title, sourceLocale: entry.sourceLocale, revision: entry.revision, published: entry.status === 'published' },
		source,
		targets
	};
};

export const actions: Actions = {
	save: async (event) => {
		guard(event, 'account.self');
		const result = await saveTranslation(event.locals.actor, event.params.slug, await event.request.formData(), { requestId: event.locals.requestId });
		if (result.ok) return { done: 'saved' as const, locale: result.locale };
		if (!('values' in result)) refuse(result.reason);
		return fail(result.reason === 'stale' ? 409 : 400, { locale: result.values.locale, values: result.values, errors: result.errors });
	},
	confirm: async (event) => {
		guard(event, 'account.self');
		const result = await confirmTranslation(event.locals.actor, event.params.slug, await event.request.formData(), { requestId: event.locals.requestId });
		if (result.ok) return { done: 'confirmed' as const, locale: result.locale };
		if (!('locale' in result)) refuse(result.reason);
		const key = result.reason === 'stale' ? 'translate_error_stale' : 'translate_error_not_outdated';
		return fail(409, { locale: result.locale, values: null, errors: { form: key } });
	}
};
