import { error, fail } from '@sveltejs/kit';
import { commitImport, discardImport, getImport } from '$lib/server/atlas/import/service';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'atlas.import');
	const view = await getImport(event.locals.actor, event.params.id);
	if (!view) error(404);
	return { view };
};

/** What the form said: the ticked rows and the chosen places, kept to show the form again. */
function selectionOf(form: FormData): { rows: number[]; places: Record<string, string> } {
	const rows = form
		.getAll('zeile')
		.map((v) => Number(v))
		.filter((n) => Number.isInteger(n) && n > 0)
		.slice(0, 5000);
	const places: Record<string, string> = {};
	for (const [key, value] of form.entries()) {
		if (/^ort-\d{1,5}-\d{1,2}$/.test(key) && typeof value === 'string') places[key] = value.slice(0, 12);
	}
	return { rows, places };
}

export const actions: Actions = {
	importieren: async (event) => {
		guard(event, 'atlas.import');
		const selection = selectionOf(await event.request.formData());
		const result = await commitImport(event.locals.actor, event.params.id, selection, { requestId: event.locals.requestId });
		if (result.ok) return { imported: result.imported, skipped: result.skipped };
		if (result.reason === 'not_found') error(404);
		if (result.reason === 'invalid') return fail(400, { errors: result.errors, selection });
		return fail(409, { refused: result.reason });
	},
	verwerfen: async (event) => {
		guard(event, 'atlas.import');
		const result = await discardImport(event.locals.actor, event.params.id, { requestId: event.locals.requestId });
		if (result.ok) return { discarded: true as const };
		if (result.reason === 'not_found') error(404);
		return fail(409, { refused: result.reason });
	}
};
