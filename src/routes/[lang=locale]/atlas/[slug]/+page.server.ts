import { error } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { getPublishedProject } from '$lib/server/atlas/service';
import { backQuery } from '$lib/atlas/links.server';
import { publicImages } from '$lib/server/atlas/media/service';
import { mayEdit } from '$lib/server/atlas/snapshot';
import { renderMarkdown } from '$lib/server/markdown';
import { mayTranslate } from '$lib/server/atlas/translate/service';
import { projectEvents } from '$lib/server/events/exhibitors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	publicEntry('Projektatlas: published offers are public information');
	const project = await getPublishedProject(params.slug, locals.locale);
	if (!project) error(404);
	const [images, manageImages, manageTranslations, projectEventLinks] = await Promise.all([
		publicImages(project.id),
		mayEdit(locals.actor, project.id),
		mayTranslate(locals.actor, project.id),
		projectEvents(project.id)
	]);
	return {
		project,
		// Limited Markdown, rendered and sanitised here; the page shows it through the Markdown component only.
		descriptionHtml: renderMarkdown(project.description),
		images,
		manage: { edit: manageImages, images: manageImages, translations: manageTranslations },
		projectEvents: projectEventLinks,
		back: backQuery(url.searchParams.get('suche')),
		origin: url.origin
	};
};
