import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { MAX_ZOOM, MIN_ZOOM } from '../../../atlas/map/projection';
import { insertProjects, type NewProject } from '../bulk';
import { parseSearchParams } from '../contract';
import { seedAtlasExamples } from '../demo';
import { searchProjects } from '../service';
import { seedSyntheticProjects } from '../synthetic';
import { presentCellJson, presentClustersJson } from './api';
import { DEFAULT_BBOX, type BBox } from './contract';
import { cellRange } from './contract';
import { gridRows } from './repository';
import { resolvePlace } from '../service';
import { mapCellEntries, mapClusters, mapOverview, orientationPlaces, snap } from './service';

const t = useTestDatabase();
const params = (qs: string) => parseSearchParams(new URLSearchParams(qs));
const sum = (xs: { count: number }[]) => xs.reduce((s, x) => s + x.count, 0);
/** Wider than the state, so every located entry is in view. */
const EVERYWHERE: BBox = [5, 50.5, 12.5, 54.5];

/** An entry with two locations: Hannover first, Göttingen second. */
function twoPlaces(): NewProject {
	const location = (placeName: string, districtKey: string, region: 'leine-weser' | 'braunschweig', lat: number, lon: number) => ({
		label: null,
		street: 'Teststraße 1',
		postcode: null,
		placeName,
		ags: null,
		districtKey,
		region,
		lat,
		lon,
		approximate: false
	});
	const now = new Date('2026-01-10T10:00:00Z');
	return {
		id: '7b0c8a64-2a4e-4a3e-9a51-1d1b1f0c0a01',
		slug: 'zwei-orte-test',
		status: 'published',
		organisation: 'Testträger',
		fields: ['sprache'],
		topics: [],
		offerTypes: ['kurs'],
		targetGroups: [],
		languages: ['de'],
		costs: ['free'],
		barrierFree: 'unknown',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: false,
		online: 'no',
		statewide: false,
		contact: {},
		schedule: null,
		demo: true,
		createdAt: now,
		publishedAt: now,
		lastConfirmedAt: now,
		texts: [{ locale: 'de', title: 'Sprachkurs an zwei Orten', teaser: 'Ein Kurs in Hannover und in Göttingen.', description: '', status: 'source' }],
		locations: [location('Hannover', '03241', 'leine-weser', 52.37052, 9.73322), location('Göttingen', '03159', 'braunschweig', 51.53443, 9.93228)]
	};
}

describe('atlas map clusters', () => {
	const FILTERS = [
		'',
		'field=sprache',
		'near=Hannover&radius_km=25',
		'near=Hannover&radius_km=50&field=arbeit',
		'region=braunschweig',
		'district=03241&district=03159',
		'q=Sprachcaf%C3%A9',
		'language=ar&cost=free'
	];

	it('adds up to the list total for every filter, at every zoom level, with entries off the map counted apart', async () => {
		t();
		await seedAtlasExamples();
		await seedSyntheticProjects(600);
		for (const qs of FILTERS) {
			const p = params(qs);
			const list = await searchProjects(p, 'de');
			const overview = await mapOverview(p, 'de');
			expect(overview.total, qs).toBe(list.total);
			expect(sum(overview.clusters), qs).toBe(overview.located);
			expect(overview.located + overview.unlocated, qs).toBe(list.total);
			for (const zoom of [MIN_ZOOM, 8, 11, MAX_ZOOM]) {
				const grid = await mapClusters(p, { zoom, bbox: EVERYWHERE });
				expect(grid.total, `${qs} z${zoom}`).toBe(list.total);
				expect(sum(grid.clusters), `${qs} z${zoom}`).toBe(grid.located);
				expect(grid.located, `${qs} z${zoom}`).toBe(overview.located);
				// Each cell appears once.
				expect(new Set(grid.clusters.map((c) => c.key)).size).toBe(grid.clusters.length);
			}
		}
		// The synthetic set has state-wide offers without a place: they are the ones off the map.
		const all = await mapOverview(params(''), 'de');
		expect(all.unlocated).toBeGreaterThan(0);
		expect(all.unlocatedEntries.length).toBe(Math.min(all.unlocated, 10));
		const statewide = await t().pool.query<{ n: number }>(
			`select count(*)::int as n from projects p where status = 'published' and not exists (select 1 from project_locations l where l.project_id = p.id)`
		);
		expect(all.unlocated).toBe(statewide.rows[0]!.n);
	});

	it('splits into more, smaller clusters as the zoom grows and keeps the count of a view exact', async () => {
		t();
		await seedSyntheticProjects(400);
		const p = params('');
		const counts: number[] = [];
		for (let zoom = MIN_ZOOM; zoom <= MAX_ZOOM; zoom += 3) counts.push((await mapClusters(p, { zoom, bbox: EVERYWHERE })).clusters.length);
		for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!);
		expect(counts.at(-1)).toBeGreaterThan(counts[0]!);
		// A view around Hannover returns whole cells: every cluster's entries are in the cell's count, none cut at the edge.
		const hannover: BBox = [9.5, 52.25, 10.0, 52.5];
		const view = await mapClusters(p, { zoom: 11, bbox: hannover });
		expect(view.clusters.length).toBeGreaterThan(0);
		for (const c of view.clusters) {
			const cell = await mapCellEntries(p, { zoom: 11, x: c.cell.x, y: c.cell.y }, 'de');
			expect(cell.count).toBe(c.count);
		}
	});

	it('gives the same clusters for a small view whether or not it is narrowed down early', async () => {
		t();
		await seedSyntheticProjects(600);
		await insertProjects([twoPlaces()]);
		const views: { zoom: number; bbox: BBox }[] = [
			{ zoom: 11, bbox: [9.5, 52.25, 10.0, 52.5] },
			{ zoom: 9, bbox: [9.4, 51.3, 10.6, 51.9] },
			{ zoom: 13, bbox: [9.9, 51.5, 9.97, 51.56] }
		];
		for (const qs of ['', 'near=Hannover&radius_km=25', 'district=03159', 'region=braunschweig&field=sprache']) {
			const p = params(qs);
			const { centre } = await resolvePlace(p);
			for (const view of views) {
				const narrowed = await mapClusters(p, view);
				const range = snap(cellRange(view));
				const full = await gridRows(p, centre, range, null);
				expect(narrowed.clusters.map((c) => [c.key, c.count]), `${qs} z${view.zoom}`).toEqual(
					full.clusters.map((c) => [`${view.zoom}/${c.cx}/${c.cy}`, c.count])
				);
				expect(narrowed.total).toBe(full.total);
			}
		}
	});

	it('places an entry with several locations once, at the location that made it match', async () => {
		t();
		await insertProjects([twoPlaces()]);
		const at = async (qs: string) => (await mapOverview(params(qs), 'de')).clusters;
		expect(await at('')).toMatchObject([{ districtKey: '03241', count: 1, lat: 52.37052, lon: 9.73322 }]);
		expect(await at('district=03159')).toMatchObject([{ districtKey: '03159', count: 1, lat: 51.53443, lon: 9.93228 }]);
		expect(await at('region=braunschweig')).toMatchObject([{ districtKey: '03159', count: 1 }]);
		expect(await at('near=G%C3%B6ttingen&radius_km=10')).toMatchObject([{ districtKey: '03159', count: 1 }]);
		expect(await at('near=Hannover&radius_km=10')).toMatchObject([{ districtKey: '03241', count: 1 }]);
		// The grid agrees with the district view.
		const grid = await mapClusters(params('district=03159'), { zoom: 12, bbox: EVERYWHERE });
		expect(grid.clusters).toMatchObject([{ count: 1, lat: 51.53443, lon: 9.93228 }]);
	});

	it('never publishes more than the place centre of an approximate location', async () => {
		const { pool } = t();
		await seedAtlasExamples();
		// "Stark im Beruf" in Salzgitter is approximate: only the place is public, not postcode 38226.
		const loc = await pool.query<{ lat: number; lon: number; postcode: string }>(
			`select l.lat, l.lon, l.postcode from project_locations l join projects p on p.id = l.project_id where p.slug = 'stark-im-beruf-salzgitter'`
		);
		const centre = await pool.query<{ lat: number; lon: number }>(
			`select g.lat, g.lon from gazetteer_places g where g.name = 'Salzgitter' order by population desc limit 1`
		);
		expect(loc.rows[0]).toMatchObject({ lat: centre.rows[0]!.lat, lon: centre.rows[0]!.lon });
		const p = params('');
		const grid = await mapClusters(p, { zoom: MAX_ZOOM, bbox: [10.2, 52.0, 10.5, 52.25] });
		const salzgitter = grid.clusters.find((c) => c.count === 1 && Math.abs(c.lat - centre.rows[0]!.lat) < 1e-4);
		expect(salzgitter).toBeDefined();
		expect(salzgitter!.lat).toBe(Math.round(centre.rows[0]!.lat * 1e5) / 1e5);
		expect(salzgitter!.lon).toBe(Math.round(centre.rows[0]!.lon * 1e5) / 1e5);
		expect(salzgitter!.bounds).toEqual([salzgitter!.lon, salzgitter!.lat, salzgitter!.lon, salzgitter!.lat]);
		const cell = await mapCellEntries(p, { zoom: MAX_ZOOM, ...salzgitter!.cell }, 'de');
		expect(cell.entries.map((e) => e.slug)).toEqual(['stark-im-beruf-salzgitter']);
		const published = JSON.stringify([presentClustersJson(p, grid), presentCellJson({ zoom: MAX_ZOOM, ...salzgitter!.cell }, cell)]);
		expect(published).not.toContain(loc.rows[0]!.postcode);
		expect(published).not.toMatch(/street|postcode|Straße/);
	});

	it('links every cluster to a list that contains all of its entries', async () => {
		t();
		await seedAtlasExamples();
		await seedSyntheticProjects(300);
		await insertProjects([twoPlaces()]);
		const p = params('field=sprache');
		const grid = presentClustersJson(p, await mapClusters(p, { zoom: 8, bbox: DEFAULT_BBOX }));
		expect(grid.clusters.length).toBeGreaterThan(2);
		for (const c of grid.clusters.slice(0, 6)) {
			const cell = await mapCellEntries(p, { zoom: 8, x: c.cell[0], y: c.cell[1] }, 'de');
			const list = await searchProjects({ ...params(c.list_query), perPage: 100 }, 'de');
			const slugs = new Set(list.items.map((i) => i.slug));
			expect(list.total).toBeGreaterThanOrEqual(c.count);
			for (const e of cell.entries) expect(slugs.has(e.slug), `${e.slug} in ${c.list_query}`).toBe(true);
			expect(params(c.list_query).field).toEqual(['sprache']);
		}
	});

	it('names orientation places without labels colliding', async () => {
		t();
		const places = await orientationPlaces();
		expect(places.map((p) => p.name)).toContain('Hannover');
		expect(places.length).toBeGreaterThan(6);
		for (const a of places) for (const b of places) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(60);
	});
});
