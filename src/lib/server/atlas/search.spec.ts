import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { parseSearchParams } from './contract';
import { seedAtlasExamples } from './demo';
import { searchProjects } from './service';
import { seedSyntheticProjects } from './synthetic';

const t = useTestDatabase();
const search = (qs: string, locale = 'de') => searchProjects(parseSearchParams(new URLSearchParams(qs)), locale);

describe('atlas search over the good examples', () => {
	it('lists the Deutschvermittler first near Hemmingen for the language field', async () => {
		t();
		await seedAtlasExamples();
		const r = await search('near=Hemmingen&radius_km=10&field=sprache');
		expect(r.place).toMatchObject({ status: 'found', name: 'Hemmingen' });
		expect(r.items[0]).toMatchObject({ slug: 'deutschvermittler-hemmingen', distanceKm: 0, place: 'Hemmingen' });
		expect(r.total).toBe(1);
	});

	it('keeps far entries out of the radius and counts exactly', async () => {
		t();
		await seedAtlasExamples();
		// Asendorf and Bruchhausen-Vilsen are about 6 km apart; everything else is far away.
		const r = await search('near=Bruchhausen-Vilsen&radius_km=10');
		expect(r.items.map((i) => i.slug).sort()).toEqual(['lebenswege-begleiten-bruchhausen-vilsen', 'nachbarschaft-asendorf']);
		expect(r.total).toBe(2);
		expect(r.items[1]!.distanceKm).toBeGreaterThan(5);
		expect(r.items[1]!.distanceKm).toBeLessThan(10);
		expect((await search('near=Bruchhausen-Vilsen&radius_km=50')).total).toBe(2);
		expect((await search('')).total).toBe(8);
	});

	it.each(['Sprachcafé', 'Sprach-Café', 'Sprachcafés', 'sprachcafe', 'deutschkurs', 'Deutschkurz', 'Deutschvermitler'])(
		'finds the Sprachcafé entry for %s',
		async (q) => {
			t();
			await seedAtlasExamples();
			const r = await search(`q=${encodeURIComponent(q)}`);
			expect(r.items[0]?.slug).toBe('deutschvermittler-hemmingen');
		}
	);

	it('finds entries through their Arabic translation and shows the reader’s language', async () => {
		t();
		await seedAtlasExamples();
		const r = await search(`q=${encodeURIComponent('مرشدو السكن')}`, 'ar');
		expect(r.items[0]).toMatchObject({ slug: 'willkommenskultur-meppen', textLocale: 'ar' });
		const en = await search('q=Meppen', 'uk');
		expect(en.items[0]).toMatchObject({ textLocale: 'de', title: 'Willkommenskultur Meppen: Wohnungslotsen' });
	});

	it('counts facets disjunctively: other fields keep their counts while one is selected', async () => {
		t();
		await seedAtlasExamples();
		const all = await search('');
		const selected = await search('field=sprache');
		expect(selected.total).toBe(1);
		expect(selected.facets.field).toEqual(all.facets.field);
		expect(selected.facets.field.find((f) => f.value === 'teilhabe')?.count).toBe(4);
		// Other facets are narrowed by the field filter.
		expect(selected.facets.region).toEqual([{ value: 'leine-weser', count: 1 }]);
		const both = await search('field=sprache&region=weser-ems');
		expect(both.total).toBe(0);
		expect(both.facets.region.find((f) => f.value === 'leine-weser')?.count).toBe(1);
		expect(both.facets.field.find((f) => f.value === 'arbeit')?.count).toBe(1);
	});

	it('asks which Asendorf is meant and searches without a place meanwhile', async () => {
		t();
		await seedAtlasExamples();
		const r = await search('near=Asendorf&radius_km=5');
		expect(r.place.status).toBe('ambiguous');
		if (r.place.status !== 'ambiguous') return;
		expect(r.place.candidates.map((c) => c.district).sort()).toEqual(['Diepholz', 'Harburg']);
		expect(r.total).toBe(8);
		expect((await search('near=Atlantis')).place.status).toBe('not_found');
	});
});

describe('atlas search over synthetic entries', () => {
	it('pages without gaps or duplicates and with exact totals', async () => {
		const { pool } = t();
		await seedSyntheticProjects(48);
		const published = await pool.query<{ n: number }>(`select count(*)::int as n from projects where status = 'published'`);
		const expected = published.rows[0]!.n;
		const pages = Math.ceil(expected / 20);
		const seen: string[] = [];
		for (let page = 1; page <= pages; page++) {
			const r = await search(`per_page=20&page=${page}`);
			expect(r.total).toBe(expected);
			expect(r.pages).toBe(pages);
			seen.push(...r.items.map((i) => i.id));
		}
		expect(new Set(seen).size).toBe(expected);
		expect(seen.length).toBe(expected);
		expect((await search(`per_page=20&page=${pages + 1}`)).items).toEqual([]);
	});

	it('never lists entries that are not published', async () => {
		const { pool } = t();
		await seedSyntheticProjects(60);
		const hidden = await pool.query<{ id: string }>(`select id from projects where status <> 'published'`);
		expect(hidden.rows.length).toBeGreaterThan(0);
		const r = await search('per_page=100');
		const ids = new Set(r.items.map((i) => i.id));
		for (const row of hidden.rows) expect(ids.has(row.id)).toBe(false);
	});
});
