import { error } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { getPublishedProject } from '$lib/server/atlas/service';
import { backQuery } from '$lib/atlas/links.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	publicEntry('Projektatlas: published offers are public information');
	const project = await getPublishedProject(params.slug, locals.locale);
	if (!project) error(404);
	return { project, back: backQuery(url.searchParams.get('suche')), origin: url.origin };
};
