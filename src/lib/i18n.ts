/**
 * Locale facts shared by server and browser. Paraglide holds the messages;
 * this file says which locales exist, how they are written and named.
 */
import { locales, baseLocale, isLocale, type Locale } from './paraglide/runtime';

export { locales, baseLocale, isLocale, type Locale };

/** Right-to-left scripts among the locales we serve or plan (requirement I-01). */
export const RTL_LOCALES = new Set(['ar', 'fa', 'prs', 'ps', 'ckb']);

/** Names of languages in their own language (endonyms) for the switcher; no flags. */
export const ENDONYMS: Record<string, string> = {
	de: 'Deutsch',
	en: 'English',
	ar: 'العربية',
	uk: 'Українська',
	ru: 'Русский',
	tr: 'Türkçe',
	fa: 'فارسی'
};

export function dirOf(locale: string): 'rtl' | 'ltr' {
	return RTL_LOCALES.has(locale) ? 'rtl' : 'ltr';
}

/** "/ar/atlas?x=1" → "ar"; undefined when the path has no locale prefix. */
export function localeFromPath(pathname: string): Locale | undefined {
	const first = pathname.split('/')[1] ?? '';
	return isLocale(first) ? first : undefined;
}

/** Put a path under a locale: localizePath('/atlas', 'en') → '/en/atlas'. */
export function localizePath(path: string, locale: Locale): string {
	const current = localeFromPath(path);
	const rest = current ? path.slice(current.length + 1) : path;
	const clean = rest === '' || rest === '/' ? '' : rest.startsWith('/') ? rest : `/${rest}`;
	return `/${locale}${clean}`;
}

/**
 * Pick the best served locale from an Accept-Language header (RFC 9110 q-values);
 * falls back to German, the source language.
 */
export function negotiateLocale(header: string | null | undefined): Locale {
	if (!header) return baseLocale;
	const ranked = header
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const weight = q ? Number(q.slice(2)) : 1;
			return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
		})
		.filter((r) => r.tag && r.weight > 0)
		.sort((a, b) => b.weight - a.weight || a.index - b.index);
	for (const { tag } of ranked) {
		const primary = tag.split('-')[0] ?? '';
		if (isLocale(primary)) return primary;
	}
	return baseLocale;
}
