import { error } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { archiveIssue } from '$lib/server/newsletter/send/issues';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	publicEntry('newsletter archive: one sent issue, without personal links');
	const issue = await archiveIssue(params.slug, params.lang);
	if (!issue) error(404, 'not_found');
	const r = issue.rendered;
	return { issue: { slug: issue.slug, sentAt: issue.sentAt, subject: r.subject, html: r.html, fallback: r.fallback, contentLocale: r.contentLocale } };
};
