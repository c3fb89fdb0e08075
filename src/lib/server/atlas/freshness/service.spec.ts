import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../../tests/helpers/use-smtp';
import { AccessDenied } from '../../access/policy';
import { config } from '../../core/config';
import { dbPool } from '../../core/db';
import { deliver } from '../../mail/service';
import { isStale } from '../presenter';
import * as repo from './repository';
import { ARCHIVE_AFTER_MONTHS, LINK_VALID_DAYS, monthsBefore } from './rules';
import {
	answerFreshness,
	askDueOwners,
	confirmAsStaff,
	freshnessLink,
	listUnanswered,
	reviveEntry,
	reviveView,
	runFreshness,
	runFreshnessNow
} from './service';
import { audits, entry, owner, project, revisions, staff } from './fixtures.spec-helper';

const NOW = new Date('2026-03-10T09:00:00Z');
const DAY = 24 * 3600_000;
const ago = (months: number, extraDays = 0) => new Date(monthsBefore(NOW, months).getTime() - extraDays * DAY);

async function deliverAll(): Promise<void> {
	const res = await dbPool().query<{ id: string }>(`select id from mail_outbox where status = 'queued' order by created_at`);
	for (const row of res.rows) expect(await deliver(row.id)).toBe('sent');
}

async function outbox() {
	const res = await dbPool().query<{ to_address: string; template: string; locale: string; text_body: string; subject: string }>(
		'select to_address, template, locale, text_body, subject from mail_outbox order by created_at, to_address'
	);
	return res.rows;
}

/** The answer page link of a question mail (the plain "answer now" link, without a preselected answer). */
function linkIn(text: string): { url: string; token: string } {
	const escaped = config().origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const match = new RegExp(`${escaped}/(de|en|ar)/atlas/aktuell\\?token=([A-Za-z0-9_-]+)(?!&)`).exec(text);
	if (!match) throw new Error(`no answer link in:\n${text}`);
	return { url: match[0], token: match[2]! };
}

describe('freshness job', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();

	it('asks the owners of entries unconfirmed for 12 months, once, in their language, with working links', async () => {
		t();
		const anna = await owner('anna@example.org', 'de');
		const samir = await owner('samir@example.org', 'ar');
		const lena = await owner('lena@example.org', 'en');
		const young = await entry({ slug: 'elf-monate', title: 'Elf Monate', confirmedAt: ago(11), owners: [anna] });
		const due = await entry({
			slug: 'zwoelf-monate',
			title: 'Sprachcafé Zwölf',
			confirmedAt: ago(12, 1),
			owners: [anna, samir],
			texts: [
				{ locale: 'de', title: 'Sprachcafé Zwölf', teaser: 'Kurz', description: '', status: 'source' },
				{ locale: 'ar', title: 'مقهى اللغة', teaser: 'قصير', description: '', status: 'current' }
			]
		});
		const ownerless = await entry({ slug: 'ohne-verantwortliche', title: 'Ohne Verantwortliche', confirmedAt: ago(12, 1) });
		// Never mailed although 15 months old: the owner is asked first, not archived without warning.
		const old = await entry({ slug: 'fuenfzehn-monate', title: 'Fünfzehn Monate', confirmedAt: ago(15, 1), owners: [lena] });
		const oldOwnerless = await entry({ slug: 'fuenfzehn-ohne', title: 'Fünfzehn ohne', confirmedAt: ago(15, 1) });

		const run = await runFreshness(NOW);
		expect(run.asked).toEqual({ entries: 2, mails: 3 });
		expect(run.archived).toEqual({ entries: 1, mails: 0 });

		expect((await project(young)).freshness_mailed_at).toBeNull();
		expect((await project(due)).freshness_mailed_at).toEqual(NOW);
		expect((await project(old)).freshness_mailed_at).toEqual(NOW);
		expect((await project(old)).status).toBe('published');
		expect((await project(ownerless)).freshness_mailed_at).toBeNull();
		expect(await project(oldOwnerless)).toMatchObject({ status: 'archived', archived_reason: 'unconfirmed' });

		const tokens = await dbPool().query<{ project_id: string; email: string; locale: string; expires_at: Date }>(
			`select project_id, email, locale, expires_at from atlas_tokens where purpose = 'freshness' order by email`
		);
		expect(tokens.rows.map((r) => [r.project_id, r.email, r.locale])).toEqual([
			[due, 'anna@example.org', 'de'],
			[old, 'lena@example.org', 'en'],
			[due, 'samir@example.org', 'ar']
		]);
		for (const r of tokens.rows) expect(r.expires_at.getTime() - NOW.getTime()).toBe(LINK_VALID_DAYS * DAY);

		await deliverAll();
		const mails = await smtp().waitFor(3);
		const to = (address: string) => mails.find((m) => m.to.includes(address))!;
		const de = to('anna@example.org');
		expect(de.parsed.subject).toBe('Ist Ihr Eintrag „Sprachcafé Zwölf“ noch aktuell?');
		expect(de.parsed.headers.get('content-language')).toBe('de');
		const ar = to('samir@example.org');
		expect(ar.parsed.subject).toContain('مقهى اللغة');
		expect(ar.parsed.html).toContain('dir="rtl"');
		expect(to('lena@example.org').parsed.subject).toBe('Is your entry “Fünfzehn Monate” still up to date?');
		const arLink = linkIn(ar.parsed.text ?? '');
		expect(arLink.url).toContain('/ar/atlas/aktuell?token=');
		for (const answer of ['stimmt', 'bearbeiten', 'eingestellt']) expect(ar.parsed.text).toContain(`${arLink.url}&antwort=${answer}`);
		expect(de.parsed.text).toContain(`${config().origin}/de/atlas/zwoelf-monate`);

		// The link from the mail opens the page for that entry.
		const view = await freshnessLink(arLink.token, 'ar', NOW);
		expect(view).toMatchObject({ ok: true, entry: { slug: 'zwoelf-monate', title: 'مقهى اللغة', titleLocale: 'ar' } });

		// Idempotent: the same day's second run (and a later one in the same cycle) sends nothing.
		expect((await runFreshness(new Date(NOW.getTime() + 3600_000))).asked).toEqual({ entries: 0, mails: 0 });
		expect((await runFreshness(new Date(NOW.getTime() + 10 * DAY))).asked).toEqual({ entries: 0, mails: 0 });
		expect((await outbox()).filter((m) => m.template === 'atlas.freshness.question')).toHaveLength(3);
	});

	it('asks at the moment the stale badge appears, not before (same calendar-month rule as isStale)', async () => {
		t();
		const anna = await owner('anna@example.org');
		const bases = [ago(12, -1), ago(12, 0), new Date(ago(12).getTime() - 1000), ago(12, 1), ago(13)];
		const ids: string[] = [];
		for (const [i, basis] of bases.entries()) ids.push(await entry({ slug: `e-${i}`, title: `Eintrag ${i}`, confirmedAt: basis, owners: [anna] }));
		const due = new Set(await repo.dueForQuestion(dbPool(), monthsBefore(NOW, 12), 100));
		for (const [i, basis] of bases.entries()) expect(due.has(ids[i]!), `basis ${basis.toISOString()}`).toBe(isStale(basis, null, NOW));
		expect(due.size).toBe(3);
	});

	it('counts never-confirmed entries from their publication and skips disabled owners', async () => {
		t();
		const anna = await owner('anna@example.org');
		const gone = await owner('weg@example.org');
		await dbPool().query('update users set disabled_at = now() where id = $1', [gone]);
		const id = await entry({ slug: 'nie-bestaetigt', title: 'Nie bestätigt', confirmedAt: null, publishedAt: ago(14), owners: [anna, gone] });
		const onlyDisabled = await entry({ slug: 'nur-gesperrt', title: 'Nur gesperrt', confirmedAt: ago(13), owners: [gone] });
		expect(await askDueOwners(NOW)).toEqual({ entries: 1, mails: 1 });
		expect((await outbox()).map((m) => m.to_address)).toEqual(['anna@example.org']);
		expect((await project(id)).freshness_mailed_at).toEqual(NOW);
		expect((await project(onlyDisabled)).freshness_mailed_at).toBeNull();
	});

	it('takes at most the given number of entries per run and the rest next time', async () => {
		t();
		const anna = await owner('anna@example.org');
		for (let i = 0; i < 5; i++) await entry({ slug: `viele-${i}`, title: `Viele ${i}`, confirmedAt: ago(13, i), owners: [anna] });
		expect(await askDueOwners(NOW, 2)).toEqual({ entries: 2, mails: 2 });
		expect(await askDueOwners(NOW, 2)).toEqual({ entries: 2, mails: 2 });
		expect(await askDueOwners(NOW, 2)).toEqual({ entries: 1, mails: 1 });
		expect(await askDueOwners(NOW, 2)).toEqual({ entries: 0, mails: 0 });
	});

	it('archives an owned entry at 15 months once the question had its 30 days, and tells the owners how to revive it', async () => {
		t();
		const samir = await owner('samir@example.org', 'ar');
		const basis = new Date('2024-12-01T10:00:00Z');
		const id = await entry({ slug: 'archiv-test', title: 'Archiv-Test', confirmedAt: basis, owners: [samir] });
		const at = (months: number, days = 0) => {
			const d = new Date(basis);
			d.setMonth(d.getMonth() + months);
			return new Date(d.getTime() + days * DAY);
		};
		// Asked late (at 14 months 20 days): at 15 months the owner still has time, so nothing happens.
		const asked = at(14, 20);
		expect((await runFreshness(asked)).asked.entries).toBe(1);
		expect((await runFreshness(at(15, 1))).archived.entries).toBe(0);
		expect((await project(id)).status).toBe('published');
		// Thirty days after the question: archived.
		const later = new Date(asked.getTime() + LINK_VALID_DAYS * DAY + 1000);
		const run = await runFreshness(later);
		expect(run.archived).toEqual({ entries: 1, mails: 1 });
		expect(await project(id)).toMatchObject({ status: 'archived', archived_reason: 'unconfirmed', archived_at: later });
		expect((await revisions(id)).map((r) => [r.kind, r.status])).toEqual([['status', 'archived']]);
		expect((await audits(id)).map((a) => [a.action, a.actor_id, a.after])).toEqual([['atlas.archive', null, { status: 'archived', reason: 'unconfirmed' }]]);
		await deliverAll();
		const mails = await smtp().waitFor(2);
		const archived = mails.find((m) => (m.parsed.text ?? '').includes('/reaktivieren'))!;
		expect(archived.to).toEqual(['samir@example.org']);
		expect(archived.parsed.text).toContain(`${config().origin}/ar/atlas/archiv-test/reaktivieren`);
		expect(archived.parsed.subject).toContain('Archiv-Test');
		expect(archived.parsed.text).toContain(String(ARCHIVE_AFTER_MONTHS));
		// The old link no longer confirms an archived entry.
		expect((await runFreshness(new Date(later.getTime() + DAY))).archived.entries).toBe(0);
	});

	it('lets state-wide staff start a run, with an audit entry, and refuses regional moderators', async () => {
		t();
		const anna = await owner('anna@example.org');
		await entry({ slug: 'faellig', title: 'Fällig', confirmedAt: ago(13), owners: [anna] });
		const regional = await staff('regio@example.org', 'regional', 'weser-ems');
		await expect(runFreshnessNow(regional)).rejects.toBeInstanceOf(AccessDenied);
		const moderator = await staff('mod@example.org', 'moderator');
		const run = await runFreshnessNow(moderator, 'req-1', NOW);
		expect(run.asked.entries).toBe(1);
		const res = await dbPool().query(`select actor_id, after, request_id from audit_log where action = 'atlas.freshness.run'`);
		expect(res.rows).toEqual([{ actor_id: moderator.id, after: { archived: 0, asked: 1, mails: 1 }, request_id: 'req-1' }]);
	});
});

describe('freshness answers', () => {
	const t = useTestDatabase({ jobs: true });

	async function askedEntry() {
		const anna = await owner('anna@example.org');
		const ben = await owner('ben@example.org', 'en');
		const id = await entry({ slug: 'frage', title: 'Frage', confirmedAt: ago(12, 3), owners: [anna, ben] });
		await askDueOwners(NOW);
		const mails = await outbox();
		const token = (to: string) => linkIn(mails.find((m) => m.to_address === to)!.text_body).token;
		return { id, anna, ben, annaToken: token('anna@example.org'), benToken: token('ben@example.org') };
	}

	it('"still correct" confirms the entry once: revision, audit, and every owner\'s link used up', async () => {
		t();
		const { id, anna, annaToken, benToken } = await askedEntry();
		const before = await project(id);
		const when = new Date(NOW.getTime() + 2 * DAY);
		// Looking at the page changes nothing.
		expect(await freshnessLink(annaToken, 'de', when)).toMatchObject({ ok: true });
		expect(await project(id)).toEqual(before);

		expect(await answerFreshness(annaToken, 'confirm', { locale: 'de', now: when, requestId: 'r1' })).toEqual({
			ok: true,
			answer: 'confirm',
			slug: 'frage',
			title: 'Frage'
		});
		const after = await project(id);
		expect(after).toMatchObject({ status: 'published', last_confirmed_at: when, revision: before.revision + 1 });
		expect(isStale(after.last_confirmed_at, null, when)).toBe(false);
		expect(await revisions(id)).toEqual([{ revision: before.revision + 1, kind: 'status', author_id: anna, status: 'published' }]);
		expect((await audits(id)).map((a) => [a.action, a.actor_id, a.after])).toEqual([
			['atlas.freshness.confirm', anna, { lastConfirmedAt: when.toISOString(), by: 'owner' }]
		]);

		// Single use, and one answer settles it for the co-owner too.
		expect(await answerFreshness(annaToken, 'confirm', { locale: 'de', now: when })).toEqual({ ok: false, reason: 'used' });
		expect(await answerFreshness(benToken, 'gone', { locale: 'de', now: when })).toEqual({ ok: false, reason: 'used' });
		expect(await freshnessLink(benToken, 'en', when)).toEqual({ ok: false, reason: 'used' });
		expect((await project(id)).status).toBe('published');
		// A new cycle starts from the confirmation: nothing is due now.
		expect(await askDueOwners(when)).toEqual({ entries: 0, mails: 0 });
	});

	it('"edit" uses up nothing and names the entry to edit', async () => {
		t();
		const { id, annaToken } = await askedEntry();
		const before = await project(id);
		expect(await answerFreshness(annaToken, 'edit', { locale: 'de', now: NOW })).toEqual({ ok: true, answer: 'edit', slug: 'frage', title: 'Frage' });
		expect(await answerFreshness(annaToken, 'edit', { locale: 'de', now: NOW })).toMatchObject({ ok: true, answer: 'edit' });
		expect(await project(id)).toEqual(before);
		expect(await freshnessLink(annaToken, 'de', NOW)).toMatchObject({ ok: true });
	});

	it('"no longer exists" archives the entry with reason gone', async () => {
		t();
		const { id, ben, benToken, annaToken } = await askedEntry();
		expect(await answerFreshness(benToken, 'gone', { locale: 'en', now: NOW })).toMatchObject({ ok: true, answer: 'gone' });
		expect(await project(id)).toMatchObject({ status: 'archived', archived_reason: 'gone', archived_at: NOW });
		expect((await revisions(id)).map((r) => [r.kind, r.status, r.author_id])).toEqual([['status', 'archived', ben]]);
		expect((await audits(id)).map((a) => [a.action, a.after])).toEqual([['atlas.archive', { status: 'archived', reason: 'gone' }]]);
		expect(await answerFreshness(annaToken, 'confirm', { locale: 'de', now: NOW })).toEqual({ ok: false, reason: 'used' });
	});

	it('refuses expired, unknown and malformed links, and links of removed owners', async () => {
		t();
		const { id, annaToken, benToken, ben } = await askedEntry();
		const expired = new Date(NOW.getTime() + LINK_VALID_DAYS * DAY + 1);
		expect(await freshnessLink(annaToken, 'de', expired)).toEqual({ ok: false, reason: 'expired' });
		expect(await answerFreshness(annaToken, 'confirm', { locale: 'de', now: expired })).toEqual({ ok: false, reason: 'expired' });
		expect(await answerFreshness(annaToken, 'confirm', { locale: 'de', now: new Date(NOW.getTime() + (LINK_VALID_DAYS - 1) * DAY) })).toMatchObject({ ok: true });

		expect(await freshnessLink('x'.repeat(43), 'de', NOW)).toEqual({ ok: false, reason: 'invalid' });
		expect(await freshnessLink("'; drop table projects; --", 'de', NOW)).toEqual({ ok: false, reason: 'invalid' });
		expect(await answerFreshness('', 'gone', { locale: 'de', now: NOW })).toEqual({ ok: false, reason: 'invalid' });

		await dbPool().query('delete from project_owners where project_id = $1 and user_id = $2', [id, ben]);
		await dbPool().query(`update atlas_tokens set used_at = null where project_id = $1`, [id]);
		expect(await freshnessLink(benToken, 'en', NOW)).toEqual({ ok: false, reason: 'invalid' });
	});

	it('does not confirm an entry that is no longer published', async () => {
		t();
		const { id, annaToken } = await askedEntry();
		await dbPool().query(`update projects set status = 'archived', archived_reason = 'staff' where id = $1`, [id]);
		expect(await answerFreshness(annaToken, 'confirm', { locale: 'de', now: NOW })).toEqual({ ok: false, reason: 'not_published' });
		expect((await project(id)).status).toBe('archived');
	});
});

describe('reviving archived entries and the moderators\' list', () => {
	const t = useTestDatabase();

	it('owners revive entries archived as unconfirmed or gone; staff-archived ones need staff', async () => {
		t();
		const anna = await owner('anna@example.org');
		const annaActor = { kind: 'user' as const, id: anna, role: null, region: null, label: 'anna' };
		const stranger = { kind: 'user' as const, id: await owner('fremd@example.org'), role: null, region: null, label: 'x' };
		const unconfirmed = await entry({ slug: 'unbestaetigt', title: 'Unbestätigt', confirmedAt: ago(16), owners: [anna], place: 'Oldenburg (Oldb)' });
		const byStaff = await entry({ slug: 'von-der-redaktion', title: 'Redaktion', confirmedAt: ago(2), owners: [anna], place: 'Oldenburg (Oldb)' });
		const published = await entry({ slug: 'laeuft', title: 'Läuft', confirmedAt: ago(1), owners: [anna] });
		await dbPool().query(`update projects set status = 'archived', archived_at = $2, archived_reason = 'unconfirmed' where id = $1`, [unconfirmed, ago(1)]);
		await dbPool().query(`update projects set status = 'archived', archived_at = $2, archived_reason = 'staff' where id = $1`, [byStaff, ago(1)]);

		expect(await reviveView(stranger, 'unbestaetigt', 'de')).toEqual({ status: 'forbidden' });
		expect(await reviveEntry(stranger, 'unbestaetigt', 'de')).toEqual({ status: 'forbidden' });
		await expect(reviveView({ kind: 'anonymous' }, 'unbestaetigt', 'de')).rejects.toBeInstanceOf(AccessDenied);
		expect(await reviveView(annaActor, 'gibt-es-nicht', 'de')).toEqual({ status: 'not_found' });
		expect(await reviveView(annaActor, 'laeuft', 'de')).toMatchObject({ status: 'not_archived', entryStatus: 'published' });
		expect(await reviveView(annaActor, 'unbestaetigt', 'de')).toMatchObject({ status: 'ready', reason: 'unconfirmed' });
		expect((await project(unconfirmed)).status).toBe('archived');

		const revived = await reviveEntry(annaActor, 'unbestaetigt', 'de', { now: NOW, requestId: 'r' });
		expect(revived).toEqual({ status: 'revived', slug: 'unbestaetigt', title: 'Unbestätigt' });
		expect(await project(unconfirmed)).toMatchObject({ status: 'published', archived_at: null, archived_reason: null, last_confirmed_at: NOW });
		expect((await revisions(unconfirmed)).map((r) => [r.kind, r.status, r.author_id])).toEqual([['status', 'published', anna]]);
		expect((await audits(unconfirmed)).map((a) => a.action)).toEqual(['atlas.revive']);

		expect(await reviveView(annaActor, 'von-der-redaktion', 'de')).toMatchObject({ status: 'needs_staff', reason: 'staff' });
		expect(await reviveEntry(annaActor, 'von-der-redaktion', 'de')).toMatchObject({ status: 'needs_staff' });
		expect((await project(byStaff)).status).toBe('archived');
		const lueneburg = await staff('lg@example.org', 'regional', 'lueneburg');
		expect(await reviveEntry(lueneburg, 'von-der-redaktion', 'de')).toEqual({ status: 'forbidden' });
		const weserEms = await staff('we@example.org', 'regional', 'weser-ems');
		expect(await reviveEntry(weserEms, 'von-der-redaktion', 'de', { now: NOW })).toMatchObject({ status: 'revived' });
		expect((await project(byStaff)).status).toBe('published');
		expect((await project(published)).status).toBe('published');
	});

	it('lists unanswered, ownerless-stale and recently archived entries, by region for regional moderators', async () => {
		t();
		const anna = await owner('anna@example.org');
		const mailed = await entry({ slug: 'gefragt', title: 'Gefragt', confirmedAt: ago(13), owners: [anna], place: 'Oldenburg (Oldb)' });
		await dbPool().query('update projects set freshness_mailed_at = $2 where id = $1', [mailed, ago(0, 5)]);
		const answeredBefore = await entry({ slug: 'altes-mailing', title: 'Altes Mailing', confirmedAt: ago(2), owners: [anna], place: 'Oldenburg (Oldb)' });
		await dbPool().query('update projects set freshness_mailed_at = $2 where id = $1', [answeredBefore, ago(3)]);
		await entry({ slug: 'verwaist', title: 'Verwaist', confirmedAt: ago(12, 2), place: 'Lüneburg' });
		await entry({ slug: 'verwaist-frisch', title: 'Verwaist frisch', confirmedAt: ago(11), place: 'Lüneburg' });
		const archived = await entry({ slug: 'archiviert', title: 'Archiviert', confirmedAt: ago(16), place: 'Oldenburg (Oldb)' });
		await dbPool().query(`update projects set status = 'archived', archived_at = $2, archived_reason = 'unconfirmed' where id = $1`, [archived, ago(0, 10)]);
		const longAgo = await entry({ slug: 'lange-her', title: 'Lange her', confirmedAt: ago(20), place: 'Oldenburg (Oldb)' });
		await dbPool().query(`update projects set status = 'archived', archived_at = $2, archived_reason = 'unconfirmed' where id = $1`, [longAgo, ago(4)]);

		const moderator = await staff('mod@example.org', 'moderator');
		const all = await listUnanswered(moderator, NOW);
		expect(all.mailed.items.map((i) => [i.slug, i.ownerCount])).toEqual([['gefragt', 1]]);
		expect(all.ownerless.items.map((i) => [i.slug, i.ownerCount])).toEqual([['verwaist', 0]]);
		expect(all.archived.items.map((i) => i.slug)).toEqual(['archiviert']);
		expect(all.mayRun).toBe(true);

		const lueneburg = await listUnanswered(await staff('lg@example.org', 'regional', 'lueneburg'), NOW);
		expect([lueneburg.mailed.total, lueneburg.ownerless.total, lueneburg.archived.total]).toEqual([0, 1, 0]);
		expect(lueneburg.mayRun).toBe(false);
		await expect(listUnanswered(await staff('ed@example.org', 'editor'), NOW)).rejects.toBeInstanceOf(AccessDenied);
	});

	it('staff confirm an ownerless entry on its behalf (regional moderators in their region only)', async () => {
		t();
		const id = await entry({ slug: 'verwaist', title: 'Verwaist', confirmedAt: ago(13), place: 'Lüneburg' });
		const weserEms = await staff('we@example.org', 'regional', 'weser-ems');
		expect(await confirmAsStaff(weserEms, id, { now: NOW })).toEqual({ ok: false, reason: 'forbidden' });
		const lueneburg = await staff('lg@example.org', 'regional', 'lueneburg');
		expect(await confirmAsStaff(lueneburg, id, { now: NOW })).toEqual({ ok: true, title: 'Verwaist' });
		expect((await project(id)).last_confirmed_at).toEqual(NOW);
		expect((await audits(id)).map((a) => [a.action, a.actor_id, a.after])).toEqual([
			['atlas.freshness.confirm', lueneburg.id, { lastConfirmedAt: NOW.toISOString(), by: 'staff' }]
		]);
		expect(await confirmAsStaff(lueneburg, '00000000-0000-0000-0000-000000000000', { now: NOW })).toEqual({ ok: false, reason: 'not_found' });
	});
});
