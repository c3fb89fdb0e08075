import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { presentSearchJson } from './api';
import { parseSearchParams } from './contract';
import { seedAtlasExamples } from './demo';
import { getPublishedProject, searchProjects } from './service';
import { loadSeedPlaces, seedSyntheticProjects, syntheticProject } from './synthetic';

const t = useTestDatabase();

describe('atlas detail', () => {
	it('shows public contact fields only and hides the address of approximate locations', async () => {
		t();
		await seedAtlasExamples();
		const p = await getPublishedProject('stark-im-beruf-salzgitter', 'de');
		expect(p?.contact).toEqual({ email: 'stark-im-beruf@example.org' });
		expect(p?.locations[0]).toMatchObject({ place: 'Salzgitter', street: null, postcode: null, approximate: true });
		const d = await getPublishedProject('deutschvermittler-hemmingen', 'de');
		expect(d?.contact).toEqual({ person: 'Koordination Deutschvermittler', email: 'deutschvermittler@example.org' });
		expect(JSON.stringify(d)).not.toContain('0000000');
		expect(d).toMatchObject({ stale: false, licence: 'CC-BY-4.0', fallback: false, schedule: { byAppointment: false } });
		const json = JSON.stringify(presentSearchJson(await searchProjects(parseSearchParams(new URLSearchParams('per_page=100')), 'de')));
		expect(json).not.toContain('+49 511 0000000');
		expect(json).not.toContain('N. N.');
	});

	it('gives the reader’s language with a visible fallback for untranslated parts', async () => {
		t();
		await seedAtlasExamples();
		const ar = await getPublishedProject('ichor-harzer-land', 'ar');
		expect(ar).toMatchObject({ textLocale: 'ar', fallback: false, textStatus: 'current', descriptionLocale: 'de' });
		const uk = await getPublishedProject('ichor-harzer-land', 'uk');
		expect(uk).toMatchObject({ textLocale: 'de', fallback: true, title: 'iChor Harzer Land' });
	});

	it('does not show entries that are not published', async () => {
		const { pool } = t();
		await seedAtlasExamples();
		await pool.query(`update projects set status = 'archived' where slug = 'nachbarschaft-asendorf'`);
		expect(await getPublishedProject('nachbarschaft-asendorf', 'de')).toBeNull();
		expect(await getPublishedProject('../etc', 'de')).toBeNull();
		const r = await searchProjects(parseSearchParams(new URLSearchParams('q=Asendorf')), 'de');
		expect(r.items.map((i) => i.slug)).not.toContain('nachbarschaft-asendorf');
	});
});

describe('synthetic entries', () => {
	it('are deterministic and spread over the regions', async () => {
		t();
		const places = await loadSeedPlaces();
		const a = Array.from({ length: 200 }, (_, i) => syntheticProject(i, places));
		const b = Array.from({ length: 200 }, (_, i) => syntheticProject(i, places));
		expect(a.map((p) => p.texts[0]!.title)).toEqual(b.map((p) => p.texts[0]!.title));
		expect(a.map((p) => p.id)).toEqual(b.map((p) => p.id));
		const regions = new Set(a.flatMap((p) => p.locations.map((l) => l.region)));
		expect(regions.size).toBeGreaterThanOrEqual(3);
		expect(a.every((p) => p.texts.every((x) => x.teaser.length <= 200))).toBe(true);
	});

	it('continues where an earlier run stopped', async () => {
		const { pool } = t();
		expect(await seedSyntheticProjects(30)).toBe(30);
		expect(await seedSyntheticProjects(30)).toBe(0);
		expect(await seedSyntheticProjects(35)).toBe(5);
		const n = await pool.query<{ n: number }>('select count(*)::int as n from projects');
		expect(n.rows[0]!.n).toBe(35);
	});
});
