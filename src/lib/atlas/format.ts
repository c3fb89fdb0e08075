/**
 * Small pure helpers for the Projektatlas pages: counts, paging, schedules
 * and dates in the reader's locale. Pure so that server and browser render
 * the same text (no hydration mismatch) and so they can be tested alone.
 */
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/i18n';

/**
 * "1 Angebot" / "42 Angebote": plural forms by CLDR category, because Arabic
 * has six of them and a single "{count} items" message reads wrong there.
 */
export function offerCount(count: number, locale: Locale): string {
	const options = { locale };
	switch (new Intl.PluralRules(locale).select(count)) {
		case 'zero':
			return m.atlas_count_zero({ count }, options);
		case 'one':
			return m.atlas_count_one({ count }, options);
		case 'two':
			return m.atlas_count_two({ count }, options);
		case 'few':
			return m.atlas_count_few({ count }, options);
		case 'many':
			return m.atlas_count_many({ count }, options);
		default:
			return m.atlas_count_other({ count }, options);
	}
}

/**
 * Page numbers to link around the current page: always the first and last,
 * `around` pages either side, and null where a gap is skipped. No cap on
 * the number of pages, so deep pages stay reachable without JavaScript.
 */
export function pageWindow(current: number, pages: number, around = 2): (number | null)[] {
	if (pages < 1) return [];
	const page = Math.min(Math.max(1, current), pages);
	const wanted = new Set<number>([1, pages]);
	for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pages) wanted.add(p);
	const sorted = [...wanted].sort((a, b) => a - b);
	const out: (number | null)[] = [];
	for (const p of sorted) {
		const last = out.at(-1);
		// A gap of exactly one page is shown as that page: a number is clearer than "…".
		if (typeof last === 'number' && p - last === 2) out.push(last + 1);
		else if (typeof last === 'number' && p - last > 2) out.push(null);
		out.push(p);
	}
	return out;
}

/**
 * Weekday name for ISO day 1 (Monday) … 7 (Sunday). Taken from a fixed week
 * (2024-01-01 was a Monday) at noon UTC, so no time zone shifts the day and
 * server and browser agree.
 */
export function weekdayName(day: number, locale: Locale): string {
	const date = new Date(Date.UTC(2024, 0, day, 12));
	return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(date);
}

/** A calendar date ("12. März 2025") in the reader's locale, in the platform's time zone. */
export function formatDate(iso: string, locale: Locale): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(date);
}

/** The name of a text's language in the reader's language ("Deutsch", "German", "الألمانية"). */
export function languageInLocale(code: string, locale: Locale): string {
	try {
		return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
	} catch {
		return code;
	}
}

/** Distances as people say them: one decimal below 10 km, whole kilometres above. */
export function formatDistance(km: number, locale: Locale): string {
	const digits = km < 10 ? 1 : 0;
	return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(km);
}

/** A `tel:` URI from a phone number as people write it ("0511 / 12 34-5" → "tel:051112345"). */
export function telHref(phone: string): string {
	const trimmed = phone.trim();
	const digits = trimmed.replace(/[^\d]/g, '');
	return `tel:${trimmed.startsWith('+') ? '+' : ''}${digits}`;
}

/** Only http(s) links become clickable; anything else could be a javascript: URL. */
export function safeWebsite(url: string): string | null {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
	} catch {
		return null;
	}
}

/** "Sprache, Arbeit und Wohnen": the reader's own list punctuation (Arabic joins with "و"). */
export function formatList(items: string[], locale: Locale): string {
	return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/**
 * The same list as parts, so each item can carry its own lang attribute
 * (endonyms) while the separators stay in the page language.
 */
export function listParts(items: string[], locale: Locale): { item: number | null; text: string }[] {
	let next = 0;
	return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' })
		.formatToParts(items)
		.map((part) => (part.type === 'element' ? { item: next++, text: part.value } : { item: null, text: part.value }));
}
