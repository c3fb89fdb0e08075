import { beforeAll, describe, expect, it } from 'vitest';
import { AGS_PATTERN, buildGazetteer, regionOfAgs, type GazetteerData } from './source';

describe('gazetteer source data', () => {
	let data: GazetteerData;
	beforeAll(() => {
		data = buildGazetteer();
	});

	it('has the 45 Kreis-level units of Lower Saxony', () => {
		expect(data.districts).toHaveLength(45);
		expect(data.districts.find((d) => d.ags === '03241')?.name).toBe('Region Hannover');
	});

	it('gives every place a valid AGS in a known district and the region of its 3rd digit (O-05)', () => {
		const keys = new Set(data.districts.map((d) => d.ags));
		expect(data.places.length).toBeGreaterThan(700);
		for (const p of data.places) {
			expect(p.ags).toMatch(AGS_PATTERN);
			expect(keys.has(p.districtAgs), `${p.name} ${p.ags}`).toBe(true);
			expect(p.ags.startsWith(p.districtAgs)).toBe(true);
			expect(p.region).toBe(regionOfAgs(p.ags));
		}
	});

	it('derives the ArL region from the 3rd AGS digit', () => {
		expect(regionOfAgs('03101000')).toBe('braunschweig');
		expect(regionOfAgs('03241007')).toBe('leine-weser');
		expect(regionOfAgs('03361012')).toBe('lueneburg');
		expect(regionOfAgs('03403000')).toBe('weser-ems');
		expect(regionOfAgs('03501000')).toBeNull();
		expect(regionOfAgs('09162000')).toBeNull();
	});

	it('ties postcodes to the right one of same-named places', () => {
		const hemmingen = data.places.filter((p) => p.name === 'Hemmingen');
		expect(hemmingen.map((p) => p.ags)).toEqual(['03241007']);
		expect(hemmingen[0]?.postcodes).toEqual(['30966']);
		// 71282 is Hemmingen in Baden-Württemberg.
		expect(data.postcodes.find((p) => p.postcode === '71282')?.inLowerSaxony).toBe(false);
		const asendorf = Object.fromEntries(data.places.filter((p) => p.name === 'Asendorf').map((p) => [p.ags, p.postcodes]));
		expect(asendorf).toEqual({ '03251002': ['27330'], '03353002': ['21271'] });
		expect(data.postcodes.find((p) => p.postcode === '80331')?.inLowerSaxony).toBe(false);
	});
});
