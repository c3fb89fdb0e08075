import { error } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { searchProjects } from '$lib/server/atlas/service';
import { embedParams, publicEmbed } from '$lib/server/atlas/reuse/embeds';
import { describeSearch, storedParams } from '$lib/server/atlas/reuse/query';
import { pageWindow } from '$lib/atlas/format';
import type { PageServerLoad } from './$types';

/**
 * An embed of the atlas on another site: the staff-fixed filters are forced
 * here on the server; the visitor may add words and page. Framable by any
 * site (hooks.server.ts), no cookies, works without JavaScript.
 */
export const load: PageServerLoad = async ({ params, url, locals }) => {
	publicEntry('atlas embed: published offers with staff-fixed filters, shown on partner sites');
	const embed = await publicEmbed(params.id);
	if (!embed) error(404, 'not_found');
	const search = embedParams(embed.query, url.searchParams);
	const fixed = storedParams(embed.query);
	const result = await searchProjects(search, locals.locale);
	const base = `/${locals.locale}/einbettung/${embed.id}`;
	const href = (page: number) => {
		const q = new URLSearchParams();
		if (search.q && !fixed.q) q.set('q', search.q);
		if (page > 1) q.set('page', String(page));
		const s = q.toString();
		return s ? `${base}?${s}` : base;
	};
	return {
		locale: locals.locale,
		embed: { id: embed.id, name: embed.name },
		words: await describeSearch(fixed, locals.locale),
		/** The text query is the visitor's only when the embed does not fix one. */
		q: fixed.q ? null : (search.q ?? ''),
		total: result.total,
		page: result.page,
		items: result.items,
		pages: pageWindow(result.page, result.pages).map((page) => ({ page, href: page ? href(page) : '' })),
		previous: result.page > 1 ? href(result.page - 1) : null,
		next: result.page < result.pages ? href(result.page + 1) : null,
		atlasHref: `/${locals.locale}/atlas${embed.query ? `?${embed.query}` : ''}`
	};
};
