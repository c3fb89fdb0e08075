/**
 * Atom 1.0 (RFC 4287) feed of the newest published entries for any filter
 * of the list page: GET /api/v1/projects.atom?<the list's parameters>&lang=de.
 */
import { m } from '../../../paraglide/messages';
import { baseLocale, isLocale, type Locale } from '../../../paraglide/runtime';
import type { SearchParams } from '../contract';
import { newestEntries, type NewestEntry } from './entries';
import { canonicalQuery, describeSearch, vocabularyLabel, wordsAsText } from './query';

export const FEED_MAX = 50;

/**
 * Escapes text for XML content and attribute values, and drops what XML 1.0
 * cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF):
 * one stray character in a provider's text must not break the whole feed.
 */
export function xmlText(s: string): string {
	return s
		.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

export interface FeedInput {
	origin: string;
	locale: Locale;
	/** The feed's own canonical address (also its id). */
	self: string;
	/** The list page showing the same search. */
	list: string;
	subtitle: string;
	entries: NewestEntry[];
	now: Date;
}

const el = (name: string, text: string, attrs = '') => `<${name}${attrs}>${xmlText(text)}</${name}>`;

function entryXml(e: NewestEntry, input: FeedInput): string {
	const href = `${input.origin}/${input.locale}/atlas/${encodeURIComponent(e.slug)}`;
	// A translation may be missing: then the entry is in its source language, and says so.
	const lang = e.textLocale !== input.locale ? ` xml:lang="${xmlText(e.textLocale)}"` : '';
	const updated = e.updatedAt > e.publishedAt ? e.updatedAt : e.publishedAt;
	return [
		`<entry${lang}>`,
		el('id', `urn:uuid:${e.id}`),
		el('title', e.title, ' type="text"'),
		`<link rel="alternate" type="text/html" hreflang="${input.locale}" href="${xmlText(href)}"/>`,
		el('published', e.publishedAt.toISOString()),
		el('updated', updated.toISOString()),
		...(e.organisation ? [`<author>${el('name', e.organisation)}</author>`] : []),
		...(e.teaser ? [el('summary', e.teaser, ' type="text"')] : []),
		...e.fields.map((f) => `<category term="${xmlText(f)}" label="${xmlText(vocabularyLabel('field', f, input.locale))}"/>`),
		'</entry>'
	].join('\n');
}

export function atomXml(input: FeedInput): string {
	const l = input.locale;
	const latest = input.entries.reduce<Date | null>((max, e) => {
		const u = e.updatedAt > e.publishedAt ? e.updatedAt : e.publishedAt;
		return !max || u > max ? u : max;
	}, null);
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${l}">`,
		el('id', input.self),
		el('title', m.reuse_feed_title({}, { locale: l }), ' type="text"'),
		el('subtitle', input.subtitle, ' type="text"'),
		`<link rel="self" type="application/atom+xml" href="${xmlText(input.self)}"/>`,
		`<link rel="alternate" type="text/html" hreflang="${l}" href="${xmlText(input.list)}"/>`,
		// An empty feed has no entry to date it by; then it is as new as this answer.
		el('updated', (latest ?? input.now).toISOString()),
		// The feed's author stands in for entries that name no organisation (RFC 4287 §4.1.1).
		`<author>${el('name', m.reuse_feed_author({}, { locale: l }))}<uri>${xmlText(`${input.origin}/${l}`)}</uri></author>`,
		el('rights', m.reuse_feed_rights({}, { locale: l })),
		el('generator', 'anpacken', ` uri="${xmlText(input.origin)}"`),
		...input.entries.map((e) => entryXml(e, input)),
		'</feed>',
		''
	].join('\n');
}

/** The feed for a search, texts in `lang` (else German). */
export async function projectFeed(params: SearchParams, lang: string | null, origin: string, now = new Date()): Promise<string> {
	const locale: Locale = lang && isLocale(lang) ? lang : baseLocale;
	const query = canonicalQuery(params);
	const entries = await newestEntries(params, locale, FEED_MAX);
	const subtitle = wordsAsText(await describeSearch(params, locale), locale).join('; ');
	return atomXml({
		origin,
		locale,
		self: `${origin}/api/v1/projects.atom?${query ? `${query}&` : ''}lang=${locale}`,
		list: `${origin}/${locale}/atlas${query ? `?${query}&sort=newest` : '?sort=newest'}`,
		subtitle,
		entries,
		now
	});
}
