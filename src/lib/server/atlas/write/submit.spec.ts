import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../../tests/helpers/use-smtp';
import { config } from '../../core/config';
import { hashToken } from '../../core/tokens';
import { resolveSession } from '../../accounts/service';
import { mailOutbox } from '../../mail/schema';
import { PROTECTION_FIELDS } from '../../protection/service';
import { seedAtlasExamples } from '../demo';
import { purgeUnverifiedSubmissions } from './jobs';
import { confirmSubmission, submissionLinkState, submitEntry, VERIFY_DAYS } from './submit';
import { entryFormData } from './testing';

const ctx = (now = new Date()) => ({ ip: '198.51.100.23', locale: 'de', now });

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
	const until = Date.now() + ms;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > until) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 100));
	}
}

describe('atlas submission', () => {
	const t = useTestDatabase({ jobs: 'work' });
	const smtp = useTestSmtp();

	it('stores a draft without owner and mails a single-use link that confirms it by POST', async () => {
		const { pool } = t();
		const outcome = await submitEntry(entryFormData(), ctx());
		expect(outcome).toEqual({ step: 'sent', email: 'ehrenamt@example.org' });

		const project = (await pool.query(`select id, slug, status, statewide, licence, submitted_at from projects`)).rows[0];
		expect(project).toMatchObject({ slug: 'sprachtreff-am-wasserturm', status: 'draft', statewide: false, licence: 'CC-BY-4.0', submitted_at: null });
		expect((await pool.query(`select 1 from project_owners`)).rowCount).toBe(0);
		const loc = (await pool.query(`select place_name, district_key, region, street, postcode from project_locations`)).rows[0];
		expect(loc).toMatchObject({ place_name: 'Hildesheim', district_key: '03254', region: 'leine-weser', street: 'Am Wasserturm 1', postcode: '31134' });
		const text = (await pool.query(`select locale, title, description, status from project_texts`)).rows[0];
		expect(text).toMatchObject({ locale: 'de', title: 'Sprachtreff am Wasserturm', status: 'source' });

		// The mail arrives over real SMTP, in German, with the link.
		const mail = await waitFor(async () => smtp().mails.find((m) => m.to.includes('ehrenamt@example.org')));
		expect(mail.parsed.subject).toBe('Bitte bestätigen Sie Ihren Eintrag im Projektatlas');
		const link = new RegExp(`${config().origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/de/atlas/eintragen/bestaetigen\\?token=([A-Za-z0-9_-]+)`).exec(mail.parsed.text ?? '');
		expect(link).not.toBeNull();
		const token = link![1]!;
		// Only the hash is stored.
		const stored = (await pool.query(`select token_hash, purpose, expires_at, used_at from atlas_tokens`)).rows[0];
		expect(stored.token_hash).toBe(hashToken(token));
		expect(stored.purpose).toBe('verify_submission');
		expect(Math.round((stored.expires_at.getTime() - Date.now()) / 86_400_000)).toBe(VERIFY_DAYS);

		// Looking at the link (GET) changes nothing.
		expect(await submissionLinkState(token)).toBe('usable');
		expect(await submissionLinkState(token)).toBe('usable');
		expect((await pool.query(`select status from projects`)).rows[0].status).toBe('draft');

		const confirmed = await confirmSubmission(token, undefined);
		expect(confirmed.ok).toBe(true);
		if (!confirmed.ok) return;
		expect(confirmed.slug).toBe('sprachtreff-am-wasserturm');
		const after = (await pool.query(`select status, submitted_at, revision from projects`)).rows[0];
		expect(after.status).toBe('submitted');
		expect(after.submitted_at).not.toBeNull();
		const owner = (await pool.query(`select u.email, u.role, o.via from project_owners o join users u on u.id = o.user_id`)).rows;
		expect(owner).toEqual([{ email: 'ehrenamt@example.org', role: null, via: 'submission' }]);
		const revisions = (await pool.query(`select revision, kind, author_id is not null as by_author, snapshot->>'status' as status from project_revisions`)).rows;
		expect(revisions).toEqual([{ revision: after.revision, kind: 'submission', by_author: true, status: 'submitted' }]);
		const audit = (await pool.query(`select action from audit_log order by id`)).rows.map((r) => r.action);
		expect(audit).toEqual(['atlas.submission.create', 'atlas.submission.confirm']);
		// The person is signed in with a session of their own.
		const session = await resolveSession(confirmed.sessionToken);
		expect(session?.user.email).toBe('ehrenamt@example.org');

		// Single use: the second POST is refused and says why.
		expect(await confirmSubmission(token, undefined)).toEqual({ ok: false, reason: 'used' });
		expect(await submissionLinkState(token)).toBe('used');
	});

	it('refuses an expired link and an unknown one', async () => {
		const { pool } = t();
		const then = new Date(Date.now() - (VERIFY_DAYS + 1) * 86_400_000);
		await submitEntry(entryFormData({}, new Date(then.getTime() - 10_000)), ctx(then));
		const mail = await waitFor(async () => smtp().mails[0]);
		const token = /token=([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!;
		expect(await submissionLinkState(token)).toBe('expired');
		expect(await confirmSubmission(token, undefined)).toEqual({ ok: false, reason: 'expired' });
		expect((await pool.query(`select status from projects`)).rows[0].status).toBe('draft');
		expect(await confirmSubmission('A'.repeat(43), undefined)).toEqual({ ok: false, reason: 'invalid' });
		expect(await confirmSubmission('<script>', undefined)).toEqual({ ok: false, reason: 'invalid' });
	});

	it('asks "is one of these yours?" for a similar published entry nearby, and goes on when told no', async () => {
		const { pool } = t();
		await seedAtlasExamples();
		const fields = { title: 'Deutschvermittler Hemmingen', loc0_place: 'Hemmingen', loc0_postcode: '30966', loc0_street: '' };
		const first = await submitEntry(entryFormData(fields), ctx());
		expect(first.step).toBe('duplicates');
		if (first.step !== 'duplicates') return;
		expect(first.duplicates.map((d) => d.slug)).toContain('deutschvermittler-hemmingen');
		expect(first.values.title).toBe('Deutschvermittler Hemmingen');
		expect((await pool.query(`select 1 from projects where status = 'draft'`)).rowCount).toBe(0);
		const second = await submitEntry(entryFormData({ ...fields, duplicates_seen: first.seen }), ctx());
		expect(second.step).toBe('sent');
		expect((await pool.query(`select slug from projects where status = 'draft'`)).rows.map((r) => r.slug)).toEqual(['deutschvermittler-hemmingen-2']);
	});

	it('asks which place is meant when a name is ambiguous, and takes the pick', async () => {
		const { pool } = t();
		const ambiguous = await submitEntry(entryFormData({ loc0_place: 'Asendorf', loc0_postcode: '', loc0_street: '' }), ctx());
		expect(ambiguous.step).toBe('form');
		if (ambiguous.step !== 'form') return;
		expect(ambiguous.errors).toEqual({ loc0_place: 'submit_error_location_ambiguous' });
		const candidates = ambiguous.choices[0]!;
		expect(candidates.length).toBeGreaterThan(1);
		const pick = candidates[candidates.length - 1]!;
		const picked = await submitEntry(entryFormData({ loc0_place: 'Asendorf', loc0_postcode: '', loc0_street: '', loc0_ags: pick.ags }), ctx());
		expect(picked.step).toBe('sent');
		expect((await pool.query(`select ags from project_locations`)).rows[0].ags).toBe(pick.ags);
	});

	it('says when a place is unknown or outside Lower Saxony, and stores nothing', async () => {
		const { pool } = t();
		const unknown = await submitEntry(entryFormData({ loc_count: '2', loc0_place: 'Xyzzyhausen', loc0_postcode: '', loc1_place: 'München' }), ctx());
		expect(unknown.step === 'form' && unknown.errors).toEqual({ loc0_place: 'submit_error_location_not_found', loc1_place: 'submit_error_location_outside' });
		expect((await pool.query(`select 1 from projects`)).rowCount).toBe(0);
	});

	it('publishes only the place centre of an approximate location, and an entry without places is state-wide', async () => {
		const { pool } = t();
		await submitEntry(entryFormData({ loc0_approximate: 'yes', loc0_lat: '52.2', loc0_lon: '9.9' }), ctx());
		const loc = (await pool.query(`select street, approximate, lat, lon from project_locations`)).rows[0];
		expect(loc).toMatchObject({ street: null, approximate: true });
		const centre = (await pool.query(`select lat, lon from gazetteer_places where name = 'Hildesheim' order by population desc limit 1`)).rows[0];
		expect(loc.lat).toBeCloseTo(centre.lat, 5);
		await submitEntry(entryFormData({ title: 'Online-Beratung', loc0_label: '', loc0_street: '', loc0_postcode: '', loc0_place: '', online: 'online' }), ctx());
		expect((await pool.query(`select statewide from projects where slug = 'online-beratung'`)).rows[0].statewide).toBe(true);
	});

	it('answers a filled honeypot like success, but stores and sends nothing', async () => {
		const { db, pool } = t();
		const outcome = await submitEntry(entryFormData({ [PROTECTION_FIELDS.honeypot]: 'https://spam.example' }), ctx());
		expect(outcome.step).toBe('sent');
		expect((await pool.query(`select 1 from projects`)).rowCount).toBe(0);
		expect(await db.select().from(mailOutbox)).toHaveLength(0);
	});

	it('keeps the values and reports a protection failure on the protection field', async () => {
		const now = new Date();
		const outcome = await submitEntry(entryFormData({}, new Date(now.getTime() - 200)), ctx(now));
		expect(outcome).toMatchObject({ step: 'form', reason: 'too_fast', errors: { protection: 'forms_protection_too_fast' }, values: { title: 'Sprachtreff am Wasserturm' } });
	});

	it('purges unverified submissions after 7 days, and keeps verified and recent ones', async () => {
		const { pool } = t();
		const old = new Date(Date.now() - (VERIFY_DAYS + 1) * 86_400_000);
		await submitEntry(entryFormData({ title: 'Alter Entwurf' }, new Date(old.getTime() - 10_000)), ctx(old));
		await submitEntry(entryFormData({ title: 'Alter bestätigter Entwurf' }, new Date(old.getTime() - 10_000)), ctx(old));
		await submitEntry(entryFormData({ title: 'Neuer Entwurf' }), ctx());
		// Confirm the second old one within its week (its link is the second mail).
		await waitFor(async () => (smtp().mails.length >= 3 ? true : undefined));
		const mail = smtp().mails.find((m) => (m.parsed.text ?? '').includes('Alter bestätigter Entwurf'))!;
		const token = /token=([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!;
		expect((await confirmSubmission(token, undefined, new Date(old.getTime() + 3600_000))).ok).toBe(true);

		expect(await purgeUnverifiedSubmissions()).toMatchObject({ entries: 1 });
		const left = (await pool.query(`select slug from projects order by slug`)).rows.map((r) => r.slug);
		expect(left).toEqual(['alter-bestaetigter-entwurf', 'neuer-entwurf']);
		expect((await pool.query(`select action from audit_log where action = 'atlas.submission.purge'`)).rowCount).toBe(1);
		expect(await purgeUnverifiedSubmissions()).toMatchObject({ entries: 0 });
	});
});
