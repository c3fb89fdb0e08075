/**
 * The newest published entries of a search, with the very filter SQL of the
 * list page and the API (search-sql.ts via matchingIds), for feeds and digests.
 */
import type { SearchParams } from '../contract';
import { matchingIds, summariesByIds, type SummaryRow } from '../repository';
import { resolvePlace } from '../service';
import { publishedBetween } from './repository';

export interface NewestEntry {
	id: string;
	slug: string;
	title: string;
	teaser: string;
	textLocale: string;
	organisation: string | null;
	fields: string[];
	place: string | null;
	publishedAt: Date;
	updatedAt: Date;
}

function present(row: SummaryRow): NewestEntry {
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		teaser: row.teaser,
		textLocale: row.text_locale,
		organisation: row.organisation,
		fields: row.fields,
		place: row.place_name,
		publishedAt: new Date(row.published_at ?? row.updated_at),
		updatedAt: new Date(row.updated_at)
	};
}

async function inOrder(ids: string[], locale: string, centre: { lat: number; lon: number } | null): Promise<NewestEntry[]> {
	const byId = new Map((await summariesByIds(ids, locale, centre)).map((r) => [r.id, r]));
	return ids.flatMap((id) => {
		const row = byId.get(id);
		return row ? [present(row)] : [];
	});
}

/** The `limit` most recently published entries matching the search (sort and paging do not apply). */
export async function newestEntries(params: SearchParams, locale: string, limit: number): Promise<NewestEntry[]> {
	const p: SearchParams = { ...params, sort: 'newest', page: 1 };
	const { centre } = await resolvePlace(p);
	const { ids } = await matchingIds(p, centre, limit);
	return inOrder(ids, locale, centre);
}

/** Newest entries are scanned up to this many; a week never brings more to one search. */
const SCAN_LIMIT = 2000;

/**
 * Entries matching the search that were published in (since, until], newest
 * first: `total` of them, the first `limit` with their texts.
 */
export async function entriesPublishedBetween(
	params: SearchParams,
	locale: string,
	since: Date,
	until: Date,
	limit: number
): Promise<{ total: number; entries: NewestEntry[] }> {
	const p: SearchParams = { ...params, sort: 'newest', page: 1 };
	const { centre } = await resolvePlace(p);
	const { ids } = await matchingIds(p, centre, SCAN_LIMIT);
	const window = await publishedBetween(ids, since, until);
	return { total: window.length, entries: await inOrder(window.slice(0, limit).map((w) => w.id), locale, centre) };
}
