import { describe, expect, it } from 'vitest';
import { dirOf, localeFromPath, localizePath, negotiateLocale } from './i18n';

describe('locales', () => {
	it('negotiates from Accept-Language with q-values, German by default', () => {
		expect(negotiateLocale('ar,en;q=0.5')).toBe('ar');
		expect(negotiateLocale('fr-FR,en-GB;q=0.8,de;q=0.9')).toBe('de');
		expect(negotiateLocale('fr, en;q=0.1')).toBe('en');
		expect(negotiateLocale('uk')).toBe('de');
		expect(negotiateLocale(null)).toBe('de');
		expect(negotiateLocale('en;q=0')).toBe('de');
	});

	it('maps paths between locales', () => {
		expect(localeFromPath('/ar/impressum')).toBe('ar');
		expect(localeFromPath('/api/v1')).toBeUndefined();
		expect(localizePath('/de/impressum', 'ar')).toBe('/ar/impressum');
		expect(localizePath('/de', 'en')).toBe('/en');
		expect(localizePath('/admin', 'de')).toBe('/de/admin');
	});

	it('writes Arabic and the planned Persian right to left', () => {
		expect(dirOf('ar')).toBe('rtl');
		expect(dirOf('fa')).toBe('rtl');
		expect(dirOf('de')).toBe('ltr');
	});
});
