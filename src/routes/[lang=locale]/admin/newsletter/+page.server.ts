import { fail, redirect } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { createIssue, listIssues } from '$lib/server/newsletter/send/issues';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'newsletter.write');
	const issues = await forbiddenAs403(() => listIssues(event.locals.actor));
	return { issues };
};

export const actions: Actions = {
	create: async (event) => {
		guard(event, 'newsletter.write');
		const form = await event.request.formData();
		const subject = String(form.get('subject') ?? '');
		const out = await forbiddenAs403(() => createIssue(event.locals.actor, { subject }, { requestId: event.locals.requestId }));
		if (!out.ok) return fail(400, { values: { subject }, errors: 'errors' in out ? out.errors : {} });
		redirect(303, `/${event.params.lang}/admin/newsletter/ausgaben/${out.id}`);
	}
};
