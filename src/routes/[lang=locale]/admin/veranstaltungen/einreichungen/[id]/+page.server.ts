import { error, fail } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { renderMarkdown } from '$lib/server/markdown';
import { decideSubmission, submissionDetail } from '$lib/server/events/community';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'events.manage');
	const detail = await forbiddenAs403(() => submissionDetail(event.locals.actor, event.params.id, event.locals.locale));
	if (!detail) error(404);
	const e = detail.event;
	return {
		event: {
			id: e.id,
			slug: e.slug,
			status: e.status,
			title: e.title,
			textLocale: e.textLocale,
			descriptionHtml: renderMarkdown(e.description),
			startsAt: e.startsAt.toISOString(),
			endsAt: e.endsAt.toISOString(),
			region: e.region,
			online: e.online,
			onlineUrl: e.onlineUrl,
			venueName: e.venueName,
			street: e.street,
			postcode: e.postcode,
			placeName: e.placeName,
			stepFree: e.stepFree,
			accessibility: e.accessibility,
			languages: e.languages,
			interpretation: e.interpretation,
			fields: e.fields,
			organiser: e.organiser,
			contactEmail: e.contactEmail,
			contactPhone: e.contactPhone,
			website: e.website
		},
		submitter: { name: detail.submitter.name, email: detail.submitter.email, submittedAt: detail.submitter.submittedAt?.toISOString() ?? null },
		project: detail.project,
		own: detail.own,
		similar: detail.similar
	};
};

async function decide(event: RequestEvent, decision: 'approve' | 'reject') {
	const form = await event.request.formData();
	const note = String(form.get('note') ?? '').slice(0, 4000);
	const result = await forbiddenAs403(() => decideSubmission(event.locals.actor, event.params.id, decision, note, { requestId: event.locals.requestId }));
	if (result.ok) return { decided: decision };
	if ('errors' in result) return fail(400, { values: { note }, errors: result.errors });
	if (result.reason === 'not_found') error(404);
	return fail(409, { refused: result.reason });
}

export const actions: Actions = {
	approve: async (event) => {
		guard(event, 'events.manage');
		return decide(event, 'approve');
	},
	reject: async (event) => {
		guard(event, 'events.manage');
		return decide(event, 'reject');
	}
};
