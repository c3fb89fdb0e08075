import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { AccessDenied, SYSTEM, type Actor } from '../../access/policy';
import { ensureUser } from '../../accounts/service';
import { dbPool } from '../../core/db';
import { seedAtlasExamples } from '../demo';
import { allHeaders, HEADERS, locationHeader, MAX_ROWS, templateCsv } from './columns';
import { parseCsv } from './parse';
import { analyseFile, commitImport, createImport, discardImport, getImport, placeChoiceName, recentImports, rowStatus } from './service';

const enc = (s: string) => new TextEncoder().encode(s);
const H = HEADERS;
const loc = locationHeader;

/** A CSV from header → value objects, with the given separator (cells quoted where needed). */
function csv(rows: Record<string, string>[], sep: ';' | ',' = ';', opts: { bom?: boolean; eol?: string } = {}): Uint8Array {
	const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
	const cell = (v: string) => (/[";,\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	const eol = opts.eol ?? '\r\n';
	const text = [headers.map(cell).join(sep), ...rows.map((r) => headers.map((h) => cell(r[h] ?? '')).join(sep))].join(eol) + eol;
	return enc((opts.bom ? '\uFEFF' : '') + text);
}

const base = (title: string, place: string | null, extra: Record<string, string> = {}): Record<string, string> => ({
	[H.title]: title,
	[H.teaser]: `Kurz über ${title}`,
	[H.fields]: 'Sprache',
	...(place ? { [loc(1, 'place')]: place } : {}),
	...extra
});

async function staffActor(role: 'admin' | 'moderator' | 'editor' = 'moderator'): Promise<Actor> {
	const user = await ensureUser(SYSTEM, { email: `${role}@example.org`, role });
	return { kind: 'user', id: user.id, role, region: null, label: role };
}

describe('import: reading the CSV', () => {
	useTestDatabase();

	it('reads UTF-8 with BOM and ";", and without BOM with ",", with quoted separators, quotes and line breaks', async () => {
		const rows = [
			base('Sprachcafé "Miteinander"', 'Hemmingen', {
				[H.description]: 'Erste Zeile; mit Semikolon,\nund zweite Zeile, mit Komma.',
				[H.topics]: 'Bildung | Nachbarschaft',
				[H.organisation]: 'Verein, e. V.'
			})
		];
		for (const [sep, bom] of [
			[';', true],
			[',', false]
		] as const) {
			const parsed = parseCsv(csv(rows, sep, { bom }));
			expect(parsed.ok, `${sep} ${bom}`).toBe(true);
			if (!parsed.ok) continue;
			expect(parsed.file.delimiter).toBe(sep);
			expect(parsed.file.records).toHaveLength(1);
			const f = parsed.file.records[0]!.fields;
			expect(f.title).toBe('Sprachcafé "Miteinander"');
			expect(f.description).toBe('Erste Zeile; mit Semikolon,\nund zweite Zeile, mit Komma.');
			expect(f.organisation).toBe('Verein, e. V.');
			expect(f['loc1.place']).toBe('Hemmingen');
			expect(parsed.file.records[0]!.row).toBe(2);
		}
	});

	it('numbers rows as a spreadsheet does, skips empty rows and reports unknown columns', () => {
		const text = `${H.title};${H.teaser};${H.fields};Bemerkung\r\nA-Titel;Kurz;Sprache;x\r\n;;;\r\n\r\n"B\nTitel";Kurz;Arbeit;y\r\n`;
		const parsed = parseCsv(enc(text));
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.file.records.map((r) => [r.row, r.fields.title])).toEqual([
			[2, 'A-Titel'],
			[4, 'B\nTitel']
		]);
		expect(parsed.file.unknownColumns).toEqual(['Bemerkung']);
	});

	it('refuses files it cannot read, with a reason', () => {
		const latin1 = new Uint8Array([...enc(`${H.title};${H.teaser};${H.fields}\r\nK`), 0xf6, ...enc('ln;x;Sprache\r\n')]);
		expect(parseCsv(latin1)).toEqual({ ok: false, problem: { code: 'import_error_encoding' } });
		expect(parseCsv(new Uint8Array())).toEqual({ ok: false, problem: { code: 'import_error_empty' } });
		expect(parseCsv(enc(`${H.title};${H.teaser};${H.fields}\r\n`))).toEqual({ ok: false, problem: { code: 'import_error_empty' } });
		expect(parseCsv(enc(`${H.title};${H.fields}\r\nA;Sprache\r\n`))).toEqual({
			ok: false,
			problem: { code: 'import_error_missing_columns', columns: H.teaser }
		});
		expect(parseCsv(enc(`${H.title};${H.teaser};${H.fields};titel\r\nA;B;C;D\r\n`))).toMatchObject({
			ok: false,
			problem: { code: 'import_error_duplicate_column' }
		});
		expect(parseCsv(enc(`${H.title};${H.teaser};${H.fields}\r\n"A;B;C\r\n`))).toMatchObject({ ok: false, problem: { code: 'import_error_csv_syntax' } });
		const many = `${H.title};${H.teaser};${H.fields}\r\n${'T;K;Sprache\r\n'.repeat(MAX_ROWS + 1)}`;
		expect(parseCsv(enc(many))).toEqual({ ok: false, problem: { code: 'import_error_too_many_rows', max: MAX_ROWS } });
		const big = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41);
		expect(parseCsv(big)).toEqual({ ok: false, problem: { code: 'import_error_file_too_large', maxMb: 5 } });
	});

	it('offers a template that it reads back without a single problem', async () => {
		const template = templateCsv();
		expect(template.startsWith('\uFEFF')).toBe(true);
		expect(template.split('\r\n')[0]!.replace('\uFEFF', '').split(';')).toEqual(allHeaders());
		const analysed = await analyseFile(enc(template));
		expect(analysed.ok).toBe(true);
		if (!analysed.ok) return;
		expect(analysed.unknownColumns).toEqual([]);
		const [row] = analysed.rows;
		expect(row?.issues).toEqual([]);
		expect(rowStatus(row!)).toBe('ok');
		expect(row?.entry).toMatchObject({
			fields: ['sprache'],
			topics: ['bildung', 'nachbarschaft'],
			targetGroups: ['gefluechtete', 'zugewanderte'],
			languages: ['de', 'ar', 'uk'],
			costs: ['free'],
			barrierFree: 'yes',
			childcare: true,
			statewide: false,
			contact: { person: { value: 'Maria Beispiel', public: true }, phone: { value: '0511 000000', public: false } }
		});
	});
});

describe('import: validation, geocoding and duplicates', () => {
	useTestDatabase();

	it('takes codes or German labels and reports every invalid cell with its column', async () => {
		const analysed = await analyseFile(
			csv([
				base('Gut', 'Hemmingen', {
					[H.fields]: 'arbeit, Wohnen & Leben',
					[H.offerTypes]: 'Hilfe bei der Wohnungssuche; kurs',
					[H.targetGroups]: 'ÄLTERE MENSCHEN',
					[H.languages]: 'Arabisch | English | uk',
					[H.barrierFree]: 'keine Angabe',
					[H.online]: 'Vor Ort und online',
					[H.website]: 'www.verein.de'
				}),
				{
					[H.title]: 'X',
					[H.teaser]: 'a'.repeat(201),
					[H.fields]: 'Sprache | Kochen',
					[H.childcare]: 'vielleicht',
					[H.email]: 'keine-adresse',
					[H.website]: 'javascript:alert(1)',
					[loc(1, 'postcode')]: '123',
					[loc(1, 'street')]: 'Hauptstraße 1'
				},
				{ [H.title]: '', [H.teaser]: '', [H.fields]: '', [H.organisation]: 'Nur ein Träger' }
			])
		);
		expect(analysed.ok).toBe(true);
		if (!analysed.ok) return;
		const [good, bad, empty] = analysed.rows;
		expect(good!.issues).toEqual([]);
		expect(good!.entry).toMatchObject({
			fields: ['arbeit', 'wohnen'],
			offerTypes: ['wohnhilfe', 'kurs'],
			targetGroups: ['senioren'],
			languages: ['ar', 'en', 'uk'],
			barrierFree: 'unknown',
			online: 'hybrid',
			contact: { website: { value: 'https://www.verein.de/', public: false } }
		});
		expect(bad!.issues).toEqual(
			expect.arrayContaining([
				{ code: 'import_error_too_short', column: H.title, min: 3 },
				{ code: 'import_error_too_long', column: H.teaser, max: 200 },
				{ code: 'import_error_unknown_value', column: H.fields, value: 'Kochen' },
				{ code: 'import_error_yes_no', column: H.childcare, value: 'vielleicht' },
				{ code: 'import_error_email', column: H.email },
				{ code: 'import_error_website', column: H.website },
				{ code: 'import_error_postcode', column: loc(1, 'postcode'), value: '123' }
			])
		);
		expect(rowStatus(bad!)).toBe('error');
		expect(empty!.issues.map((i) => [i.code, i.column])).toEqual([
			['import_error_required', H.title],
			['import_error_required', H.teaser],
			['import_error_required', H.fields]
		]);
		expect(empty!.entry.statewide).toBe(true);
	});

	it('reports for every location: found with district, ambiguous with candidates, not found, outside', async () => {
		const analysed = await analyseFile(
			csv([
				base('Treff Hemmingen', 'Hemmingen', { [loc(1, 'postcode')]: '30966', [loc(1, 'street')]: 'Rathausplatz 1' }),
				base('Treff Asendorf', 'Asendorf'),
				base('Treff Asendorf Diepholz', 'Asendorf', { [loc(1, 'postcode')]: '27330' }),
				base('Treff Nirgendwo', 'Xyzzyhausen'),
				base('Treff München', 'München'),
				base('Frauenberatung', 'Meppen', { [loc(1, 'street')]: 'Geheimweg 3', [loc(1, 'approximate')]: 'ja' })
			])
		);
		expect(analysed.ok).toBe(true);
		if (!analysed.ok) return;
		const [hemmingen, asendorf, asendorfDh, nowhere, munich, approx] = analysed.rows;
		expect(hemmingen!.locations[0]).toMatchObject({ status: 'found', district: 'Region Hannover', location: { placeName: 'Hemmingen', districtKey: '03241', street: 'Rathausplatz 1' } });
		expect(asendorf!.locations[0]!.status).toBe('ambiguous');
		expect(asendorf!.locations[0]!.candidates.length).toBeGreaterThan(1);
		expect(rowStatus(asendorf!)).toBe('choose');
		expect(asendorfDh!.locations[0]).toMatchObject({ status: 'found', location: { placeName: 'Asendorf', postcode: '27330' } });
		expect(nowhere!.locations[0]!.status).toBe('not_found');
		expect(nowhere!.issues).toEqual([{ code: 'import_error_place_not_found', column: loc(1, 'place'), value: 'Xyzzyhausen' }]);
		expect(rowStatus(nowhere!)).toBe('error');
		expect(munich!.locations[0]!.status).toBe('outside');
		expect(munich!.issues.map((i) => i.code)).toEqual(['import_error_place_outside']);
		expect(approx!.locations[0]).toMatchObject({ status: 'found', location: { street: null, approximate: true } });
	});

	it('finds duplicates within the file and among existing entries', async () => {
		await seedAtlasExamples();
		const analysed = await analyseFile(
			csv([
				base('Deutschvermittler Hemmingen', 'Hemmingen'),
				base('Nähcafé Lüneburg', 'Lüneburg'),
				base('NÄHCAFÉ  lüneburg!', 'Lüneburg'),
				base('Nähcafé Lüneburg', 'Meppen'),
				base('Ganz neues Angebot', 'Hemmingen')
			])
		);
		expect(analysed.ok).toBe(true);
		if (!analysed.ok) return;
		const [existing, first, second, elsewhere, fresh] = analysed.rows;
		expect(existing!.duplicates.map((d) => d.slug)).toContain('deutschvermittler-hemmingen');
		expect(rowStatus(existing!)).toBe('duplicate');
		expect(first!.sameAs).toEqual([]);
		expect(rowStatus(first!)).toBe('ok');
		expect(second!.sameAs).toEqual([3]);
		expect(rowStatus(second!)).toBe('duplicate');
		expect(elsewhere!.sameAs).toEqual([]);
		expect(fresh!.duplicates).toEqual([]);
		expect(rowStatus(fresh!)).toBe('ok');
	});
});

describe('import: preview, commit, discard', () => {
	useTestDatabase();

	const file = () =>
		csv([
			base('Sprachtreff Hemmingen Süd', 'Hemmingen', { [H.description]: 'Mit <script>alert(1)</script> **fett**' }),
			base('Lernhilfe Asendorf', 'Asendorf'),
			base('Deutschvermittler Hemmingen', 'Hemmingen'),
			base('Kaputt', 'Xyzzyhausen'),
			base('Landesweite Beratung', null, { [H.online]: 'online' })
		]);

	it('stores a preview without touching the atlas, then writes exactly the selected rows with revisions, once', async () => {
		await seedAtlasExamples();
		const actor = await staffActor();
		const before = await dbPool().query<{ n: number }>('select count(*)::int as n from projects');
		const created = await createImport(actor, { filename: 'liste.csv', bytes: file(), requestId: 'r1' });
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		expect((await dbPool().query<{ n: number }>('select count(*)::int as n from projects')).rows[0]!.n).toBe(before.rows[0]!.n);

		const view = (await getImport(actor, created.id))!;
		expect(view).toMatchObject({ filename: 'liste.csv', status: 'preview', counts: { ok: 2, choose: 1, duplicate: 1, error: 1 } });
		expect(view.rows.map((r) => [r.row, r.status, r.selected])).toEqual([
			[2, 'ok', true],
			[3, 'choose', true],
			[4, 'duplicate', false],
			[5, 'error', false],
			[6, 'ok', true]
		]);
		expect(await recentImports(actor)).toMatchObject([{ id: created.id, status: 'preview', rows: 5, imported: 0 }]);

		// The ambiguous place must be chosen; nothing is written meanwhile.
		const missing = await commitImport(actor, created.id, { rows: [2, 3, 6], places: {} });
		expect(missing).toEqual({ ok: false, reason: 'invalid', errors: { [placeChoiceName(3, 0)]: 'import_error_choose_place' } });
		// An error row cannot be imported, whatever the form says.
		expect(await commitImport(actor, created.id, { rows: [5], places: {} })).toMatchObject({ ok: false, reason: 'invalid', errors: { 'zeile-5': 'import_error_row_not_importable' } });
		expect(await commitImport(actor, created.id, { rows: [], places: {} })).toMatchObject({ ok: false, errors: { zeile: 'import_error_nothing_selected' } });
		// A candidate that was not offered is refused too.
		const hemmingen = view.rows[0]!.locations[0]!.location!.ags!;
		expect(await commitImport(actor, created.id, { rows: [3], places: { [placeChoiceName(3, 0)]: hemmingen } })).toMatchObject({ ok: false, reason: 'invalid' });

		const ags = view.rows[1]!.locations[0]!.candidates[1]!.ags;
		const now = new Date('2026-03-10T10:00:00Z');
		const done = await commitImport(actor, created.id, { rows: [2, 3, 6], places: { [placeChoiceName(3, 0)]: ags } }, { now, requestId: 'r2' });
		expect(done).toEqual({ ok: true, imported: 3, skipped: 2 });

		const rows = await dbPool().query<{
			slug: string;
			status: string;
			published_at: Date;
			last_confirmed_at: Date;
			demo: boolean;
			statewide: boolean;
			description: string;
			ags: string | null;
			kind: string;
			author_id: string;
			revision: number;
		}>(
			`select p.slug, p.status, p.published_at, p.last_confirmed_at, p.demo, p.statewide, t.description, l.ags, r.kind, r.author_id, r.revision
			from projects p join project_texts t on t.project_id = p.id
			left join project_locations l on l.project_id = p.id
			join project_revisions r on r.project_id = p.id
			where p.created_at = $1 order by p.slug`,
			[now]
		);
		expect(rows.rows.map((r) => [r.slug, r.status, r.statewide, r.ags, r.kind, r.revision])).toEqual([
			['landesweite-beratung', 'published', true, null, 'import', 1],
			['lernhilfe-asendorf', 'published', false, ags, 'import', 1],
			['sprachtreff-hemmingen-sued', 'published', false, hemmingen, 'import', 1]
		]);
		for (const r of rows.rows) {
			expect(r).toMatchObject({ published_at: now, last_confirmed_at: now, demo: false, author_id: actor.kind === 'user' ? actor.id : '' });
		}
		expect(rows.rows.find((r) => r.slug === 'sprachtreff-hemmingen-sued')!.description).not.toContain('<script>');
		// The new entries are found by the public search (the search triggers ran).
		const found = await dbPool().query(`select 1 from projects where slug = 'sprachtreff-hemmingen-sued' and search_vector @@ plainto_tsquery('german', 'Sprachtreff')`);
		expect(found.rowCount).toBe(1);

		const audit = await dbPool().query(`select action, after, request_id from audit_log where entity = 'atlas_import' order by id`);
		expect(audit.rows).toEqual([
			{ action: 'atlas.import.preview', after: { filename: 'liste.csv', rows: 5, ok: 2, choose: 1, duplicate: 1, error: 1 }, request_id: 'r1' },
			{ action: 'atlas.import.commit', after: { filename: 'liste.csv', imported: 3, skipped: 2 }, request_id: 'r2' }
		]);
		const committed = (await getImport(actor, created.id))!;
		expect(committed.status).toBe('committed');
		expect(committed.rows.filter((r) => r.created).map((r) => r.created!.slug)).toEqual(['sprachtreff-hemmingen-sued', 'lernhilfe-asendorf', 'landesweite-beratung']);

		// Twice is refused; so is discarding a committed import.
		expect(await commitImport(actor, created.id, { rows: [2], places: {} })).toEqual({ ok: false, reason: 'committed' });
		expect(await discardImport(actor, created.id)).toEqual({ ok: false, reason: 'committed' });
		expect((await dbPool().query<{ n: number }>('select count(*)::int as n from projects where created_at = $1', [now])).rows[0]!.n).toBe(3);
	});

	it('gives entries with the same title distinct slugs', async () => {
		const actor = await staffActor('admin');
		const created = await createImport(actor, { filename: 'a.csv', bytes: csv([base('Sprachtreff', 'Hemmingen'), base('Sprachtreff', 'Meppen')]) });
		if (!created.ok) throw new Error('preview failed');
		expect(await commitImport(actor, created.id, { rows: [2, 3], places: {} })).toMatchObject({ ok: true, imported: 2 });
		const again = await createImport(actor, { filename: 'b.csv', bytes: csv([base('Sprachtreff', 'Hemmingen')]) });
		if (!again.ok) throw new Error('preview failed');
		const view = (await getImport(actor, again.id))!;
		expect(view.rows[0]!.status).toBe('duplicate');
		expect(await commitImport(actor, again.id, { rows: [2], places: {} })).toMatchObject({ ok: true, imported: 1 });
		const slugs = await dbPool().query<{ slug: string }>(`select slug from projects order by slug`);
		expect(slugs.rows.map((r) => r.slug)).toEqual(['sprachtreff', 'sprachtreff-2', 'sprachtreff-3']);
	});

	it('discards a preview (dropping its rows) and refuses to commit it afterwards', async () => {
		const actor = await staffActor();
		const created = await createImport(actor, { filename: 'x.csv', bytes: file() });
		if (!created.ok) throw new Error('preview failed');
		expect(await discardImport(actor, created.id)).toEqual({ ok: true });
		expect(await commitImport(actor, created.id, { rows: [2], places: {} })).toEqual({ ok: false, reason: 'discarded' });
		const row = await dbPool().query(`select status, rows from atlas_imports where id = $1`, [created.id]);
		expect(row.rows[0]).toEqual({ status: 'discarded', rows: [] });
		expect(await getImport(actor, 'not-a-uuid')).toBeNull();
	});

	it('is for moderators and admins only, and reports unreadable files without storing anything', async () => {
		const editor = await staffActor('editor');
		await expect(createImport(editor, { filename: 'x.csv', bytes: file() })).rejects.toBeInstanceOf(AccessDenied);
		await expect(getImport(editor, '00000000-0000-0000-0000-000000000000')).rejects.toBeInstanceOf(AccessDenied);
		const actor = await staffActor();
		expect(await createImport(actor, { filename: 'x.csv', bytes: null })).toEqual({ ok: false, problem: { code: 'import_error_file_missing' } });
		expect(await createImport(actor, { filename: 'x.csv', bytes: enc('a,b\r\n1,2\r\n') })).toMatchObject({ ok: false, problem: { code: 'import_error_missing_columns' } });
		expect((await dbPool().query('select 1 from atlas_imports')).rowCount).toBe(0);
	});
});
