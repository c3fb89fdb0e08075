import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { parseSearchParams } from '../contract';
import { seedAtlasExamples } from '../demo';
import { openApiDocument } from '../openapi';
import { searchProjects } from '../service';
import { parseMapView } from './contract';
import type { MapCellJson, MapClustersJson } from './api';
import { GET as mapRoute } from '../../../../routes/api/v1/projects/map/+server';

const t = useTestDatabase();
const ORIGIN = 'https://anpacken.example';
const get = (qs: string) => mapRoute({ url: new URL(`${ORIGIN}/api/v1/projects/map?${qs}`) } as never);

describe('GET /api/v1/projects/map', () => {
	it('answers clusters in the documented shape that add up to the list total', async () => {
		t();
		await seedAtlasExamples();
		const res = await get('field=teilhabe&zoom=8');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		expect(res.headers.get('cache-control')).toBe('public, max-age=60');
		const body = (await res.json()) as MapClustersJson;
		const list = await searchProjects(parseSearchParams(new URLSearchParams('field=teilhabe')), 'de');
		expect(body.total).toBe(list.total);
		expect(body.located + body.unlocated).toBe(body.total);
		expect(body.clusters.reduce((s, c) => s + c.count, 0)).toBe(body.located);
		expect(body.zoom).toBe(8);
		expect(body.list_query).toContain('field=teilhabe');
		const schema = openApiDocument(ORIGIN).components.schemas.MapClusters!;
		expect(Object.keys(body).sort()).toEqual([...schema.required!].sort());
		const item = schema.properties!.clusters!.items!;
		for (const c of body.clusters) {
			expect(Object.keys(c).sort()).toEqual([...item.required!].sort());
			expect(c.key).toBe(`8/${c.cell[0]}/${c.cell[1]}`);
			expect(c.bounds[0]).toBeLessThanOrEqual(c.lon);
			expect(c.bounds[2]).toBeGreaterThanOrEqual(c.lon);
		}
	});

	it('lists the entries of one cell with titles in the reader’s language', async () => {
		t();
		await seedAtlasExamples();
		const clusters = (await (await get('zoom=12&q=Meppen&bbox=7.0,52.5,7.6,52.9')).json()) as MapClustersJson;
		expect(clusters.clusters).toHaveLength(1);
		const [x, y] = clusters.clusters[0]!.cell;
		const res = await get(`zoom=12&q=Meppen&cell=${x},${y}&lang=en`);
		const cell = (await res.json()) as MapCellJson;
		expect(cell).toMatchObject({ zoom: 12, cell: [x, y], count: 1 });
		expect(cell.entries).toEqual([{ slug: 'willkommenskultur-meppen', title: 'Welcome culture Meppen: housing guides', text_locale: 'en', place: 'Meppen' }]);
		// An empty cell is an empty list, not an error.
		expect(await (await get(`zoom=12&q=Meppen&cell=${x + 3},${y}`)).json()).toMatchObject({ count: 0, entries: [] });
	});

	it.each([
		['zoom=99', 'zoom'],
		['zoom=abc', 'zoom'],
		['bbox=10,53,9,52', 'bbox'],
		['bbox=1,2,3', 'bbox'],
		['bbox=0,0,200,10', 'bbox'],
		['cell=1;2', 'cell'],
		['zoom=15&bbox=0,40,20,60', 'too_many_cells']
	])('refuses %s with 400 naming %s', async (qs, parameter) => {
		const res = await get(qs);
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({ error: 'invalid_parameter', parameter });
	});

	it('ignores unknown filter values like the list does', async () => {
		t();
		await seedAtlasExamples();
		const body = (await (await get('field=nonsense&region=nowhere&district=1&radius_km=-3')).json()) as MapClustersJson;
		expect(body.total).toBe(8);
	});

	it('parses a view with defaults and whole cells', () => {
		const parsed = parseMapView(new URLSearchParams(''));
		expect(parsed).toMatchObject({ ok: true, view: { zoom: 7, cell: null } });
		expect(parseMapView(new URLSearchParams('zoom=10&bbox=9.5,52.2,10.0,52.5'))).toMatchObject({ ok: true, view: { zoom: 10, bbox: [9.5, 52.2, 10, 52.5] } });
	});

	it('is documented in the OpenAPI document', () => {
		const doc = openApiDocument(ORIGIN);
		const op = doc.paths['/api/v1/projects/map']!.get;
		const names = op.parameters.map((p) => p.name);
		for (const name of ['near', 'field', 'district', 'zoom', 'bbox', 'cell', 'lang']) expect(names).toContain(name);
		expect(new Set(names).size).toBe(names.length);
	});
});
