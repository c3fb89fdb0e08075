import { publicEntry } from '$lib/server/access/policy';
import { filterQuery, parseEventFilter } from '$lib/server/events/contract';
import { listCalendar } from '$lib/server/events/service';
import type { PageServerLoad } from './$types';

function pageLinks(base: string, query: string, current: number, pages: number) {
	const href = (page: number) => {
		const q = [query, page > 1 ? `page=${page}` : ''].filter(Boolean).join('&');
		return `${base}${q ? `?${q}` : ''}`;
	};
	const wanted = new Set([1, pages, current - 1, current, current + 1].filter((p) => p >= 1 && p <= pages));
	const sorted = [...wanted].sort((a, b) => a - b);
	const items: { page: number | null; href: string }[] = [];
	sorted.forEach((p, i) => {
		if (i > 0 && p - sorted[i - 1]! > 1) items.push({ page: null, href: '' });
		items.push({ page: p, href: href(p) });
	});
	return { items, previous: current > 1 ? href(current - 1) : null, next: current < pages ? href(current + 1) : null };
}

export const load: PageServerLoad = async ({ url, locals }) => {
	publicEntry('event calendar: published events are public information');
	const result = await listCalendar(parseEventFilter(url.searchParams));
	const base = `/${locals.locale}/veranstaltungen`;
	return {
		result,
		paging: pageLinks(base, result.query, result.page, result.pages),
		feedQuery: filterQuery({ ...result.filter, page: 1 })
	};
};
