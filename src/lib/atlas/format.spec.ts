import { describe, expect, it } from 'vitest';
import { formatDate, formatList, listParts, offerCount, pageWindow, safeWebsite, telHref, weekdayName } from './format';

describe('offerCount', () => {
	it('uses the singular and plural forms of each locale', () => {
		expect(offerCount(1, 'de')).toBe('1 Angebot');
		expect(offerCount(42, 'de')).toBe('42 Angebote');
		expect(offerCount(0, 'en')).toBe('0 offers');
		expect(offerCount(1, 'en')).toBe('1 offer');
		for (const n of [0, 1, 2, 5, 11, 100]) expect(offerCount(n, 'ar')).toContain(String(n));
	});
});

describe('pageWindow', () => {
	it('is empty without pages and a single page for one', () => {
		expect(pageWindow(1, 0)).toEqual([]);
		expect(pageWindow(1, 1)).toEqual([1]);
	});

	it('keeps first and last page and marks gaps with null', () => {
		expect(pageWindow(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
		expect(pageWindow(1, 20)).toEqual([1, 2, 3, null, 20]);
		expect(pageWindow(20, 20)).toEqual([1, null, 18, 19, 20]);
	});

	it('shows a single skipped page as its number', () => {
		expect(pageWindow(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('clamps a page beyond the end', () => {
		expect(pageWindow(99, 3)).toEqual([1, 2, 3]);
	});
});

describe('weekdayName', () => {
	it('maps ISO day numbers to names in the reader locale', () => {
		expect(weekdayName(1, 'de')).toBe('Montag');
		expect(weekdayName(7, 'de')).toBe('Sonntag');
		expect(weekdayName(3, 'en')).toBe('Wednesday');
		expect(weekdayName(1, 'ar')).toBe('الاثنين');
	});
});

describe('formatDate', () => {
	it('formats in Berlin time and passes through what is not a date', () => {
		expect(formatDate('2025-03-11T23:30:00Z', 'de')).toBe('12. März 2025');
		expect(formatDate('not a date', 'de')).toBe('not a date');
	});
});

describe('contact links', () => {
	it('builds tel: URIs from written numbers', () => {
		expect(telHref('0511 / 12 34-5')).toBe('tel:051112345');
		expect(telHref('+49 511 123')).toBe('tel:+49511123');
	});

	it('only accepts http and https websites', () => {
		expect(safeWebsite('https://example.org/a')).toBe('https://example.org/a');
		expect(safeWebsite('javascript:alert(1)')).toBeNull();
		expect(safeWebsite('kein link')).toBeNull();
	});
});

describe('lists', () => {
	it('joins with the locale conjunction and keeps item positions', () => {
		expect(formatList(['Sprache', 'Arbeit', 'Wohnen'], 'de')).toBe('Sprache, Arbeit und Wohnen');
		const parts = listParts(['Deutsch', 'العربية'], 'ar');
		expect(parts.filter((p) => p.item !== null).map((p) => p.item)).toEqual([0, 1]);
		expect(parts.map((p) => p.text).join('')).toContain('و');
	});
});
