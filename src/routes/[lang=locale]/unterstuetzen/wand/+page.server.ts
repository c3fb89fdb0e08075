import { publicEntry } from '$lib/server/access/policy';
import { parseWallFilter, wallPage, wallQuery } from '$lib/server/supporters/wall';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	publicEntry('public wall: confirmed supporters who consented to being shown');
	const filter = parseWallFilter(url.searchParams);
	const page = await wallPage(filter, locals.locale);
	const link = (p: number) => `/${locals.locale}/unterstuetzen/wand${wallQuery({ ...filter, page: p }) ? `?${wallQuery({ ...filter, page: p })}` : ''}`;
	return {
		filter,
		wall: page,
		prev: page.page > 1 ? link(page.page - 1) : null,
		next: page.page < page.pages ? link(page.page + 1) : null
	};
};
