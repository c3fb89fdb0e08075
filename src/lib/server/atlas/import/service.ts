/**
 * Staff CSV import (issue 3): upload → parse and validate every row,
 * geocode its locations with the gazetteer, look for duplicates in the file
 * and among existing entries → store all findings as a preview
 * (atlas_imports, status 'preview'). Nothing reaches the atlas until staff
 * commit the rows they selected, in one transaction. See ADR 0014.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { requireAccess, type Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { dbPool, transaction } from '../../core/db';
import { placeByAgs, type Place } from '../../gazetteer/service';
import { insertProjectsWith, type NewProject } from '../bulk';
import { findSimilarEntries, type DuplicateCandidate } from '../duplicates';
import { locate, type LocateResult } from '../locate';
import { saveRevision, type SnapshotLocation } from '../snapshot';
import { slugify } from '../write/slug';
import { parseCsv, type FileProblem } from './parse';
import { validateRecord, type ImportedEntry, type LocationCells, type RowIssue } from './validate';

export type LocationStatus = 'found' | 'ambiguous' | 'not_found' | 'outside';

export interface LocationFinding {
	cells: LocationCells;
	status: LocationStatus;
	location: SnapshotLocation | null;
	/** District name of a found place, for the report. */
	district: string | null;
	candidates: { name: string; ags: string; district: string }[];
}

/**
 * One row of the file with its findings. atlas_imports.rows holds a single
 * element { rows: ImportRow[], unknownColumns, delimiter } (StoredImport), so
 * the file-level findings stay with the rows.
 */
export interface ImportRow {
	row: number;
	entry: ImportedEntry;
	issues: RowIssue[];
	locations: LocationFinding[];
	duplicates: DuplicateCandidate[];
	/** Earlier rows of the same file that describe the same entry. */
	sameAs: number[];
	/** Set on commit for the rows that were imported. */
	created?: { id: string; slug: string };
}

export type RowStatus = 'error' | 'duplicate' | 'choose' | 'ok';

export function rowStatus(r: ImportRow): RowStatus {
	if (r.issues.length > 0 || r.locations.some((l) => l.status === 'not_found' || l.status === 'outside')) return 'error';
	if (r.duplicates.length > 0 || r.sameAs.length > 0) return 'duplicate';
	if (r.locations.some((l) => l.status === 'ambiguous')) return 'choose';
	return 'ok';
}

/** Rows with duplicates start unticked: staff decide on purpose. Error rows cannot be ticked. */
export function selectedByDefault(r: ImportRow): boolean {
	const s = rowStatus(r);
	return s === 'ok' || s === 'choose';
}

/** Titles that differ only in case, accents, spaces or punctuation are the same title. */
const titleKey = (t: string) =>
	t
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/ß/g, 'ss')
		.replace(/[^\p{L}\p{N}]+/gu, '');

function locationKeys(title: string, locations: LocationFinding[]): string[] {
	const t = titleKey(title);
	if (!t) return [];
	if (locations.length === 0) return [`${t}|-`];
	return locations.map((l) => `${t}|${l.location?.ags ?? titleKey(l.cells.place || l.cells.postcode || '')}`);
}

function finding(cells: LocationCells, result: LocateResult): LocationFinding {
	if (result.status === 'found') return { cells, status: 'found', location: result.location, district: result.place.district.name, candidates: [] };
	if (result.status === 'ambiguous') return { cells, status: 'ambiguous', location: null, district: null, candidates: result.candidates };
	return { cells, status: result.status === 'outside' ? 'outside' : 'not_found', location: null, district: null, candidates: [] };
}

/** The findings of one file (exported for tests; the page goes through createImport). */
export async function analyseFile(bytes: Uint8Array): Promise<{ ok: true; rows: ImportRow[]; unknownColumns: string[]; delimiter: string } | { ok: false; problem: FileProblem }> {
	const parsed = parseCsv(bytes);
	if (!parsed.ok) return parsed;
	// Files repeat places; each distinct place is looked up once.
	const located = new Map<string, Promise<LocateResult>>();
	const locateOnce = (cells: LocationCells) => {
		const key = `${cells.postcode ?? ''}|${cells.place.toLowerCase()}|${cells.approximate}|${cells.street ?? ''}|${cells.label ?? ''}`;
		let p = located.get(key);
		if (!p) {
			p = locate({ place: cells.place, postcode: cells.postcode, street: cells.street, label: cells.label, approximate: cells.approximate });
			located.set(key, p);
		}
		return p;
	};
	const seen = new Map<string, number>();
	const rows: ImportRow[] = [];
	for (const rec of parsed.file.records) {
		const { entry, locations: cells, issues } = validateRecord(rec.fields);
		const locations: LocationFinding[] = [];
		for (const c of cells) {
			const f = finding(c, await locateOnce(c));
			const column = `Standort ${locations.length + 1} Ort`;
			if (f.status === 'not_found') issues.push({ code: 'import_error_place_not_found', column, value: [c.postcode, c.place].filter(Boolean).join(' ') });
			if (f.status === 'outside') issues.push({ code: 'import_error_place_outside', column, value: [c.postcode, c.place].filter(Boolean).join(' ') });
			locations.push(f);
		}
		const keys = locationKeys(entry.title, locations);
		const sameAs = [...new Set(keys.map((k) => seen.get(k)).filter((r): r is number => r !== undefined))];
		for (const k of keys) if (!seen.has(k)) seen.set(k, rec.row);
		const points = locations.flatMap((l) => (l.location ? [{ lat: l.location.lat, lon: l.location.lon }] : []));
		const duplicates = entry.title ? await findSimilarEntries({ title: entry.title, points }, { limit: 3 }) : [];
		rows.push({ row: rec.row, entry, issues, locations, duplicates, sameAs });
	}
	return { ok: true, rows, unknownColumns: parsed.file.unknownColumns, delimiter: parsed.file.delimiter };
}

export type CreateOutcome = { ok: true; id: string } | { ok: false; problem: FileProblem };

/** Reads the file and stores the preview; nothing else is written. */
export async function createImport(actor: Actor, input: { filename: string; bytes: Uint8Array | null; requestId?: string }): Promise<CreateOutcome> {
	requireAccess(actor, 'atlas.import');
	if (!input.bytes || input.bytes.byteLength === 0) return { ok: false, problem: input.bytes ? { code: 'import_error_empty' } : { code: 'import_error_file_missing' } };
	const analysed = await analyseFile(input.bytes);
	if (!analysed.ok) return analysed;
	const filename = input.filename.replace(/[\p{Cc}\\/]/gu, '').slice(0, 200) || 'import.csv';
	const id = randomUUID();
	const stored = { rows: analysed.rows, unknownColumns: analysed.unknownColumns, delimiter: analysed.delimiter };
	await transaction(async (tx, client) => {
		await client.query(`insert into atlas_imports (id, filename, status, rows, created_by) values ($1, $2, 'preview', $3::jsonb, $4)`, [
			id,
			filename,
			JSON.stringify([stored]),
			actor.kind === 'user' ? actor.id : null
		]);
		const counts = countStatuses(analysed.rows);
		await record(actor, { action: 'atlas.import.preview', entity: 'atlas_import', entityId: id, after: { filename, rows: analysed.rows.length, ...counts }, requestId: input.requestId }, tx);
	});
	return { ok: true, id };
}

function countStatuses(rows: ImportRow[]): Record<RowStatus, number> {
	const counts: Record<RowStatus, number> = { ok: 0, choose: 0, duplicate: 0, error: 0 };
	for (const r of rows) counts[rowStatus(r)]++;
	return counts;
}

interface StoredImport {
	rows: ImportRow[];
	unknownColumns: string[];
	delimiter: string;
}

interface ImportRecord {
	id: string;
	filename: string;
	status: 'preview' | 'committed' | 'discarded';
	rows: StoredImport[];
	created_at: Date;
	committed_at: Date | null;
	created_by_email: string | null;
}

async function loadImport(q: pg.Pool | pg.PoolClient, id: string, lock = false): Promise<ImportRecord | null> {
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
	const res = await q.query<ImportRecord>(
		`select i.id, i.filename, i.status, i.rows, i.created_at, i.committed_at, u.email as created_by_email
		from atlas_imports i left join users u on u.id = i.created_by where i.id = $1${lock ? ' for update of i' : ''}`,
		[id]
	);
	return res.rows[0] ?? null;
}

export interface ImportView {
	id: string;
	filename: string;
	status: 'preview' | 'committed' | 'discarded';
	createdAt: string;
	committedAt: string | null;
	createdBy: string | null;
	unknownColumns: string[];
	delimiter: string;
	counts: Record<RowStatus, number>;
	rows: (ImportRow & { status: RowStatus; selected: boolean })[];
}

export async function getImport(actor: Actor, id: string): Promise<ImportView | null> {
	requireAccess(actor, 'atlas.import');
	const rec = await loadImport(dbPool(), id);
	if (!rec) return null;
	const stored = rec.rows[0] ?? { rows: [], unknownColumns: [], delimiter: ';' };
	return {
		id: rec.id,
		filename: rec.filename,
		status: rec.status,
		createdAt: rec.created_at.toISOString(),
		committedAt: rec.committed_at?.toISOString() ?? null,
		createdBy: rec.created_by_email,
		unknownColumns: stored.unknownColumns,
		delimiter: stored.delimiter,
		counts: countStatuses(stored.rows),
		rows: stored.rows.map((r) => ({ ...r, status: rowStatus(r), selected: selectedByDefault(r) }))
	};
}

export interface ImportListItem {
	id: string;
	filename: string;
	status: string;
	createdAt: string;
	rows: number;
	imported: number;
}

export async function recentImports(actor: Actor, limit = 10): Promise<ImportListItem[]> {
	requireAccess(actor, 'atlas.import');
	const res = await dbPool().query<{ id: string; filename: string; status: string; created_at: Date; rows: number; imported: number }>(
		`select i.id, i.filename, i.status, i.created_at,
			coalesce(jsonb_array_length(i.rows->0->'rows'), 0) as rows,
			coalesce((select count(*) from jsonb_array_elements(i.rows->0->'rows') r where r ? 'created'), 0)::int as imported
		from atlas_imports i order by i.created_at desc limit $1`,
		[limit]
	);
	return res.rows.map((r) => ({ id: r.id, filename: r.filename, status: r.status, createdAt: r.created_at.toISOString(), rows: r.rows, imported: r.imported }));
}

export interface Selection {
	/** Row numbers (as in the file) to import. */
	rows: number[];
	/** Chosen place (AGS) per ambiguous location, keyed `ort-<row>-<index>`. */
	places: Record<string, string>;
}

export type CommitOutcome =
	| { ok: true; imported: number; skipped: number }
	| { ok: false; reason: 'not_found' | 'committed' | 'discarded' }
	| { ok: false; reason: 'invalid'; errors: Record<string, string> };

export const placeChoiceName = (row: number, index: number) => `ort-${row}-${index}`;

function locationFromPlace(place: Place, cells: LocationCells): SnapshotLocation {
	return {
		label: cells.label,
		street: cells.approximate ? null : cells.street,
		postcode: cells.postcode && place.postcodes.includes(cells.postcode) ? cells.postcode : (place.postcodes[0] ?? null),
		placeName: place.name,
		ags: place.ags,
		districtKey: place.district.ags,
		region: place.region,
		lat: place.lat,
		lon: place.lon,
		approximate: cells.approximate
	};
}

/** The title's slug, else with -2, -3, …: free in the database and among the slugs of this batch. */
async function freeSlug(q: pg.PoolClient, title: string, batch: Set<string>): Promise<string> {
	const base = slugify(title) || 'eintrag';
	const res = await q.query<{ slug: string }>(`select slug from projects where slug = $1 or slug like $2`, [base, `${base.replace(/[\\%_]/g, '\\$&')}-%`]);
	const taken = new Set([...res.rows.map((r) => r.slug), ...batch]);
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Writes exactly the selected rows as published entries, each with an
 * 'import' revision, plus one audit entry with the counts — all in one
 * transaction with the status change, so an import is committed at most once.
 */
export async function commitImport(actor: Actor, id: string, selection: Selection, opts: { now?: Date; requestId?: string } = {}): Promise<CommitOutcome> {
	requireAccess(actor, 'atlas.import');
	const now = opts.now ?? new Date();
	return transaction(async (tx, client) => {
		const rec = await loadImport(client, id, true);
		if (!rec) return { ok: false, reason: 'not_found' } as const;
		if (rec.status !== 'preview') return { ok: false, reason: rec.status } as const;
		const stored = rec.rows[0] ?? { rows: [], unknownColumns: [], delimiter: ';' };
		const wanted = new Set(selection.rows);
		const errors: Record<string, string> = {};
		if (wanted.size === 0) errors.zeile = 'import_error_nothing_selected';
		const batch: { row: ImportRow; project: NewProject }[] = [];
		const slugs = new Set<string>();
		for (const row of stored.rows) {
			if (!wanted.has(row.row)) continue;
			if (rowStatus(row) === 'error') {
				errors[`zeile-${row.row}`] = 'import_error_row_not_importable';
				continue;
			}
			const locations: SnapshotLocation[] = [];
			for (const [i, l] of row.locations.entries()) {
				if (l.location) {
					locations.push(l.location);
					continue;
				}
				const name = placeChoiceName(row.row, i);
				const ags = selection.places[name] ?? '';
				const place = l.candidates.some((c) => c.ags === ags) ? await placeByAgs(ags) : null;
				if (!place) errors[name] = 'import_error_choose_place';
				else locations.push(locationFromPlace(place, l.cells));
			}
			const slug = await freeSlug(client, row.entry.title, slugs);
			slugs.add(slug);
			const e = row.entry;
			batch.push({
				row,
				project: {
					id: randomUUID(),
					slug,
					status: 'published',
					organisation: e.organisation,
					fields: e.fields,
					topics: e.topics,
					offerTypes: e.offerTypes,
					targetGroups: e.targetGroups,
					languages: e.languages,
					costs: e.costs,
					barrierFree: e.barrierFree,
					childcare: e.childcare,
					womenOnly: e.womenOnly,
					appointmentNeeded: e.appointmentNeeded,
					online: e.online,
					statewide: e.statewide,
					contact: e.contact,
					schedule: null,
					demo: false,
					createdAt: now,
					publishedAt: now,
					lastConfirmedAt: now,
					texts: [{ locale: 'de', title: e.title, teaser: e.teaser, description: e.description, status: 'source' }],
					locations
				}
			});
		}
		if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', errors } as const;

		await insertProjectsWith(
			client,
			batch.map((b) => b.project)
		);
		for (const b of batch) {
			await saveRevision(client, b.project.id, 'import', actor.kind === 'user' ? actor.id : null);
			b.row.created = { id: b.project.id, slug: b.project.slug };
		}
		await client.query(`update atlas_imports set status = 'committed', committed_at = $2, rows = $3::jsonb where id = $1`, [
			id,
			now,
			JSON.stringify([stored])
		]);
		const skipped = stored.rows.length - batch.length;
		await record(
			actor,
			{ action: 'atlas.import.commit', entity: 'atlas_import', entityId: id, after: { filename: rec.filename, imported: batch.length, skipped }, requestId: opts.requestId },
			tx
		);
		return { ok: true, imported: batch.length, skipped } as const;
	});
}

/** Drops a preview; its rows (with contact details) are deleted with it. */
export async function discardImport(actor: Actor, id: string, opts: { requestId?: string } = {}): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'committed' | 'discarded' }> {
	requireAccess(actor, 'atlas.import');
	return transaction(async (tx, client) => {
		const rec = await loadImport(client, id, true);
		if (!rec) return { ok: false, reason: 'not_found' } as const;
		if (rec.status !== 'preview') return { ok: false, reason: rec.status } as const;
		await client.query(`update atlas_imports set status = 'discarded', rows = '[]'::jsonb where id = $1`, [id]);
		await record(actor, { action: 'atlas.import.discard', entity: 'atlas_import', entityId: id, after: { filename: rec.filename }, requestId: opts.requestId }, tx);
		return { ok: true } as const;
	});
}
