import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { locate } from './locate';
import { findSimilarEntries } from './duplicates';
import { seedAtlasExamples } from './demo';

describe('atlas locate', () => {
	useTestDatabase();

	it('resolves a place with postcode to the place centre, district and region', async () => {
		const r = await locate({ place: 'Hemmingen', postcode: '30966', street: 'Rathausplatz 1' });
		expect(r.status).toBe('found');
		if (r.status !== 'found') return;
		expect(r.location).toMatchObject({ placeName: 'Hemmingen', region: 'leine-weser', street: 'Rathausplatz 1', approximate: false });
		expect(r.location.districtKey).toBe('03241');
	});

	it('drops the street of an approximate location and refuses a pin far from the place', async () => {
		const approx = await locate({ place: 'Meppen', street: 'Geheimweg 3', approximate: true, lat: 52.9, lon: 7.3 });
		expect(approx.status).toBe('found');
		if (approx.status === 'found') expect(approx.location.street).toBeNull();
		const far = await locate({ place: 'Meppen', lat: 52.37, lon: 9.73 });
		expect(far.status).toBe('pin_too_far');
	});

	it('says when a place is unknown or outside Lower Saxony', async () => {
		expect((await locate({ place: 'Xyzzyhausen' })).status).toBe('not_found');
		expect((await locate({ place: 'München' })).status).toBe('outside');
	});
});

describe('atlas duplicates', () => {
	useTestDatabase();

	it('finds a published entry with a similar title nearby, not far away', async () => {
		await seedAtlasExamples();
		const near = await findSimilarEntries({ title: 'Deutschvermittler in Hemmingen', points: [{ lat: 52.31, lon: 9.72 }] });
		expect(near.map((d) => d.slug)).toContain('deutschvermittler-hemmingen');
		const far = await findSimilarEntries({ title: 'Deutschvermittler in Hemmingen', points: [{ lat: 53.55, lon: 7.2 }] });
		expect(far.map((d) => d.slug)).not.toContain('deutschvermittler-hemmingen');
	});
});
