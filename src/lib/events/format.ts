/**
 * Dates of events in the reader's language, always on the Berlin clock
 * (the events happen in Lower Saxony; ADR 0017). Client-safe.
 */
import { EVENT_TIME_ZONE } from './vocabulary';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let f = cache.get(key);
	if (!f) {
		// Arabic in Germany: Western digits and the Gregorian calendar, as on German forms.
		const tag = locale === 'ar' ? 'ar-u-nu-latn-ca-gregory' : locale;
		f = new Intl.DateTimeFormat(tag, { ...options, timeZone: EVENT_TIME_ZONE });
		cache.set(key, f);
	}
	return f;
}

const DATE: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
const SHORT_DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

export function formatDate(d: Date | string, locale: string): string {
	return formatter(locale, DATE).format(new Date(d));
}

export function formatShortDate(d: Date | string, locale: string): string {
	return formatter(locale, SHORT_DATE).format(new Date(d));
}

export function formatTime(d: Date | string, locale: string): string {
	return formatter(locale, TIME).format(new Date(d));
}

export function formatDateTime(d: Date | string, locale: string): string {
	return formatter(locale, { ...DATE, ...TIME }).format(new Date(d));
}

function berlinDay(d: Date): string {
	return formatter('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/**
 * "Saturday, 6 June 2026, 10:00 – 16:00" on one day; both full dates and
 * times when an event spans several days.
 */
export function formatWhen(start: Date | string, end: Date | string, locale: string): string {
	const s = new Date(start);
	const e = new Date(end);
	if (berlinDay(s) === berlinDay(e)) return `${formatDate(s, locale)}, ${formatTime(s, locale)} – ${formatTime(e, locale)}`;
	return `${formatDateTime(s, locale)} – ${formatDateTime(e, locale)}`;
}
