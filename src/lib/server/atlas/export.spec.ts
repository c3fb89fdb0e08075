import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { ACTION_FIELDS, COSTS, OFFER_LANGUAGE_CODES, OFFER_TYPES, SORTS, TARGET_GROUPS, TOPICS, TRISTATE } from '../../atlas/taxonomy';
import { REGIONS } from '../accounts/schema';
import { presentSearchJson } from './api';
import { parseSearchParams } from './contract';
import { seedAtlasExamples } from './demo';
import { collect, csvCell, csvChunks, exportSource, geojsonChunks } from './export';
import { openApiDocument, type JsonSchema, type Parameter } from './openapi';
import { searchProjects } from './service';
import { GET as geojsonRoute } from '../../../routes/api/v1/projects.geojson/+server';
import { GET as csvRoute } from '../../../routes/api/v1/projects.csv/+server';

const t = useTestDatabase();
const ORIGIN = 'https://anpacken.example';
const params = (qs: string) => parseSearchParams(new URLSearchParams(qs));
const apiTotal = async (qs: string) => presentSearchJson(await searchProjects(params(qs), 'de')).total;
const geojson = async (qs: string) => JSON.parse(await collect(geojsonChunks(await exportSource(params(qs), 'de'), ORIGIN)));
const csv = async (qs: string) => collect(csvChunks(await exportSource(params(qs), 'de'), ORIGIN));

interface Feature {
	type: string;
	geometry: { type: string; coordinates: number[] };
	properties: Record<string, unknown>;
}

/** RFC 4180 with `;` as separator: quoted fields may hold separators, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ';') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	if (cell !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
	return rows;
}

/** Demo entries plus the awkward cases: a title with `;` and `"`, formula starts and an entry without a place. */
async function seed(): Promise<void> {
	const { pool } = t();
	await seedAtlasExamples();
	await pool.query(
		`update project_texts set title = 'Deutsch; "Café" Hemmingen', teaser = '=HYPERLINK("https://evil.example")'
		where locale = 'de' and project_id = (select id from projects where slug = 'deutschvermittler-hemmingen')`
	);
	await pool.query(`update projects set organisation = '@SUM(1+1)' where slug = 'gewerkepass-osnabrueck'`);
	const inserted = await pool.query<{ id: string }>(
		`insert into projects (slug, status, statewide, online, fields, published_at, contact)
		values ('online-beratung-landesweit', 'published', true, 'online', '{teilhabe}', now(),
			'{"email": {"value": "geheim@example.org", "public": false}}'::jsonb) returning id`
	);
	await pool.query(`insert into project_texts (project_id, locale, title, teaser) values ($1, 'de', 'Online-Beratung', 'Landesweit')`, [
		inserted.rows[0]!.id
	]);
	await pool.query(
		`insert into projects (slug, status, fields) values ('entwurf-unsichtbar', 'draft', '{sprache}')`
	);
}

async function privateContactValues(): Promise<string[]> {
	const res = await t().pool.query<{ value: string }>(
		`select c.value->>'value' as value from projects p, jsonb_each(p.contact) c where (c.value->>'public')::boolean is not true`
	);
	return res.rows.map((r) => r.value);
}

describe('GeoJSON export', () => {
	it('is an RFC 7946 FeatureCollection of [lon, lat] points in Lower Saxony', async () => {
		await seed();
		const doc = await geojson('');
		expect(doc.type).toBe('FeatureCollection');
		expect(doc.crs).toBeUndefined();
		const features = doc.features as Feature[];
		expect(features.length).toBe(8);
		for (const f of features) {
			expect(f.type).toBe('Feature');
			expect(f.geometry.type).toBe('Point');
			const [lon, lat] = f.geometry.coordinates as [number, number];
			expect(f.geometry.coordinates).toHaveLength(2);
			expect(lon).toBeGreaterThan(6.6);
			expect(lon).toBeLessThan(11.6);
			expect(lat).toBeGreaterThan(51.3);
			expect(lat).toBeLessThan(53.9);
			for (const n of [lon, lat]) expect(Math.round(n * 1e5) / 1e5).toBe(n);
			expect(f.properties.url).toBe(`${ORIGIN}/de/atlas/${f.properties.slug as string}`);
			expect(f.properties.licence).toBe('CC-BY-4.0');
		}
		expect(doc['anpacken:omitted_without_location']).toBe(1);
		expect(doc['anpacken:total']).toBe(await apiTotal(''));
		expect(doc['anpacken:truncated']).toBe(false);
	});

	it('applies the filters of the JSON API', async () => {
		await seed();
		for (const qs of ['field=sprache', 'region=weser-ems', 'near=Bruchhausen-Vilsen&radius_km=10', 'q=Chor', 'field=teilhabe']) {
			const doc = await geojson(qs);
			const ids = new Set((doc.features as Feature[]).map((f) => f.properties.id));
			expect(ids.size + doc['anpacken:omitted_without_location'], qs).toBe(await apiTotal(qs));
		}
		const sprache = await geojson('field=sprache');
		expect(sprache.features).toHaveLength(await apiTotal('field=sprache'));
		expect(sprache.features[0].properties.slug).toBe('deutschvermittler-hemmingen');
	});

	it('says honestly when the limit cut the export', async () => {
		await seed();
		const src = await exportSource(params(''), 'de', 3);
		const doc = JSON.parse(await collect(geojsonChunks(src, ORIGIN)));
		expect(doc['anpacken:truncated']).toBe(true);
		expect(doc['anpacken:total']).toBe(9);
		expect(doc.features.length + doc['anpacken:omitted_without_location']).toBe(3);
	});

	it('contains no private contact data and no unpublished entry', async () => {
		await seed();
		const text = JSON.stringify(await geojson('')) + (await csv(''));
		const secrets = await privateContactValues();
		expect(secrets).toContain('geheim@example.org');
		expect(secrets).toContain('+49 511 0000000');
		for (const s of secrets) expect(text).not.toContain(s);
		expect(text).not.toContain('@example.org');
		expect(text).not.toContain('entwurf-unsichtbar');
	});

	it('is served as application/geo+json', async () => {
		await seed();
		const res = await geojsonRoute({ url: new URL(`${ORIGIN}/api/v1/projects.geojson?field=sprache&per_page=abc&radius_km=-3`) } as never);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
		const doc = await res.json();
		expect(doc.features).toHaveLength(1);
	});
});

describe('CSV export', () => {
	it('starts with a BOM and the header, uses CRLF and parses back to one row per entry', async () => {
		await seed();
		const text = await csv('');
		expect(text.startsWith('\uFEFFid;slug;title;teaser;organisation;')).toBe(true);
		expect(text.replaceAll('\r\n', '')).not.toContain('\n');
		const rows = parseCsv(text.slice(1));
		const [header, ...data] = rows;
		expect(data.length).toBe(await apiTotal(''));
		for (const r of data) expect(r.length).toBe(header!.length);
		const col = (name: string) => header!.indexOf(name);
		const hemmingen = data.find((r) => r[col('slug')] === 'deutschvermittler-hemmingen')!;
		expect(hemmingen[col('title')]).toBe('Deutsch; "Café" Hemmingen');
		expect(hemmingen[col('teaser')]).toBe(`'=HYPERLINK("https://evil.example")`);
		expect(hemmingen[col('place')]).toBe('Hemmingen');
		expect(Number(hemmingen[col('lat')])).toBeGreaterThan(51.3);
		expect(data.find((r) => r[col('slug')] === 'gewerkepass-osnabrueck')![col('organisation')]).toBe(`'@SUM(1+1)`);
		const online = data.find((r) => r[col('slug')] === 'online-beratung-landesweit')!;
		expect(online[col('place')]).toBe('');
		expect((await csv('field=sprache&field=arbeit')).split('\r\n').length - 2).toBe(await apiTotal('field=sprache&field=arbeit'));
	});

	it('quotes and guards single cells', () => {
		expect(csvCell('plain')).toBe('plain');
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell('=1+1')).toBe("'=1+1");
		expect(csvCell('+49 511')).toBe("'+49 511");
		expect(csvCell('-x')).toBe("'-x");
		expect(csvCell('@x')).toBe("'@x");
		expect(csvCell('\tx')).toBe("'\tx");
		expect(csvCell('\rx')).toBe(`"'\rx"`);
		expect(csvCell('=a;"b"')).toBe(`"'=a;""b"""`);
	});

	it('is served as a UTF-8 attachment', async () => {
		await seed();
		const res = await csvRoute({ url: new URL(`${ORIGIN}/api/v1/projects.csv?region=nowhere&page=0`) } as never);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="projektatlas.csv"');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	});
});

describe('OpenAPI document', () => {
	const doc = openApiDocument(ORIGIN);
	const param = (path: string, name: string): Parameter | undefined => doc.paths[path]?.get.parameters.find((p) => p.name === name);
	const enumOf = (p: Parameter | undefined): readonly (string | null)[] => {
		const s: JsonSchema | undefined = p?.schema.type === 'array' ? p.schema.items : p?.schema;
		return s?.enum ?? [];
	};

	it('is OpenAPI 3.1 with every path and the data licence', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/places', '/api/v1/projects', '/api/v1/projects.atom', '/api/v1/projects.csv', '/api/v1/projects.geojson', '/api/v1/projects/map']);
		expect(doc.info.license.identifier).toBe('CC-BY-4.0');
		expect(doc.servers[0]!.url).toBe(ORIGIN);
		expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
	});

	it('lists every query parameter and every taxonomy code', () => {
		const names = ['near', 'lat', 'lon', 'radius_km', 'q', 'field', 'topic', 'offer', 'target_group', 'language', 'cost', 'barrier_free', 'childcare', 'region', 'district', 'sort', 'lang'];
		for (const path of ['/api/v1/projects', '/api/v1/projects.geojson', '/api/v1/projects.csv']) {
			for (const name of names) expect(param(path, name), `${path} ${name}`).toBeDefined();
			const vocabularies: [string, readonly string[]][] = [
				['field', ACTION_FIELDS],
				['topic', TOPICS],
				['offer', OFFER_TYPES],
				['target_group', TARGET_GROUPS],
				['language', OFFER_LANGUAGE_CODES],
				['cost', COSTS],
				['barrier_free', TRISTATE],
				['region', REGIONS],
				['sort', SORTS]
			];
			for (const [name, codes] of vocabularies) expect([...enumOf(param(path, name))].sort(), name).toEqual([...codes].sort());
		}
		expect(param('/api/v1/projects', 'page')).toBeDefined();
		expect(param('/api/v1/projects', 'per_page')).toBeDefined();
		expect(param('/api/v1/places', 'q')?.required).toBe(true);
	});

	it('points every $ref at a defined schema', () => {
		const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
		expect(refs.length).toBeGreaterThan(0);
		for (const r of refs) expect(doc.components.schemas[r.split('/').pop()!], r).toBeDefined();
	});
});
