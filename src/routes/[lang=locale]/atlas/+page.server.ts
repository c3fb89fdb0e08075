import { publicEntry } from '$lib/server/access/policy';
import { parseSearchParams, resultCard } from '$lib/server/atlas/contract';
import { searchProjects } from '$lib/server/atlas/service';
import { listLinks } from '$lib/atlas/links.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	publicEntry('Projektatlas: published offers are public information');
	const result = await searchProjects(parseSearchParams(url.searchParams), locals.locale);
	const links = await listLinks(`/${locals.locale}/atlas`, result);
	return { result: { ...result, items: result.items.map(resultCard) }, links };
};
