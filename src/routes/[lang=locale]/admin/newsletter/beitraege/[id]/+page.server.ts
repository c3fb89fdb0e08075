import { error, fail } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { decideSubmission, getSubmission, type Decision } from '$lib/server/newsletter/submissions';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'newsletter.submissions');
	const item = await forbiddenAs403(() => getSubmission(event.locals.actor, event.params.id));
	if (!item) error(404, 'not found');
	return { item };
};

async function decide(event: Parameters<Actions[string]>[0], decision: Decision) {
	const form = await event.request.formData();
	const note = String(form.get('note') ?? '').slice(0, 4000);
	const result = await forbiddenAs403(() => decideSubmission(event.locals.actor, event.params.id, decision, note, new Date(), event.locals.requestId));
	if (result.ok) return { decided: result.status };
	if ('error' in result) return fail(400, { note, errors: { note: result.error } as Record<string, string> });
	if (result.reason === 'not_found') error(404, 'not found');
	return fail(409, { notOpen: true as const, note });
}

export const actions: Actions = {
	approve: async (event) => {
		guard(event, 'newsletter.submissions');
		return decide(event, 'approve');
	},
	reject: async (event) => {
		guard(event, 'newsletter.submissions');
		return decide(event, 'reject');
	}
};
