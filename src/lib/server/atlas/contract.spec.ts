import { describe, expect, it } from 'vitest';
import { parseSearchParams, toSearchQuery } from './contract';

const parse = (qs: string) => parseSearchParams(new URLSearchParams(qs));

describe('atlas search parameters', () => {
	it('reads the API parameters, repeated or comma-separated', () => {
		const p = parse('near=Hemmingen&radius_km=10&field=sprache&field=arbeit&language=ar,fa&district=03241&region=leine-weser');
		expect(p).toMatchObject({ near: 'Hemmingen', radiusKm: 10, field: ['sprache', 'arbeit'], language: ['ar', 'fa'], district: ['03241'], region: ['leine-weser'], sort: 'distance', page: 1 });
	});

	it('never throws: drops unknown values and falls back on bad numbers', () => {
		const p = parse('field=nonsense&radius_km=abc&page=-3&per_page=100000&district=99999&sort=weird&lat=999');
		expect(p).toMatchObject({ field: [], radiusKm: 25, page: 1, perPage: 20, district: [], sort: 'newest' });
		expect(p.lat).toBeUndefined();
	});

	it('sorts by relevance for text, by distance near a place, else by newest', () => {
		expect(parse('q=deutschkurs').sort).toBe('relevance');
		expect(parse('near=Meppen&q=kurs').sort).toBe('distance');
		expect(parse('').sort).toBe('newest');
		expect(parse('q=kurs&sort=newest').sort).toBe('newest');
	});

	it('round-trips through the canonical query', () => {
		const p = parse('near=Göttingen&radius_km=5&q=Sprachcafé&topic=frauen&childcare=yes&page=3');
		expect(parseSearchParams(new URLSearchParams(toSearchQuery(p)))).toEqual(p);
		expect(toSearchQuery(p, { page: 1 })).not.toContain('page=');
	});
});
