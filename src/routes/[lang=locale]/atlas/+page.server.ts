import { publicEntry } from '$lib/server/access/policy';
import { parseSearchParams } from '$lib/server/atlas/contract';
import { searchProjects } from '$lib/server/atlas/service';
import { listLinks } from '$lib/atlas/links.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	publicEntry('Projektatlas: published offers are public information');
	const result = await searchProjects(parseSearchParams(url.searchParams), locals.locale);
	return { result, links: await listLinks(`/${locals.locale}/atlas`, result) };
};
