import { error, fail, redirect } from '@sveltejs/kit';
import { guard } from '$lib/server/web/guard';
import { loadForEdit, saveEdit } from '$lib/server/atlas/write/edit';
import type { Actions, PageServerLoad } from './$types';

const SAVED = ['live', 'saved', 'resubmitted'] as const;

export const load: PageServerLoad = async (event) => {
	// Signed in first; whether this person may edit this entry (owner or staff) is mayEdit's answer in the service.
	guard(event, 'account.self');
	const loaded = await loadForEdit(event.locals.actor, event.params.slug);
	if (loaded.kind === 'not_found') error(404);
	if (loaded.kind === 'forbidden') error(403, 'forbidden');
	const saved = event.url.searchParams.get('gespeichert');
	return { view: loaded.view, values: loaded.values, saved: SAVED.find((s) => s === saved) ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		guard(event, 'account.self');
		const outcome = await saveEdit(event.locals.actor, event.params.slug, await event.request.formData());
		if (outcome.kind === 'not_found') error(404);
		if (outcome.kind === 'forbidden') error(403, 'forbidden');
		if (outcome.kind === 'saved') {
			const how = outcome.resubmitted ? 'resubmitted' : outcome.status === 'published' ? 'live' : 'saved';
			redirect(303, `/${event.locals.locale}/atlas/${outcome.slug}/bearbeiten?gespeichert=${how}`);
		}
		if (outcome.kind === 'stale') {
			// Refused: the current state goes into the form (with its revision), what the person sent is shown beside it.
			return fail(409, {
				step: 'stale' as const,
				view: outcome.view,
				values: outcome.values,
				baseRevision: outcome.view.revision,
				errors: {} as Record<string, string>,
				choices: {},
				mine: { title: outcome.mine.title, teaser: outcome.mine.teaser, description: outcome.mine.description }
			});
		}
		const body = { step: 'form' as const, view: outcome.view, values: outcome.values, baseRevision: outcome.baseRevision, errors: outcome.errors, choices: outcome.choices, mine: null };
		return Object.keys(outcome.errors).length > 0 ? fail(400, body) : body;
	}
};
