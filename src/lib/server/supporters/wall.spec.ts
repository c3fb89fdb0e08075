import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { AccessDenied, SYSTEM } from '../access/policy';
import { makeActor } from '../atlas/media/test-helpers';
import { consents } from '../consent/schema';
import { auditLog } from '../audit/schema';
import { GET as statsGet } from '../../../routes/api/v1/stats/+server';
import { GET as openApiGet } from '../../../routes/api/v1/openapi.json/+server';
import { countsOverTime, editSupporter, listSupporters, mergeSupporters, parseAdminFilter, supportersCsv } from './admin';
import { supporters } from './schema';
import { seedSupportersDemo } from './demo';
import { addSupporter } from './test-helpers';
import { containsPattern, parseWallFilter, supporterCounts, wallPage, WALL_PAGE_SIZE } from './wall';

const filter = (qs: string) => parseWallFilter(new URLSearchParams(qs));

describe('the public wall and the counters', () => {
	const t = useTestDatabase();

	it('shows only confirmed public supporters and filters by kind, institution kind, region and text', async () => {
		t();
		await addSupporter({ name: 'Anna P.', place: 'Oldenburg', region: 'weser-ems' });
		await addSupporter({ name: 'Bernd K.', place: 'Hannover', region: 'leine-weser' });
		await addSupporter({ name: 'Hidden Person', public: false });
		await addSupporter({ name: 'Pending Person', status: 'pending' });
		await addSupporter({ name: 'Kirchengemeinde St. Marien', kind: 'institution', institutionKind: 'church', place: 'Lüneburg', region: 'lueneburg', website: 'https://example.org' });
		await addSupporter({ name: '100%_Verein', kind: 'institution', institutionKind: 'association', place: 'Oldenburg', region: 'weser-ems' });

		const all = await wallPage(filter(''));
		expect(all.items.map((i) => i.name).sort()).toEqual(['100%_Verein', 'Anna P.', 'Bernd K.', 'Kirchengemeinde St. Marien']);
		expect(all.total).toBe(4);
		expect(all.counts.kind).toEqual({ person: 2, institution: 2 });
		expect(all.counts.region).toEqual({ 'weser-ems': 2, 'leine-weser': 1, lueneburg: 1 });

		const people = await wallPage(filter('art=person'));
		expect(people.items.map((i) => i.name).sort()).toEqual(['Anna P.', 'Bernd K.']);
		// Counts per kind stay those of the other filters, so the select shows what switching would give.
		expect(people.counts.kind).toEqual({ person: 2, institution: 2 });
		expect(people.counts.region).toEqual({ 'weser-ems': 1, 'leine-weser': 1 });

		expect((await wallPage(filter('typ=church'))).items.map((i) => [i.name, i.website])).toEqual([['Kirchengemeinde St. Marien', 'https://example.org']]);
		expect((await wallPage(filter('region=weser-ems'))).items.map((i) => i.name).sort()).toEqual(['100%_Verein', 'Anna P.']);
		expect((await wallPage(filter('q=oldenburg'))).items.map((i) => i.name).sort()).toEqual(['100%_Verein', 'Anna P.']);
		// Wildcards in the search are literal characters.
		expect((await wallPage(filter('q=%25_'))).items.map((i) => i.name)).toEqual(['100%_Verein']);
		expect((await wallPage(filter('q=_'))).items.map((i) => i.name)).toEqual(['100%_Verein']);
		expect(containsPattern('a%b_c\\')).toBe('%a\\%b\\_c\\\\%');
		// Unknown values are ignored.
		expect(filter('art=robot&region=mars&typ=castle&seite=-3')).toEqual({ region: null, kind: null, institutionKind: null, q: '', page: 1 });
	});

	it('pages by 50', async () => {
		t();
		for (let i = 0; i < WALL_PAGE_SIZE + 3; i++) await addSupporter({ name: `Person ${String(i).padStart(3, '0')}` });
		const first = await wallPage(filter(''));
		const second = await wallPage(filter('seite=2'));
		expect([first.items.length, second.items.length, first.pages, second.page]).toEqual([50, 3, 2, 2]);
		expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(53);
		expect(second.items.map((i) => i.name)).toEqual(['Person 050', 'Person 051', 'Person 052']);
	});

	it('counts every confirmed signature, public or not, in the counters and GET /api/v1/stats', async () => {
		t();
		await addSupporter({ name: 'A' });
		await addSupporter({ name: 'B', public: false });
		await addSupporter({ name: 'C', status: 'pending' });
		await addSupporter({ name: 'Verein', kind: 'institution' });
		expect(await supporterCounts()).toEqual({ people: 2, institutions: 1, total: 3 });
		const res = await statsGet({} as never);
		expect(res.headers.get('cache-control')).toBe('public, max-age=60');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		const body = await res.json();
		expect(body.supporters).toEqual({ people: 2, institutions: 1, total: 3 });
		expect(Date.parse(body.generatedAt)).not.toBeNaN();
	});

	it('demo data: 30 supporters across the four regions, most of them on the wall; seeding twice adds nothing', async () => {
		t();
		expect(await seedSupportersDemo(() => {})).toBe(30);
		expect(await seedSupportersDemo(() => {})).toBe(0);
		const counts = await supporterCounts();
		expect(counts).toEqual({ people: 16, institutions: 14, total: 30 });
		const wall = await wallPage(filter(''));
		expect(wall.total).toBe(27);
		expect(Object.keys(wall.counts.region).sort()).toEqual(['braunschweig', 'leine-weser', 'lueneburg', 'weser-ems']);
		const rows = await t().db.select().from(supporters);
		expect(rows.every((r) => r.demo && r.status === 'confirmed')).toBe(true);
	});

	it('describes /api/v1/stats in the OpenAPI document', async () => {
		const res = await openApiGet({ url: new URL('http://localhost/api/v1/openapi.json') } as never);
		const doc = await res.json();
		expect(doc.paths['/api/v1/stats'].get.operationId).toBe('getStats');
		expect(doc.components.schemas.Stats.properties.supporters.required).toEqual(['people', 'institutions', 'total']);
		expect(doc.paths['/api/v1/projects']).toBeDefined();
	});
});

describe('staff: list, CSV, edit, merge, regional scope', () => {
	const t = useTestDatabase();

	it('regional staff see only their region; others are refused', async () => {
		t();
		await addSupporter({ name: 'Nord', region: 'weser-ems' });
		await addSupporter({ name: 'Süd', region: 'braunschweig' });
		const regional = await makeActor('reg@example.org', 'regional', 'weser-ems');
		const editor = await makeActor('ed@example.org', 'editor');
		const nobody = await makeActor('no@example.org', null);
		expect((await listSupporters(regional, parseAdminFilter(new URLSearchParams('region=braunschweig')))).rows.map((r) => r.name)).toEqual(['Nord']);
		expect((await listSupporters(editor, parseAdminFilter(new URLSearchParams(''))))).toMatchObject({ total: 2 });
		await expect(listSupporters(nobody, parseAdminFilter(new URLSearchParams('')))).rejects.toBeInstanceOf(AccessDenied);
		const csv = await supportersCsv(regional, parseAdminFilter(new URLSearchParams('')));
		expect(csv).not.toContain('Süd');
		const months = await countsOverTime(regional);
		expect(months.reduce((n, r) => n + r.people, 0)).toBe(1);
		await expect(mergeSupporters(regional, 'a', 'b')).rejects.toBeInstanceOf(AccessDenied);
	});

	it('exports CSV that parses back (BOM, ;, quoting, formula guard)', async () => {
		t();
		await addSupporter({ name: '=HYPERLINK("x")', place: 'Bad; "Place"\nTwo' });
		await addSupporter({ name: 'Verein', kind: 'institution', institutionKind: 'welfare', public: false });
		const csv = await supportersCsv(SYSTEM, parseAdminFilter(new URLSearchParams('')));
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const rows: Record<string, string>[] = parse(csv.slice(1), { delimiter: ';', columns: true });
		expect(rows).toHaveLength(2);
		const evil = rows.find((r) => r.name!.includes('HYPERLINK'))!;
		expect(evil.name).toBe('\'=HYPERLINK("x")');
		expect(evil.place).toBe('Bad; "Place"\nTwo');
		expect(rows.find((r) => r.name === 'Verein')).toMatchObject({ kind: 'institution', institution_kind: 'welfare', public_display: 'false', status: 'confirmed' });
	});

	it('edits with audit; public display can be switched off, never on', async () => {
		t();
		const editor = await makeActor('ed@example.org', 'editor');
		const hidden = await addSupporter({ name: 'Hidden', public: false });
		const shown = await addSupporter({ name: 'Shown' });
		const form = (extra: Record<string, string>) => {
			const f = new FormData();
			for (const [k, v] of Object.entries({ name: 'Renamed', place: 'Oldenburg', kind: 'person', institution_kind: '', website: '', contact: '', note: 'checked', public_display: 'yes', ...extra })) f.set(k, v);
			return f;
		};
		expect(await editSupporter(editor, hidden.id, form({}))).toEqual({ ok: true });
		const [h] = await t().db.select().from(supporters).where(eq(supporters.id, hidden.id));
		expect(h).toMatchObject({ name: 'Renamed', placeName: 'Oldenburg', region: 'weser-ems', note: 'checked', publicDisplay: false, updatedBy: editor.id });
		expect(await editSupporter(editor, shown.id, form({ public_display: '' }))).toEqual({ ok: true });
		const [s] = await t().db.select().from(supporters).where(eq(supporters.id, shown.id));
		expect(s!.publicDisplay).toBe(false);
		const bad = await editSupporter(editor, shown.id, form({ name: '', kind: 'institution', institution_kind: 'castle' }));
		expect(bad).toMatchObject({ ok: false, errors: { name: 'sup_error_name_required', institution_kind: 'sup_error_org_kind' } });
		const audit = await t().db.select().from(auditLog);
		expect(audit.filter((a) => a.action === 'supporters.edit')).toHaveLength(2);
	});

	it('merges duplicates: both consent histories stay under the kept record, audit names both ids', async () => {
		t();
		const editor = await makeActor('ed@example.org', 'editor');
		const keep = await addSupporter({ name: 'Anna P.', email: 'anna@example.org' });
		const drop = await addSupporter({ name: 'Anna Petersen', kind: 'institution', email: 'anna@example.org', public: false });
		const before = await t().db.select().from(consents);
		expect(before).toHaveLength(3);
		expect(await mergeSupporters(editor, keep.id, drop.id)).toBe('merged');
		expect(await mergeSupporters(editor, keep.id, keep.id)).toBe('same');
		expect(await mergeSupporters(editor, keep.id, drop.id)).toBe('not_found');
		expect((await t().db.select().from(supporters)).map((s) => s.id)).toEqual([keep.id]);
		const after = await t().db.select().from(consents);
		expect(after).toHaveLength(3);
		expect(after.every((c) => c.subjectId === keep.id)).toBe(true);
		expect(after.map((c) => c.history).sort()).toEqual(before.map((c) => c.history).sort());
		const [entry] = (await t().db.select().from(auditLog)).filter((a) => a.action === 'supporters.merge');
		expect(entry!.before).toMatchObject({ keepId: keep.id, dropId: drop.id });
	});

	it('counts confirmed signatures per month with a running total', async () => {
		t();
		await addSupporter({ name: 'A', confirmedAt: new Date('2026-01-10T12:00:00Z') });
		await addSupporter({ name: 'B', confirmedAt: new Date('2026-01-20T12:00:00Z') });
		await addSupporter({ name: 'V', kind: 'institution', confirmedAt: new Date('2026-03-01T12:00:00Z') });
		await addSupporter({ name: 'P', status: 'pending' });
		expect(await countsOverTime(SYSTEM)).toEqual([
			{ month: '2026-01', people: 2, institutions: 0, cumulative: 2 },
			{ month: '2026-03', people: 0, institutions: 1, cumulative: 3 }
		]);
	});
});
