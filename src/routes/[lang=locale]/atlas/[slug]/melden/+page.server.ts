import { error, fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { getPublishedProject } from '$lib/server/atlas/service';
import { REPORT_FORM, submitReport } from '$lib/server/atlas/reports';
import { protectionFields } from '$lib/server/protection/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	publicEntry('Projektatlas: anyone may report a problem with a published entry, no account needed');
	const project = await getPublishedProject(params.slug, locals.locale);
	if (!project) error(404);
	return {
		project: { slug: project.slug, title: project.title, textLang: project.fallback ? project.textLocale : undefined },
		protection: protectionFields(REPORT_FORM)
	};
};

export const actions: Actions = {
	default: async (event) => {
		publicEntry('Projektatlas: anyone may report a problem with a published entry, no account needed');
		const result = await submitReport(event.params.slug, await event.request.formData(), { ip: event.getClientAddress() });
		if (result.ok) return { sent: true as const };
		if (!('values' in result)) error(404);
		const { values, errors } = result;
		if (result.reason === 'rate_limited') {
			const seconds = result.retryAfterSeconds ?? 3600;
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, { values, errors, retryMinutes: Math.max(1, Math.ceil(seconds / 60)) });
		}
		return fail(400, { values, errors, retryMinutes: undefined });
	}
};
