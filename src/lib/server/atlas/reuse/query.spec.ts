import { describe, expect, it } from 'vitest';
import { ACTION_FIELDS, COSTS, OFFER_TYPES, TARGET_GROUPS, TOPICS, TRISTATE } from '../../../atlas/taxonomy';
import { REGIONS } from '../../accounts/schema';
import { parseSearchParams } from '../contract';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { canonicalQuery, describeSearch, storedParams, vocabularyLabel, wordsAsText } from './query';
import { EMBED_PATH, applyFramingPolicy } from './framing';

describe('saved searches', () => {
	it('have a label for every code of every vocabulary in every locale', () => {
		const vocabularies = { field: ACTION_FIELDS, topic: TOPICS, offer: OFFER_TYPES, targetGroup: TARGET_GROUPS, cost: COSTS, region: REGIONS, tristate: TRISTATE };
		const missing: string[] = [];
		for (const [vocabulary, codes] of Object.entries(vocabularies)) {
			for (const code of codes) {
				for (const locale of ['de', 'en', 'ar']) {
					const text = vocabularyLabel(vocabulary as keyof typeof vocabularies, code, locale);
					if (text === code) missing.push(`${vocabulary}:${code}:${locale}`);
				}
			}
		}
		expect(missing).toEqual([]);
	});

	it('store the filters only, in one canonical order, and read back to the same search', () => {
		const a = canonicalQuery(parseSearchParams(new URLSearchParams('page=3&field=arbeit&sort=newest&per_page=50&field=sprache&region=lueneburg&junk=1')));
		const b = canonicalQuery(parseSearchParams(new URLSearchParams('region=lueneburg&field=arbeit,sprache')));
		expect(a).toBe('field=arbeit&field=sprache&region=lueneburg');
		expect(b).toBe(a);
		expect(canonicalQuery(storedParams(a))).toBe(a);
		expect(canonicalQuery(parseSearchParams(new URLSearchParams('')))).toBe('');
	});
});

describe('saved searches in words', () => {
	const t = useTestDatabase();

	it('name place, words, facets and districts in the reader’s language', async () => {
		t();
		const params = parseSearchParams(new URLSearchParams('near=30966&radius_km=10&q=Café&field=sprache&language=ar&district=03241&childcare=yes'));
		const de = await describeSearch(params, 'de');
		expect(wordsAsText(de, 'de')).toEqual([
			'Ort: Im Umkreis von 10 km um Hemmingen',
			'Suchwort: „Café“',
			'Handlungsfeld: Sprache',
			'Sprache des Angebots: العربية',
			'Kinderbetreuung: Mit Kinderbetreuung',
			'Landkreis oder kreisfreie Stadt: Region Hannover'
		]);
		// Endonyms carry their language so screen readers pronounce them right.
		expect(de.find((w) => w.values[0]?.text === 'العربية')?.values[0]?.lang).toBe('ar');
		const ar = await describeSearch(params, 'ar');
		expect(ar.find((w) => w.values[0]?.text === 'العربية')?.values[0]?.lang).toBeUndefined();
		expect(wordsAsText(ar, 'ar')[1]).toContain('«Café»');
		expect(wordsAsText([], 'en')).toEqual(['All offers in the Projektatlas, without filters']);
	});
});

describe('framing policy', () => {
	const csp = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";
	const headers = () => new Headers({ 'Content-Security-Policy': csp, 'X-Frame-Options': 'DENY', 'Cross-Origin-Resource-Policy': 'same-origin' });

	it('lets any site frame an embed', () => {
		const h = headers();
		applyFramingPolicy('/ar/einbettung/0b6c7d3e-1111-4222-8333-944445555666', h);
		expect(h.get('X-Frame-Options')).toBeNull();
		expect(h.get('Content-Security-Policy')).toBe("default-src 'self'; frame-ancestors *; form-action 'self'");
		expect(h.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
	});

	it('keeps every other page unframeable', () => {
		for (const path of ['/de/atlas', '/de/einbettung', '/de/einbettung/x/y', '/de/admin/atlas/einbettungen', '/api/v1/projects', '/de/atlas/einbettung/x']) {
			const h = headers();
			applyFramingPolicy(path, h);
			expect(EMBED_PATH.test(path), path).toBe(false);
			expect(h.get('X-Frame-Options'), path).toBe('DENY');
			expect(h.get('Content-Security-Policy'), path).toBe(csp);
		}
	});
});
