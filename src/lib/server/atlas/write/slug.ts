/**
 * Address names (slugs) of entries: from the title, in lower-case ASCII
 * ("Sprachcafé Müllerstraße" → "sprachcafe-muellerstrasse"), unique with a
 * numeric suffix, and never changed afterwards (links and bookmarks stay).
 */
import type { Queryable } from '../snapshot';

const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'ae', Ö: 'oe', Ü: 'ue', ß: 'ss', ẞ: 'ss' };
export const SLUG_MAX = 60;

/** The readable part of a slug; '' when the title has no Latin letters or digits (e.g. only Arabic). */
export function slugify(title: string): string {
	const ascii = title
		.replace(/[äöüÄÖÜßẞ]/g, (c) => GERMAN[c] ?? c)
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/&/g, ' und ')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	if (ascii.length <= SLUG_MAX) return ascii;
	const cut = ascii.slice(0, SLUG_MAX);
	// Cut at a word boundary when one is near the end.
	const dash = cut.lastIndexOf('-');
	return (dash > SLUG_MAX / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
}

/**
 * A slug no entry has yet: the title's slug, else with -2, -3, … Titles
 * without Latin letters get "eintrag". Runs inside the inserting transaction;
 * the unique index is the final guard against a concurrent insert.
 */
export async function uniqueSlug(q: Queryable, title: string): Promise<string> {
	const base = slugify(title) || 'eintrag';
	const res = await q.query<{ slug: string }>(`select slug from projects where slug = $1 or slug like $2`, [base, `${base.replace(/[\\%_]/g, '\\$&')}-%`]);
	const taken = new Set(res.rows.map((r) => r.slug));
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) {
		const candidate = `${base}-${n}`;
		if (!taken.has(candidate)) return candidate;
	}
}
