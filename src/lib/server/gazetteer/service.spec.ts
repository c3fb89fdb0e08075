import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { placesApi } from './api';
import { isKnownAgs, placeByAgs, regionForAgs, searchPlaces } from './service';

describe('gazetteer search', () => {
	useTestDatabase();

	it('finds Hemmingen in the Region Hannover, not the one in Baden-Württemberg', async () => {
		const r = await searchPlaces('Hemmingen');
		expect(r.status).toBe('found');
		expect(r.candidates[0]).toMatchObject({ ags: '03241007', district: { ags: '03241', name: 'Region Hannover' }, region: 'leine-weser' });
	});

	it('resolves transliterations, abbreviations and suffixes', async () => {
		for (const [q, ags] of <[string, string][]>[
			['Goettingen', '03159016'],
			['göttingen', '03159016'],
			['hann. münden', '03159017'],
			['Hannoversch Münden', '03159017'],
			['Verden (Aller)', '03361012'],
			['St. Andreasberg', '03153016']
		]) {
			const r = await searchPlaces(q);
			expect([q, r.status, r.candidates[0]?.ags]).toEqual([q, 'found', ags]);
		}
	});

	it('resolves a postcode', async () => {
		const r = await searchPlaces('30966');
		expect(r.status).toBe('found');
		expect(r.candidates.map((c) => c.name)).toEqual(['Hemmingen']);
	});

	it('offers both Asendorf with their districts', async () => {
		const r = await searchPlaces('Asendorf');
		expect(r.status).toBe('ambiguous');
		expect(r.candidates.map((c) => c.district.name).sort()).toEqual(['Diepholz', 'Harburg']);
	});

	it('ranks exact before prefix, bigger places first while typing', async () => {
		const r = await searchPlaces('Hann');
		expect(r.status).toBe('ambiguous');
		expect(r.candidates[0]?.name).toBe('Hannover');
		expect(r.candidates.every((c) => c.match === 'prefix')).toBe(true);
	});

	it('suggests a place for a typo without claiming it', async () => {
		const r = await searchPlaces('Hemmingn');
		expect(r.status).toBe('ambiguous');
		expect(r.candidates[0]).toMatchObject({ name: 'Hemmingen', match: 'similar' });
	});

	it('says when a place or postcode is elsewhere in Germany', async () => {
		expect((await searchPlaces('München')).status).toBe('outside');
		expect((await searchPlaces('80331')).status).toBe('outside');
	});

	it('handles empty and garbage input', async () => {
		for (const q of ['', '   ', '%%%', 'xqzqxq', '123456', '00000']) {
			const r = await searchPlaces(q);
			expect([q, r.status, r.candidates]).toEqual([q, 'not_found', []]);
		}
	});

	it('looks places and regions up by AGS', async () => {
		expect(await placeByAgs('03101000')).toMatchObject({ name: 'Braunschweig', region: 'braunschweig' });
		expect(await placeByAgs('09162000')).toBeNull();
		expect(await placeByAgs('not-an-ags')).toBeNull();
		expect(regionForAgs('03241007')).toBe('leine-weser');
		expect(regionForAgs('03459')).toBe('weser-ems');
		expect(regionForAgs('04011000')).toBeNull();
		expect(await isKnownAgs('03241007')).toBe(true);
		expect(await isKnownAgs('03299001')).toBe(false);
	});
});

describe('GET /api/v1/places', () => {
	useTestDatabase();

	it('answers with the stable JSON shape', async () => {
		const res = await placesApi(new URLSearchParams({ q: 'Hemmingen' }));
		expect(res).toEqual({
			status: 200,
			body: {
				query: 'Hemmingen',
				status: 'found',
				candidates: [
					{
						name: 'Hemmingen',
						postcodes: ['30966'],
						ags: '03241007',
						district: { key: '03241', name: 'Region Hannover' },
						region: { key: 'leine-weser', name: 'Leine-Weser' },
						lat: expect.closeTo(52.314, 2),
						lon: expect.closeTo(9.724, 2)
					}
				]
			}
		});
	});

	it('rejects missing, too long queries and bad limits with 400', async () => {
		const codes = [];
		for (const params of <Record<string, string>[]>[{}, { q: ' ' }, { q: 'x'.repeat(101) }, { q: 'Celle', limit: '0' }, { q: 'Celle', limit: 'abc' }]) {
			const res = await placesApi(new URLSearchParams(params));
			expect(res.status).toBe(400);
			if (res.status === 400) codes.push(res.body.error.code);
		}
		expect(codes).toEqual(['query_missing', 'query_missing', 'query_too_long', 'limit_invalid', 'limit_invalid']);
	});

	it('respects the limit', async () => {
		const res = await placesApi(new URLSearchParams({ q: 'B', limit: '3' }));
		expect(res.status === 200 && res.body.candidates.length).toBe(3);
	});
});
