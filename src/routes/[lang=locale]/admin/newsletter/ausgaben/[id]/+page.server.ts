import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import {
	addIssueImage,
	controlIssue,
	editorEmail,
	getIssue,
	ISSUE_LOCALES,
	previewIssue,
	pullSubmissions,
	saveIssue,
	scheduleIssue,
	sendNow,
	sendTest,
	submissionsToPull,
	unscheduleIssue,
	type IssueLocale
} from '$lib/server/newsletter/send/issues';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

const previewLocale = (v: string | null | undefined): IssueLocale => ((ISSUE_LOCALES as readonly string[]).includes(v ?? '') ? (v as IssueLocale) : 'de');

export const load: PageServerLoad = async (event) => {
	guard(event, 'newsletter.write');
	const actor = event.locals.actor;
	const issue = await forbiddenAs403(() => getIssue(actor, event.params.id));
	if (!issue) error(404, 'not_found');
	const locale = previewLocale(event.url.searchParams.get('vorschau'));
	const preview = await previewIssue(actor, issue.id, locale);
	const submissions = issue.editable ? await submissionsToPull(actor) : [];
	return {
		issue,
		previewLocale: locale,
		preview: preview ? { subject: preview.subject, html: preview.html, text: preview.text, fallback: preview.fallback, contentLocale: preview.contentLocale } : null,
		submissions: submissions.map((s) => ({ id: s.id, title: s.title, organisation: s.organisation, submitterName: s.submitterName, locale: s.locale })),
		editorEmail: await editorEmail(actor)
	};
};

function textValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const l of ISSUE_LOCALES) {
		values[`subject_${l}`] = String(form.get(`subject_${l}`) ?? '');
		values[`body_${l}`] = String(form.get(`body_${l}`) ?? '');
	}
	return values;
}

const ctx = (event: RequestEvent) => ({ requestId: event.locals.requestId });

export const actions: Actions = {
	save: async (event) => {
		guard(event, 'newsletter.write');
		const form = await event.request.formData();
		const values = textValues(form);
		const segment = { topics: form.getAll('topics').map(String), regions: form.getAll('regions').map(String), locales: form.getAll('locales').map(String) };
		const out = await forbiddenAs403(() =>
			saveIssue(
				event.locals.actor,
				event.params.id,
				{
					version: String(form.get('version') ?? ''),
					texts: Object.fromEntries(ISSUE_LOCALES.map((l) => [l, { subject: values[`subject_${l}`], body: values[`body_${l}`] }])),
					segment
				},
				ctx(event)
			)
		);
		if (!out.ok && out.reason === 'not_found') error(404, 'not_found');
		if (!out.ok) return fail(out.reason === 'conflict' ? 409 : 400, { action: 'save', values, segment, errors: out.errors });
		return { action: 'save', saved: true as const };
	},
	image: async (event) => {
		guard(event, 'newsletter.write');
		const form = await event.request.formData();
		const out = await forbiddenAs403(() => addIssueImage(event.locals.actor, event.params.id, form, ctx(event)));
		if (!out.ok && out.reason === 'not_found') error(404, 'not_found');
		if (!out.ok) return fail(400, { action: 'image', values: { alt: String(form.get('alt') ?? ''), rights: String(form.get('rights') ?? '') }, errors: 'errors' in out ? out.errors : {} });
		return { action: 'image', imageAdded: true as const };
	},
	pull: async (event) => {
		guard(event, 'newsletter.write');
		const form = await event.request.formData();
		const out = await forbiddenAs403(() => pullSubmissions(event.locals.actor, event.params.id, form.getAll('submission').map(String), ctx(event)));
		if (!out.ok && out.reason === 'not_found') error(404, 'not_found');
		if (!out.ok) return fail(400, { action: 'pull', errors: 'errors' in out ? out.errors : {} });
		return { action: 'pull', pulled: out.count };
	},
	test: async (event) => {
		guard(event, 'newsletter.write');
		const form = await event.request.formData();
		const out = await forbiddenAs403(() => sendTest(event.locals.actor, event.params.id, previewLocale(String(form.get('locale') ?? '')), ctx(event)));
		if (!out.ok && out.reason === 'not_found') error(404, 'not_found');
		if (!out.ok) return fail(400, { action: 'test', errors: 'errors' in out ? out.errors : {} });
		return { action: 'test', testSentTo: out.email };
	},
	schedule: async (event) => {
		guard(event, 'newsletter.write');
		const form = await event.request.formData();
		const values = { date: String(form.get('date') ?? ''), time: String(form.get('time') ?? '') };
		const out = await forbiddenAs403(() => scheduleIssue(event.locals.actor, event.params.id, { ...values, version: String(form.get('version') ?? '') }, ctx(event)));
		if (!out.ok && out.reason === 'not_found') error(404, 'not_found');
		if (!out.ok) return fail(out.reason === 'conflict' ? 409 : 400, { action: 'schedule', scheduleValues: values, errors: 'errors' in out ? out.errors : {} });
		return { action: 'schedule', scheduled: true as const };
	},
	unschedule: async (event) => {
		guard(event, 'newsletter.write');
		const out = await forbiddenAs403(() => unscheduleIssue(event.locals.actor, event.params.id, ctx(event)));
		if (!out.ok) return fail(400, { action: 'unschedule', errors: 'errors' in out ? out.errors : {} });
		return { action: 'unschedule' };
	},
	send: async (event) => {
		guard(event, 'newsletter.write');
		const out = await forbiddenAs403(() => sendNow(event.locals.actor, event.params.id, ctx(event)));
		if (!out.ok && out.reason === 'not_found') error(404, 'not_found');
		if (!out.ok) return fail(400, { action: 'send', errors: 'errors' in out ? out.errors : {} });
		return { action: 'send', recipients: out.recipients };
	},
	pause: async (event) => {
		guard(event, 'newsletter.write');
		const out = await forbiddenAs403(() => controlIssue(event.locals.actor, event.params.id, 'pause', ctx(event)));
		if (!out.ok) return fail(400, { action: 'pause', errors: 'errors' in out ? out.errors : {} });
		return { action: 'pause' };
	},
	resume: async (event) => {
		guard(event, 'newsletter.write');
		const out = await forbiddenAs403(() => controlIssue(event.locals.actor, event.params.id, 'resume', ctx(event)));
		if (!out.ok) return fail(400, { action: 'resume', errors: 'errors' in out ? out.errors : {} });
		return { action: 'resume' };
	},
	cancel: async (event) => {
		guard(event, 'newsletter.write');
		const out = await forbiddenAs403(() => controlIssue(event.locals.actor, event.params.id, 'cancel', ctx(event)));
		if (!out.ok) return fail(400, { action: 'cancel', errors: 'errors' in out ? out.errors : {} });
		return { action: 'cancel' };
	}
};
