/**
 * Open-data exports of the Projektatlas (GeoJSON, CSV): the same filters and
 * order as GET /api/v1/projects, but the whole result instead of one page.
 * Output is produced in chunks so a large export never sits in memory twice.
 */
import type { SearchParams, SearchResult } from './contract';
import type { Region } from '../accounts/schema';
import { exportRowsByIds, matchingIds, type ExportRow } from './repository';
import { resolvePlace } from './service';

/** A guard against exports that would tie up the database and the reader's program alike. */
export const EXPORT_MAX = 50_000;
/** Ids per detail query: large enough for few round trips, small enough for a short statement. */
const BATCH = 500;

export interface ExportLocation {
	place: string;
	/** null for approximate locations, which publish only their place. */
	postcode: string | null;
	districtKey: string | null;
	region: Region | null;
	lat: number;
	lon: number;
	approximate: boolean;
}

/** What an export may contain of one entry: public fields only. */
export interface ExportEntry {
	id: string;
	slug: string;
	title: string;
	teaser: string;
	textLocale: string;
	organisation: string | null;
	fields: string[];
	offerTypes: string[];
	languages: string[];
	licence: string;
	locations: ExportLocation[];
}

export interface ExportSource {
	/** Matching entries before the limit. */
	total: number;
	limit: number;
	truncated: boolean;
	place: SearchResult['place'];
	entries: AsyncIterable<ExportEntry>;
}

function presentExport(row: ExportRow): ExportEntry {
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		teaser: row.teaser,
		textLocale: row.text_locale,
		organisation: row.organisation,
		fields: row.fields,
		offerTypes: row.offer_types,
		languages: row.languages,
		licence: row.licence,
		locations: row.locations.map((l) => ({
			place: l.place_name,
			// As on the detail page: approximate locations must not narrow down to a street block.
			postcode: l.approximate ? null : l.postcode,
			districtKey: l.district_key,
			region: l.region,
			lat: l.lat,
			lon: l.lon,
			approximate: l.approximate
		}))
	};
}

async function* inBatches(ids: string[], locale: string): AsyncGenerator<ExportEntry> {
	for (let i = 0; i < ids.length; i += BATCH) {
		const batch = ids.slice(i, i + BATCH);
		const byId = new Map((await exportRowsByIds(batch, locale)).map((r) => [r.id, r]));
		for (const id of batch) {
			const row = byId.get(id);
			// An entry unpublished between the two queries simply drops out.
			if (row) yield presentExport(row);
		}
	}
}

/** Every published entry matching the parameters (ignoring page and per_page), up to `limit`. */
export async function exportSource(params: SearchParams, locale: string, limit = EXPORT_MAX): Promise<ExportSource> {
	const { place, centre } = await resolvePlace(params);
	const { ids, total } = await matchingIds(params, centre, limit);
	return { total, limit, truncated: total > ids.length, place, entries: inBatches(ids, locale) };
}

export const detailUrl = (origin: string, slug: string) => `${origin}/de/atlas/${encodeURIComponent(slug)}`;

/** 5 decimals are about 1 m: more would claim a precision the data does not have. */
const coord = (n: number) => Math.round(n * 1e5) / 1e5;

/** RFC 7946 FeatureCollection, one Point feature per location. */
export async function* geojsonChunks(src: ExportSource, origin: string): AsyncGenerator<string> {
	yield '{"type":"FeatureCollection","features":[';
	let first = true;
	let omitted = 0;
	let features = 0;
	for await (const e of src.entries) {
		if (e.locations.length === 0) {
			omitted++;
			continue;
		}
		const parts: string[] = [];
		for (const l of e.locations) {
			const feature = {
				type: 'Feature',
				geometry: { type: 'Point', coordinates: [coord(l.lon), coord(l.lat)] },
				properties: {
					id: e.id,
					slug: e.slug,
					title: e.title,
					teaser: e.teaser,
					text_locale: e.textLocale,
					organisation: e.organisation,
					fields: e.fields,
					offer_types: e.offerTypes,
					languages: e.languages,
					place: l.place,
					district_key: l.districtKey,
					region: l.region,
					url: detailUrl(origin, e.slug),
					approximate: l.approximate,
					licence: e.licence
				}
			};
			parts.push(JSON.stringify(feature));
			features++;
		}
		yield (first ? '' : ',') + parts.join(',');
		first = false;
	}
	// Foreign members (RFC 7946 § 6.1) tell a reader what the features alone cannot.
	const meta = {
		'anpacken:total': src.total,
		'anpacken:features': features,
		'anpacken:omitted_without_location': omitted,
		'anpacken:limit': src.limit,
		'anpacken:truncated': src.truncated,
		'anpacken:place': src.place,
		// Providers choose the licence per entry (default CC BY 4.0): every feature says its own.
		'anpacken:licence': 'see properties.licence of each feature'
	};
	yield `],${JSON.stringify(meta).slice(1)}`;
}

export const CSV_HEADER = [
	'id',
	'slug',
	'title',
	'teaser',
	'organisation',
	'fields',
	'offer_types',
	'languages',
	'place',
	'postcode',
	'district_key',
	'region',
	'lat',
	'lon',
	'approximate',
	'url',
	'licence'
] as const;

/**
 * One CSV text cell: formula-injection guard (a leading `'` keeps spreadsheet
 * programs from evaluating it), then RFC 4180 quoting for `;`, quotes and
 * line breaks.
 */
export function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvRow = (cells: string[]) => cells.join(';') + '\r\n';

/** `;`-separated UTF-8 CSV with BOM, one row per entry (its first location). */
export async function* csvChunks(src: ExportSource, origin: string): AsyncGenerator<string> {
	// The BOM is what makes spreadsheet programs read UTF-8 instead of Windows-1252.
	yield '\uFEFF' + csvRow([...CSV_HEADER]);
	let rows: string[] = [];
	for await (const e of src.entries) {
		const l = e.locations[0];
		const text = [
			e.id,
			e.slug,
			e.title,
			e.teaser,
			e.organisation ?? '',
			e.fields.join('|'),
			e.offerTypes.join('|'),
			e.languages.join('|'),
			l?.place ?? '',
			l?.postcode ?? '',
			l?.districtKey ?? '',
			l?.region ?? ''
		].map(csvCell);
		// Numbers are ours and may be negative elsewhere, so they bypass the text guard.
		const numbers = l ? [String(coord(l.lat)), String(coord(l.lon))] : ['', ''];
		const tail = [l ? String(l.approximate) : '', detailUrl(origin, e.slug), e.licence].map(csvCell);
		rows.push(csvRow([...text, ...numbers, ...tail]));
		if (rows.length >= 200) {
			yield rows.join('');
			rows = [];
		}
	}
	if (rows.length > 0) yield rows.join('');
}

/** Chunks → a byte stream for a Response body; pulls only as fast as the client reads. */
export function toStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await chunks.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			await chunks.return(undefined);
		}
	});
}

/** Collects an export into one string (tests and small callers). */
export async function collect(chunks: AsyncGenerator<string>): Promise<string> {
	let out = '';
	for await (const c of chunks) out += c;
	return out;
}
