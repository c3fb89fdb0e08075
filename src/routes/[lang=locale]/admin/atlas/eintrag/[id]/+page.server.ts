import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { renderMarkdown, type SafeHtml } from '$lib/server/markdown';
import { allowedTransitions, decide } from '$lib/server/atlas/moderation/decisions';
import { parseDecisionForm } from '$lib/server/atlas/moderation/forms';
import { getEntryForReview } from '$lib/server/atlas/moderation/queue';
import type { Transition } from '$lib/server/atlas/moderation/repository';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad, RouteParams } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'moderation.read');
	const entry = await forbiddenAs403(() => getEntryForReview(event.locals.actor, event.params.id));
	if (!entry) error(404, 'not_found');
	const descriptions: Record<string, SafeHtml> = {};
	for (const [locale, text] of Object.entries(entry.snapshot.texts)) descriptions[locale] = renderMarkdown(text.description);
	return { entry, descriptions, allowed: allowedTransitions(entry.status), done: event.url.searchParams.get('erledigt') };
};

/** Decides, then shows the entry's new state; a refused decision keeps what was typed. */
async function decision(event: RequestEvent<RouteParams>, transition: Transition) {
	const parsed = parseDecisionForm(transition, await event.request.formData());
	if (!parsed.ok) {
		const { revision, ...fields } = parsed.errors;
		const errors = revision ? { ...fields, decision: revision } : fields;
		return fail(400, { transition, values: parsed.values, errors });
	}
	const result = await forbiddenAs403(() =>
		decide(event.locals.actor, {
			projectId: event.params.id,
			transition,
			revision: parsed.revision,
			note: parsed.note,
			requestId: event.locals.requestId
		})
	);
	if (result.ok) redirect(303, `/${event.locals.locale}/admin/atlas/eintrag/${event.params.id}?erledigt=${transition}`);
	if (result.reason === 'not_found') error(404, 'not_found');
	const errors: Record<string, string> =
		result.reason === 'note_required'
			? { [transition === 'reject' ? 'reason' : 'note']: `moderation_error_${transition === 'reject' ? 'reason' : 'note'}_required` }
			: { decision: `moderation_error_${result.reason}` };
	return fail(result.reason === 'stale' ? 409 : 400, { transition, values: parsed.values, errors });
}

export const actions: Actions = {
	freigeben: async (event) => {
		guard(event, 'moderation.write');
		return decision(event, 'approve');
	},
	ablehnen: async (event) => {
		guard(event, 'moderation.write');
		return decision(event, 'reject');
	},
	aenderungen: async (event) => {
		guard(event, 'moderation.write');
		return decision(event, 'request_changes');
	},
	archivieren: async (event) => {
		guard(event, 'moderation.write');
		return decision(event, 'archive');
	},
	veroeffentlichen: async (event) => {
		guard(event, 'moderation.write');
		return decision(event, 'republish');
	}
};
