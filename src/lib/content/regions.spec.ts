import { describe, expect, it } from 'vitest';
import { REGIONS } from './regions';

describe('regions', () => {
	it('lists the 45 Kreis-level units of Lower Saxony once each', () => {
		const units = REGIONS.flatMap((r) => [...r.cities.map((c) => `city:${c}`), ...r.districts.map((d) => `district:${d}`)]);
		expect(units).toHaveLength(45);
		expect(new Set(units).size).toBe(45);
	});
});
