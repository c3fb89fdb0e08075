/**
 * Community events and stands against a real database; mails go over real
 * SMTP (loopback receiver).
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../tests/helpers/use-smtp';
import type { Region, Role } from '../accounts/schema';
import { AccessDenied, ANONYMOUS, SYSTEM, type Actor } from '../access/policy';
import { ensureUser } from '../accounts/service';
import { config } from '../core/config';
import { dbPool } from '../core/db';
import { deliver } from '../mail/service';
import { mailOutbox } from '../mail/schema';
import { buildEntry, insertEntriesWithOwners } from '../atlas/moderation/demo';
import { PROTECTION_FIELDS, protectionFields } from '../protection/service';
import {
	SUBMISSION_FORM,
	countSubmissions,
	decideSubmission,
	listSubmissions,
	previewVerification,
	purgeUnverifiedDrafts,
	submissionDetail,
	submitCommunityEvent,
	verifySubmission
} from './community';
import { approvedExhibitors, decideStand, exhibitorsForStaff, projectEvents, requestStand, standPage, withdrawStand } from './exhibitors';
import { makeEvent } from './fixtures.spec-helper';
import { listStaffEvents } from './admin';
import { findEventBySlug, listEvents } from './repository';
import { seedEventsDemo } from './demo';
import { seedAtlasExamples } from '../atlas/demo';
import { seedCommunityDemo, DEMO_COMMUNITY_PROJECT, DEMO_COMMUNITY_SLUG, DEMO_EXHIBITORS, DEMO_MARKET_SLUG, DEMO_STAND_OWNER_EMAIL, DEMO_STAND_PROJECT } from './community-demo';
import { addDays, berlinWallClock } from './time';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

type T = ReturnType<ReturnType<typeof useTestDatabase>>;

async function deliverAll(t: T) {
	const rows = await t.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'queued'));
	for (const r of rows) expect(await deliver(r.id)).toBe('sent');
	return rows;
}

async function user(email: string, role: Role | null = null, region: Region | null = null, locale = 'de'): Promise<{ actor: Actor; id: string }> {
	const u = await ensureUser(SYSTEM, { email, role, region });
	await dbPool().query('update users set locale = $2 where id = $1', [u.id, locale]);
	return { id: u.id, actor: { kind: 'user', id: u.id, role, region, label: email } };
}

const future = (days: number) => addDays(berlinWallClock(new Date()).date, days);

function submission(fields: Record<string, string | string[]> = {}): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(SUBMISSION_FORM, new Date(Date.now() - 10_000)).started);
	f.set(PROTECTION_FIELDS.honeypot, '');
	const base: Record<string, string | string[]> = {
		title: 'Interkulturelles Sommerfest Kaltenmoor',
		description: 'Musik, Essen und **Begegnung** für alle. <script>alert(1)</script>',
		text_locale: 'de',
		online: 'no',
		venue_name: 'Stadtteilhaus Kaltenmoor',
		street: 'St.-Stephanus-Platz 1',
		postcode: '21337',
		place: 'Lüneburg',
		start_date: future(20),
		start_time: '15:00',
		end_date: '',
		end_time: '19:00',
		step_free: 'yes',
		accessibility: 'Rampe am Seiteneingang',
		organiser: 'Nachbarschaftsverein Kaltenmoor',
		contact_email: 'info@kaltenmoor.example.org',
		contact_phone: '',
		event_website: 'https://kaltenmoor.example.org',
		fields: ['teilhabe'],
		languages: ['de', 'ar'],
		interpretation: [],
		submitter_name: 'Leyla Aydın',
		submitter_email: 'Leyla@Example.org',
		...fields
	};
	for (const [k, v] of Object.entries(base)) {
		if (Array.isArray(v)) for (const x of v) f.append(k, x);
		else f.set(k, v);
	}
	return f;
}

const ctx = (actor: Actor = ANONYMOUS, locale = 'de') => ({ actor, ip: '203.0.113.9', locale, trusted: true });

function tokenFrom(text: string, locale: string): string {
	const m = new RegExp(`${config().origin}/${locale}/veranstaltungen/eintragen/bestaetigen\\?token=([A-Za-z0-9_%-]+)`).exec(text);
	if (!m) throw new Error(`no verification link in:\n${text}`);
	return decodeURIComponent(m[1]!);
}

async function eventBy(title: string) {
	return (
		await dbPool().query<{ id: string; slug: string; status: string; kind: string; region: string | null; submitted_at: Date | null; registration_enabled: boolean; description: string; website: string | null; project_id: string | null; submitter_email: string; submitter_locale: string; moderated_by: string | null; moderation_note: string | null; published_at: Date | null }>(
			'select * from events where title = $1',
			[title]
		)
	).rows[0];
}

const audit = async (entityId: string) =>
	(await dbPool().query<{ action: string; actor_id: string | null }>('select action, actor_id from audit_log where entity_id = $1 order by id', [entityId])).rows.map((r) => r.action);

async function ownedEntries(ownerId: string) {
	const mine = await buildEntry({ slug: 'sprachcafe-test-lueneburg', status: 'published', title: 'Sprachcafé Test Lüneburg', teaser: 'Deutsch üben.', place: { name: 'Lüneburg', district: '03355' } });
	const draft = await buildEntry({ slug: 'entwurf-test-lueneburg', status: 'submitted', title: 'Entwurf Test', teaser: 'Noch nicht veröffentlicht.', place: { name: 'Lüneburg', district: '03355' } });
	const other = await buildEntry({ slug: 'fremder-eintrag-hannover', status: 'published', title: 'Fremder Eintrag Hannover', teaser: 'Gehört jemand anderem.', place: { name: 'Hannover', district: '03241' } });
	const stranger = await user('fremd@example.org');
	await insertEntriesWithOwners([
		{ entry: mine, owners: [ownerId] },
		{ entry: draft, owners: [ownerId] },
		{ entry: other, owners: [stranger.id] }
	]);
	return { mine, draft, other, stranger };
}

describe('community event submission', () => {
	const t = useTestDatabase({ jobs: 'work' });
	const smtp = useTestSmtp();

	it('refuses bad input with field errors and keeps every entered value', async () => {
		const res = await submitCommunityEvent(
			submission({ title: '', submitter_email: 'keine-adresse', start_time: '25:00', place: 'Gibtsnichtstadt', postcode: '', event_website: 'javascript:alert(1)' }),
			ctx()
		);
		expect(res.ok).toBe(false);
		if (res.ok || !('errors' in res)) throw new Error('expected errors');
		expect(res.errors).toMatchObject({
			title: 'events_staff_error_title',
			submitter_email: 'evc_error_email',
			start_time: 'events_staff_error_time',
			place: 'events_staff_error_place',
			event_website: 'events_staff_error_url'
		});
		expect(res.values).toMatchObject({ submitter_email: 'keine-adresse', organiser: 'Nachbarschaftsverein Kaltenmoor', place: 'Gibtsnichtstadt', languages: ['de', 'ar'], event_website: 'javascript:alert(1)' });
		expect(Number((await dbPool().query<{ n: string }>('select count(*) as n from events')).rows[0]!.n)).toBe(0);
	});

	it('stores an anonymous submission as a draft, mails a 48-hour link; GET changes nothing, POST verifies once', async () => {
		const res = await submitCommunityEvent(submission(), ctx(ANONYMOUS, 'ar'));
		expect(res).toEqual({ ok: true, verify: true });
		const e = (await eventBy('Interkulturelles Sommerfest Kaltenmoor'))!;
		expect(e).toMatchObject({ status: 'draft', kind: 'community', region: 'lueneburg', submitted_at: null, registration_enabled: false, submitter_email: 'leyla@example.org', submitter_locale: 'ar', website: 'https://kaltenmoor.example.org/' });
		expect(e.description).not.toContain('<script');
		const [tok] = (await dbPool().query<{ purpose: string; target_id: string; expires_at: Date; token_hash: string }>('select * from email_tokens')).rows;
		expect(tok).toMatchObject({ purpose: 'event.submission', target_id: e.id });
		expect(Math.round((tok!.expires_at.getTime() - Date.now()) / HOUR)).toBe(48);

		await deliverAll(t());
		const mail = smtp().mails[0]!;
		expect(mail.to).toEqual(['leyla@example.org']);
		expect(mail.parsed.subject).toContain('Interkulturelles Sommerfest Kaltenmoor');
		expect(mail.parsed.subject).toContain('يُرجى التأكيد');
		const token = tokenFrom(mail.parsed.text ?? '', 'ar');
		expect(tok!.token_hash).not.toBe(token);

		expect(await previewVerification(token)).toMatchObject({ state: 'usable', title: 'Interkulturelles Sommerfest Kaltenmoor' });
		expect((await eventBy('Interkulturelles Sommerfest Kaltenmoor'))!.status).toBe('draft');
		// The queue does not show unverified drafts.
		const admin = (await user('admin@example.org', 'admin')).actor;
		expect(await listSubmissions(admin)).toEqual([]);
		expect((await listStaffEvents(admin)).map((x) => x.title)).not.toContain('Interkulturelles Sommerfest Kaltenmoor');

		expect(await verifySubmission(token)).toEqual({ ok: true, title: 'Interkulturelles Sommerfest Kaltenmoor' });
		const after = (await eventBy('Interkulturelles Sommerfest Kaltenmoor'))!;
		expect(after.status).toBe('submitted');
		expect(after.submitted_at).not.toBeNull();
		expect(await verifySubmission(token)).toEqual({ ok: false, state: 'used' });
		expect(await previewVerification(token)).toMatchObject({ state: 'used' });
		expect(await verifySubmission('x'.repeat(43))).toEqual({ ok: false, state: 'unknown' });
		expect((await listSubmissions(admin)).map((s) => s.title)).toEqual(['Interkulturelles Sommerfest Kaltenmoor']);
		expect(await audit(e.id)).toEqual(['events.community.submit', 'events.community.verify']);
	});

	it('refuses an expired link and purges unverified drafts after seven days', async () => {
		const created = new Date(Date.now() - 3 * DAY);
		await submitCommunityEvent(submission(), { ...ctx(), now: created });
		await deliverAll(t());
		const token = tokenFrom(smtp().mails[0]!.parsed.text ?? '', 'de');
		expect(await previewVerification(token)).toMatchObject({ state: 'expired' });
		expect(await verifySubmission(token)).toEqual({ ok: false, state: 'expired' });
		expect((await eventBy('Interkulturelles Sommerfest Kaltenmoor'))!.status).toBe('draft');

		// A verified submission of the same age and a staff draft are kept.
		await submitCommunityEvent(submission({ title: 'Verifiziertes Fest' }), { ...ctx(), now: created });
		await deliverAll(t());
		await verifySubmission(tokenFrom(smtp().mails[1]!.parsed.text ?? '', 'de'), new Date(created.getTime() + HOUR));
		await makeEvent({ status: 'draft', title: 'Entwurf der Geschäftsstelle' }, created);

		expect(await purgeUnverifiedDrafts(new Date(created.getTime() + 6 * DAY))).toBe(0);
		expect(await purgeUnverifiedDrafts(new Date(created.getTime() + 7 * DAY + 1000))).toBe(1);
		expect(await eventBy('Interkulturelles Sommerfest Kaltenmoor')).toBeUndefined();
		expect((await eventBy('Verifiziertes Fest'))!.status).toBe('submitted');
		expect(await eventBy('Entwurf der Geschäftsstelle')).toBeDefined();
		expect(Number((await dbPool().query<{ n: string }>(`select count(*) as n from email_tokens where used_at is null`)).rows[0]!.n)).toBe(0);
	});

	it('lets a signed-in owner link only their own published entry, without mail verification', async () => {
		const owner = await user('owner@example.org', null, null, 'en');
		const { mine, draft, other } = await ownedEntries(owner.id);
		const refused = await submitCommunityEvent(submission({ project_id: other.id }), ctx(owner.actor, 'en'));
		expect(refused).toMatchObject({ ok: false, errors: { project_id: 'evc_error_project' } });
		const unpublished = await submitCommunityEvent(submission({ project_id: draft.id }), ctx(owner.actor, 'en'));
		expect(unpublished).toMatchObject({ ok: false, errors: { project_id: 'evc_error_project' } });
		// Anonymous people cannot link anything: the field is ignored.
		expect(await submitCommunityEvent(submission({ title: 'Anonym', project_id: mine.id }), ctx())).toEqual({ ok: true, verify: true });
		expect((await eventBy('Anonym'))!.project_id).toBeNull();

		expect(await submitCommunityEvent(submission({ project_id: mine.id, submitter_email: 'ignored@example.org' }), ctx(owner.actor, 'en'))).toEqual({ ok: true, verify: false });
		const e = (await eventBy('Interkulturelles Sommerfest Kaltenmoor'))!;
		expect(e).toMatchObject({ status: 'submitted', project_id: mine.id, submitter_email: 'owner@example.org', submitter_locale: 'en' });
		expect(e.submitted_at).not.toBeNull();
		expect(Number((await dbPool().query<{ n: string }>(`select count(*) as n from email_tokens where target_id = $1`, [e.id])).rows[0]!.n)).toBe(0);
	});

	it('scopes the queue per region, mails decisions in the sender’s language, audits, and refuses self-approval', async () => {
		const regional = (await user('arl-lg@example.org', 'regional', 'lueneburg')).actor;
		const otherRegion = (await user('arl-bs@example.org', 'regional', 'braunschweig')).actor;
		const editorUser = await user('editor@example.org', 'editor');
		const admin = (await user('admin@example.org', 'admin')).actor;

		await submitCommunityEvent(submission(), ctx(ANONYMOUS, 'ar'));
		await submitCommunityEvent(submission({ title: 'Online-Erzählcafé', online: 'online', online_url: 'https://meet.example.org/cafe', place: '', postcode: '', street: '', venue_name: '' }), ctx(ANONYMOUS, 'de'));
		// The editor sends one in themselves (signed in: straight into the queue).
		await submitCommunityEvent(submission({ title: 'Fest der Redaktion' }), ctx(editorUser.actor, 'de'));
		await deliverAll(t());
		for (const mail of smtp().mails) await verifySubmission(tokenFrom(mail.parsed.text ?? '', mail.parsed.subject?.includes('يُرجى') ? 'ar' : 'de'));

		expect((await listSubmissions(regional)).map((s) => s.title).sort()).toEqual(['Fest der Redaktion', 'Interkulturelles Sommerfest Kaltenmoor']);
		expect(await listSubmissions(otherRegion)).toEqual([]);
		expect(await countSubmissions(admin)).toBe(3);
		expect((await listSubmissions(editorUser.actor)).map((s) => s.title)).toContain('Online-Erzählcafé');

		const online = (await eventBy('Online-Erzählcafé'))!;
		expect(online.region).toBeNull();
		await expect(submissionDetail(regional, online.id, 'de')).rejects.toBeInstanceOf(AccessDenied);
		await expect(decideSubmission(regional, online.id, 'approve', '')).rejects.toBeInstanceOf(AccessDenied);

		// A published event with a similar title on the same day in the same district: a warning for the reviewer.
		const fest0 = (await eventBy('Interkulturelles Sommerfest Kaltenmoor'))!;
		const detail0 = (await submissionDetail(regional, fest0.id, 'de'))!;
		expect(detail0.similar).toEqual([]);
		const twin = await makeEvent({ title: 'Interkulturelles Sommerfest in Kaltenmoor', startsAt: detail0.event.startsAt, districtKey: detail0.event.districtKey });
		await makeEvent({ title: 'Etwas ganz anderes', startsAt: detail0.event.startsAt, districtKey: detail0.event.districtKey });
		expect((await submissionDetail(regional, fest0.id, 'de'))!.similar).toEqual([{ slug: twin.slug, title: twin.title }]);
		await dbPool().query('delete from events where id = $1', [twin.id]);
		const own = (await eventBy('Fest der Redaktion'))!;
		expect((await submissionDetail(editorUser.actor, own.id, 'de'))!.own).toBe(true);
		expect(await decideSubmission(editorUser.actor, own.id, 'approve', '')).toEqual({ ok: false, reason: 'own' });
		expect((await eventBy('Fest der Redaktion'))!.status).toBe('submitted');

		const fest = (await eventBy('Interkulturelles Sommerfest Kaltenmoor'))!;
		expect(await decideSubmission(regional, fest.id, 'reject', '  ')).toEqual({ ok: false, errors: { note: 'evc_error_note_required' } });
		expect(await decideSubmission(regional, fest.id, 'approve', 'Schön, dass Sie dabei sind!')).toEqual({ ok: true });
		expect(await decideSubmission(admin, fest.id, 'reject', 'zu spät')).toEqual({ ok: false, reason: 'not_pending' });
		const approved = (await eventBy('Interkulturelles Sommerfest Kaltenmoor'))!;
		expect(approved.status).toBe('published');
		expect(approved.published_at).not.toBeNull();
		expect(approved.moderated_by).toBe(regional.kind === 'user' ? regional.id : null);

		expect(await decideSubmission(admin, online.id, 'reject', 'Bitte nennen Sie eine Uhrzeit in deutscher Zeit.')).toEqual({ ok: true });
		expect((await eventBy('Online-Erzählcafé'))!).toMatchObject({ status: 'rejected', moderation_note: 'Bitte nennen Sie eine Uhrzeit in deutscher Zeit.' });

		const before = smtp().mails.length;
		await deliverAll(t());
		const decisions = smtp().mails.slice(before);
		const approvedMail = decisions.find((m) => m.to.includes('leyla@example.org'))!;
		expect(approvedMail.parsed.subject).toBe('نُشرت: Interkulturelles Sommerfest Kaltenmoor');
		expect(approvedMail.parsed.text).toContain('Schön, dass Sie dabei sind!');
		expect(approvedMail.parsed.text).toContain(`/ar/veranstaltungen/${approved.slug}`);
		const rejected = decisions.filter((m) => m.parsed.subject === 'Nicht veröffentlicht: Online-Erzählcafé');
		expect(rejected).toHaveLength(1);
		expect(rejected[0]!.parsed.text).toContain('Bitte nennen Sie eine Uhrzeit in deutscher Zeit.');
		expect(rejected[0]!.parsed.text).toContain('/de/veranstaltungen/eintragen');

		expect(await audit(fest.id)).toContain('events.community.approve');
		expect(await audit(online.id)).toContain('events.community.reject');
		// Published community events are in the calendar, without registration.
		const list = await listEvents(dbPool(), { kind: ['community'], region: [], field: [], order: 'asc', limit: 10, offset: 0 });
		expect(list.rows.map((r) => r.title)).toEqual(['Interkulturelles Sommerfest Kaltenmoor']);
		expect(list.rows[0]!.registrationEnabled).toBe(false);
	});
});

describe('stands at markets of opportunities', () => {
	const t = useTestDatabase({ jobs: 'work' });
	const smtp = useTestSmtp();

	it('lets owners request stands for their published entries only, once per market; staff decide; the event lists approved stands', async () => {
		const owner = await user('owner@example.org', null, null, 'ar');
		const coOwner = await user('co-owner@example.org', null, null, 'de');
		const { mine, draft, other, stranger } = await ownedEntries(owner.id);
		await dbPool().query(`insert into project_owners (project_id, user_id, via) values ($1, $2, 'invitation')`, [mine.id, coOwner.id]);
		const market = await makeEvent({ kind: 'market', title: 'Markt der Möglichkeiten Lüneburg', registrationEnabled: false, capacity: null });
		const conference = await makeEvent({ title: 'Keine Messe' });
		const regional = (await user('arl-lg@example.org', 'regional', 'lueneburg')).actor;
		const otherRegion = (await user('arl-bs@example.org', 'regional', 'braunschweig')).actor;

		await expect(requestStand(ANONYMOUS, market.slug, new FormData())).rejects.toBeInstanceOf(AccessDenied);
		expect(await standPage(owner.actor, conference.slug, 'de')).toBeNull();
		const page = (await standPage(owner.actor, market.slug, 'de'))!;
		expect(page.entries.map((e) => e.slug)).toEqual([mine.slug]);

		const form = (projectId: string, needs = 'Ein Tisch, Strom') => {
			const f = new FormData();
			f.set('project_id', projectId);
			f.set('needs', needs);
			return f;
		};
		expect(await requestStand(owner.actor, market.slug, form(other.id))).toMatchObject({ ok: false, errors: { project_id: 'evc_error_stand_entry' } });
		expect(await requestStand(owner.actor, market.slug, form(draft.id))).toMatchObject({ ok: false, errors: { project_id: 'evc_error_stand_entry' } });
		expect(await requestStand(owner.actor, conference.slug, form(mine.id))).toEqual({ ok: false, reason: 'not_found' });
		const first = await requestStand(owner.actor, market.slug, form(mine.id));
		expect(first.ok).toBe(true);
		expect(await requestStand(coOwner.actor, market.slug, form(mine.id, 'nochmal'))).toMatchObject({ ok: false, values: { needs: 'nochmal' }, errors: { project_id: 'evc_error_stand_exists' } });
		const theirs = await requestStand(stranger.actor, market.slug, form(other.id, 'Stellwand'));
		if (!first.ok || !theirs.ok) throw new Error('requests failed');

		expect(await approvedExhibitors(market.id, 'de')).toEqual([]);
		await expect(exhibitorsForStaff(otherRegion, market.id, 'de')).rejects.toBeInstanceOf(AccessDenied);
		const staffList = (await exhibitorsForStaff(regional, market.id, 'de'))!;
		expect(staffList.exhibitors.map((x) => [x.project.slug, x.status, x.needs])).toEqual([
			[mine.slug, 'requested', 'Ein Tisch, Strom'],
			[other.slug, 'requested', 'Stellwand']
		]);

		expect(await decideStand(regional, market.id, first.id, 'approve', 'Platz 12 am Eingang')).toEqual({ ok: true });
		expect(await decideStand(regional, market.id, first.id, 'reject', '')).toEqual({ ok: false, reason: 'not_pending' });
		expect(await decideStand(regional, market.id, theirs.id, 'reject', 'Leider voll.')).toEqual({ ok: true });
		expect(await audit(first.id)).toEqual(['events.stand.request', 'events.stand.approve']);

		await deliverAll(t());
		const mails = smtp().mails;
		const toOwner = mails.find((m) => m.to.includes('owner@example.org'))!;
		expect(toOwner.parsed.subject).toBe('تم قبول الجناح: Markt der Möglichkeiten Lüneburg');
		expect(toOwner.parsed.text).toContain('Platz 12 am Eingang');
		expect(mails.find((m) => m.to.includes('co-owner@example.org'))!.parsed.subject).toBe('Stand zugesagt: Markt der Möglichkeiten Lüneburg');
		expect(mails.find((m) => m.to.includes('fremd@example.org'))!.parsed.subject).toBe('Stand abgesagt: Markt der Möglichkeiten Lüneburg');

		expect(await approvedExhibitors(market.id, 'de')).toEqual([{ slug: mine.slug, title: 'Sprachcafé Test Lüneburg', placeName: 'Lüneburg', fields: ['teilhabe'] }]);
		expect((await projectEvents(mine.id)).exhibits.map((e) => e.slug)).toEqual([market.slug]);
		expect((await projectEvents(other.id)).exhibits).toEqual([]);

		// A stranger cannot withdraw someone else's stand; the owner can, and it disappears.
		expect(await withdrawStand(stranger.actor, first.id)).toBe(false);
		expect(await withdrawStand(owner.actor, first.id)).toBe(true);
		expect(await approvedExhibitors(market.id, 'de')).toEqual([]);
		expect((await projectEvents(mine.id)).exhibits).toEqual([]);
		// After withdrawing, the entry may ask again.
		expect((await requestStand(owner.actor, market.slug, form(mine.id))).ok).toBe(true);
	});

	it('lists an entry’s own upcoming published events', async () => {
		const owner = await user('owner@example.org');
		const { mine } = await ownedEntries(owner.id);
		await makeEvent({ kind: 'community', title: 'Kommendes Treffen', projectId: mine.id, registrationEnabled: false });
		await makeEvent({ kind: 'community', title: 'Noch nicht freigegeben', status: 'submitted', projectId: mine.id, registrationEnabled: false });
		await makeEvent({ kind: 'community', title: 'Vorbei', projectId: mine.id, registrationEnabled: false, startsAt: new Date(Date.now() - 3 * DAY) });
		expect((await projectEvents(mine.id)).events.map((e) => e.title)).toEqual(['Kommendes Treffen']);
	});

	it('seeds a demo market with three approved stands and a community event linked to its entry', async () => {
		await seedAtlasExamples();
		await seedEventsDemo(() => {});
		const market = (await findEventBySlug(dbPool(), DEMO_MARKET_SLUG))!;
		expect((await approvedExhibitors(market.id, 'de')).map((x) => x.slug).sort()).toEqual([...DEMO_EXHIBITORS].sort());
		const community = (await findEventBySlug(dbPool(), DEMO_COMMUNITY_SLUG))!;
		expect(community).toMatchObject({ kind: 'community', status: 'published', registrationEnabled: false });
		const entry = (await dbPool().query<{ id: string }>('select id from projects where slug = $1', [DEMO_COMMUNITY_PROJECT])).rows[0]!;
		expect((await projectEvents(entry.id)).events.map((e) => e.slug)).toEqual([DEMO_COMMUNITY_SLUG]);
		const owner = (await dbPool().query<{ id: string; locale: string }>('select id, locale from users where email = $1', [DEMO_STAND_OWNER_EMAIL])).rows[0]!;
		expect(owner.locale).toBe('ar');
		const page = (await standPage({ kind: 'user', id: owner.id, role: null, region: null, label: DEMO_STAND_OWNER_EMAIL }, DEMO_MARKET_SLUG, 'ar'))!;
		expect(page.entries.map((e) => e.slug)).toEqual([DEMO_STAND_PROJECT]);
		// Seeding again adds nothing.
		expect(await seedCommunityDemo()).toBe(0);
		expect(await approvedExhibitors(market.id, 'de')).toHaveLength(3);
	});
});
