import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../tests/helpers/use-smtp';
import { useTempMediaStorage } from '../atlas/media/test-helpers';
import { consentVersion, consentWording } from '../consent/purposes';
import { consents, emailTokens, mailSuppressions } from '../consent/schema';
import { emailHash, isSuppressed } from '../consent/service';
import { config } from '../core/config';
import { hashToken } from '../core/tokens';
import { deliver } from '../mail/service';
import { mailOutbox } from '../mail/schema';
import { newsletterSubscribers } from '../newsletter/schema';
import { sign } from '../platform/secrets';
import { PROTECTION_FIELDS, protectionFields } from '../protection/service';
import { mediaStorage } from '../storage';
import { supporters } from './schema';
import {
	CONFIRM_HOURS,
	SIGN_FORM,
	confirmPreview,
	confirmSignature,
	managePreview,
	manageToken,
	purgePending,
	signAppeal,
	supporterIdFromManage,
	withdrawPublic,
	withdrawSignature
} from './signup';

const T0 = new Date();
const NOW = new Date(T0.getTime() + 10_000);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

function signForm(fields: Record<string, string | Blob>, renderedAt = T0): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(SIGN_FORM, renderedAt).started);
	f.set(PROTECTION_FIELDS.honeypot, '');
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

const person = (extra: Record<string, string> = {}) => ({ kind: 'person', p_name: 'Anna P.', p_place: 'Oldenburg', email: 'Anna@Example.org', consent_sign: 'yes', ...extra });
const ctx = (locale = 'de', now = NOW) => ({ ip: '203.0.113.7', locale, source: `/${locale}/unterstuetzen`, now });

function confirmTokenFrom(text: string, locale = 'de'): string {
	const m = new RegExp(`${config().origin}/${locale}/unterstuetzen/bestaetigen\\?t=([A-Za-z0-9_%-]+)`).exec(text);
	if (!m) throw new Error(`no confirmation link in:\n${text}`);
	return decodeURIComponent(m[1]!);
}

function manageFrom(text: string): string {
	const m = /\/unterstuetzen\/verwalten\?s=([A-Za-z0-9_%.-]+)/.exec(text);
	if (!m) throw new Error(`no manage link in:\n${text}`);
	return decodeURIComponent(m[1]!);
}

async function deliverAll(t: ReturnType<ReturnType<typeof useTestDatabase>>) {
	const rows = await t.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'queued'));
	for (const r of rows) expect(await deliver(r.id)).toBe('sent');
	return rows;
}

describe('signing the appeal: validation', () => {
	const t = useTestDatabase();

	it('requires the signature consent and the chosen kind’s fields only, and keeps every value', async () => {
		t();
		const res = await signAppeal(signForm({ kind: 'person', p_name: '', p_place: 'Oldenburg', email: 'nope', i_name: '', consent_public: 'yes' }), ctx());
		expect(res.ok).toBe(false);
		if (res.ok) return;
		expect(res.errors).toEqual({ p_name: 'sup_error_name_required', email: 'sup_error_email', consent_sign: 'sup_error_consent_sign' });
		expect(res.values).toMatchObject({ p_place: 'Oldenburg', email: 'nope', consent_public: 'yes' });
		expect(await t().db.select().from(supporters)).toHaveLength(0);
	});

	it('checks institution fields, the kind list and asks for logo rights when a logo is sent', async () => {
		t();
		const logo = new File([await sharp({ create: { width: 40, height: 20, channels: 3, background: '#08f' } }).png().toBuffer()], 'logo.png', { type: 'image/png' });
		const res = await signAppeal(signForm({ kind: 'institution', i_name: 'Verein', i_kind: 'castle', i_place: 'Celle', i_contact: '', i_website: 'not a url', i_logo: logo, email: 'x@example.org', consent_sign: 'yes' }), ctx());
		expect(res.ok).toBe(false);
		if (res.ok) return;
		expect(res.errors).toEqual({ i_kind: 'sup_error_org_kind', i_contact: 'sup_error_contact_required', i_website: 'sup_error_website', i_logo_rights: 'sup_error_logo_rights' });
		expect(res.logoLost).toBe(true);
	});

	it('rejects a missing kind', async () => {
		t();
		const res = await signAppeal(signForm({ email: 'a@example.org', consent_sign: 'yes' }), ctx());
		expect(!res.ok && res.errors.kind).toBe('sup_error_kind');
	});
});

describe('signing the appeal: double opt-in', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();
	useTempMediaStorage();

	it('creates a pending supporter and one pending consent per ticked purpose, and mails one link', async () => {
		t();
		expect(await signAppeal(signForm(person()), ctx())).toEqual({ ok: true });
		const [s] = await t().db.select().from(supporters);
		expect(s).toMatchObject({ kind: 'person', status: 'pending', email: 'anna@example.org', name: 'Anna P.', placeName: 'Oldenburg', region: 'weser-ems', publicDisplay: false });
		expect(s!.ags).toMatch(/^03/);
		const rows = await t().db.select().from(consents);
		expect(rows.map((r) => r.purpose)).toEqual(['appeal.sign']);
		expect(rows[0]).toMatchObject({ status: 'pending', subjectId: s!.id, version: consentVersion('appeal.sign'), wording: consentWording('appeal.sign', 'de'), source: '/de/unterstuetzen', confirmationTemplate: 'supporters.confirm.v1' });
		const [outbox] = await deliverAll(t());
		expect(rows[0]!.confirmationMessageId).toBe(outbox!.messageId);
		const [mail] = await smtp().waitFor(1);
		expect(mail!.parsed.subject).toBe('Bitte bestätigen Sie Ihre Unterschrift');
		expect(mail!.parsed.text).toContain('Geschäftsstelle');
		expect(mail!.parsed.text).toContain('ignorieren');
		const token = confirmTokenFrom(mail!.parsed.text ?? '');
		const [tok] = await t().db.select().from(emailTokens);
		expect(tok).toMatchObject({ tokenHash: hashToken(token), purpose: 'supporter.confirm', targetId: s!.id, usedAt: null });
		expect(tok!.expiresAt.getTime() - NOW.getTime()).toBe(CONFIRM_HOURS * HOUR);
	});

	it('GET preview changes nothing; POST confirms once; a second POST says used', async () => {
		t();
		await signAppeal(signForm(person({ consent_public: 'yes' })), ctx());
		await deliverAll(t());
		const token = confirmTokenFrom((await smtp().waitFor(1))[0]!.parsed.text ?? '');
		expect(await confirmPreview(token, NOW)).toEqual({ state: 'usable', name: 'Anna P.' });
		expect(await confirmPreview(token, NOW)).toEqual({ state: 'usable', name: 'Anna P.' });
		expect((await t().db.select().from(supporters))[0]!.status).toBe('pending');
		expect((await t().db.select().from(consents)).every((c) => c.status === 'pending')).toBe(true);

		const out = await confirmSignature(token, NOW);
		expect(out.status).toBe('confirmed');
		const [s] = await t().db.select().from(supporters);
		expect(s).toMatchObject({ status: 'confirmed', publicDisplay: true });
		expect((await t().db.select().from(consents)).map((c) => c.status).sort()).toEqual(['confirmed', 'confirmed']);
		expect(await confirmSignature(token, NOW)).toEqual({ status: 'used' });
		expect(await confirmPreview(token, NOW)).toEqual({ state: 'used' });
	});

	it('an expired or unknown token confirms nothing', async () => {
		t();
		await signAppeal(signForm(person()), ctx());
		await deliverAll(t());
		const token = confirmTokenFrom((await smtp().waitFor(1))[0]!.parsed.text ?? '');
		const later = new Date(NOW.getTime() + CONFIRM_HOURS * HOUR + 1);
		expect(await confirmPreview(token, later)).toEqual({ state: 'expired' });
		expect(await confirmSignature(token, later)).toEqual({ status: 'expired' });
		expect(await confirmSignature('made-up-token', NOW)).toEqual({ status: 'unknown' });
		expect((await t().db.select().from(supporters))[0]!.status).toBe('pending');
	});

	it('keeps purposes apart: without the public box the wall stays off; the newsletter box makes a pending subscriber that the same link activates', async () => {
		t();
		await signAppeal(signForm(person({ consent_newsletter: 'yes' })), ctx('ar'));
		const [sub] = await t().db.select().from(newsletterSubscribers);
		expect(sub).toMatchObject({ email: 'anna@example.org', status: 'pending', locale: 'ar', topics: [], regions: [] });
		const all = await t().db.select().from(consents);
		expect(all.map((c) => [c.purpose, c.subjectId === sub!.id]).sort()).toEqual([
			['appeal.sign', false],
			['newsletter', true]
		]);
		expect(all.find((c) => c.purpose === 'newsletter')!.wording).toBe(consentWording('newsletter', 'ar'));
		await deliverAll(t());
		const [mail] = await smtp().waitFor(1);
		const token = confirmTokenFrom(mail!.parsed.text ?? '', 'ar');
		const out = await confirmSignature(token, NOW);
		expect(out).toMatchObject({ status: 'confirmed', publicDisplay: false, newsletter: true });
		expect((await t().db.select().from(newsletterSubscribers))[0]!.status).toBe('active');
		expect((await t().db.select().from(supporters))[0]!.publicDisplay).toBe(false);
		expect((await t().db.select().from(consents)).every((c) => c.status === 'confirmed')).toBe(true);
	});

	it('the same address again: no second record, same answer, a mail saying they already signed', async () => {
		t();
		await signAppeal(signForm(person()), ctx());
		expect(await signAppeal(signForm(person({ p_name: 'Someone else' })), ctx())).toEqual({ ok: true });
		expect(await t().db.select().from(supporters)).toHaveLength(1);
		await deliverAll(t());
		const mails = await smtp().waitFor(2);
		const already = mails.find((m) => m.parsed.subject === 'Sie haben den Aufruf schon unterzeichnet');
		expect(already).toBeDefined();
		expect(supporterIdFromManage(manageFrom(already!.parsed.text ?? ''))).toBe((await t().db.select().from(supporters))[0]!.id);
	});

	it('stores an institution with a re-encoded logo and its rights statement', async () => {
		t();
		const png = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#c00' } })
			.withMetadata({ exif: { IFD0: { Copyright: 'secret-camera' } } })
			.png()
			.toBuffer();
		const res = await signAppeal(
			signForm({
				kind: 'institution',
				i_name: 'Flüchtlingshilfe Celle e. V.',
				i_kind: 'association',
				i_place: 'Celle',
				i_website: 'www.example.org',
				i_contact: 'Petra M.',
				i_logo: new File([png], 'logo.png', { type: 'image/png' }),
				i_logo_rights: 'Eigenes Logo',
				email: 'info@example.org',
				consent_sign: 'yes',
				consent_public: 'yes'
			}),
			ctx()
		);
		expect(res).toEqual({ ok: true });
		const [s] = await t().db.select().from(supporters);
		expect(s).toMatchObject({ kind: 'institution', institutionKind: 'association', website: 'https://www.example.org', contactName: 'Petra M.', logoRights: 'Eigenes Logo', region: 'lueneburg' });
		expect(s!.logoKey).toMatch(/^supporters\/[0-9a-f]{32}-240x120\.webp$/);
		const stored = await mediaStorage().get(s!.logoKey!);
		const chunks: Buffer[] = [];
		for await (const c of stored!.stream) chunks.push(c as Buffer);
		const meta = await sharp(Buffer.concat(chunks)).metadata();
		expect(meta).toMatchObject({ format: 'webp', width: 240, height: 120 });
		expect(meta.exif).toBeUndefined();
	});
});

describe('manage link and withdrawal', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();

	async function signed(extra: Record<string, string> = {}) {
		await signAppeal(signForm(person(extra)), ctx());
		await deliverAll(t());
		const [mail] = await smtp().waitFor(1);
		await confirmSignature(confirmTokenFrom(mail!.parsed.text ?? ''), NOW);
		return manageFrom(mail!.parsed.text ?? '');
	}

	it('refuses a forged or mangled signature', async () => {
		t();
		const s = await signed();
		const id = supporterIdFromManage(s)!;
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		expect(s).toBe(manageToken(id));
		expect(supporterIdFromManage(sign('newsletter-link', id))).toBeUndefined();
		expect(supporterIdFromManage(`${s.slice(0, -2)}xx`)).toBeUndefined();
		expect(supporterIdFromManage(null)).toBeUndefined();
		expect((await managePreview('forged.value')).state).toBe('invalid');
		const ok = await managePreview(s);
		expect(ok.state).toBe('ok');
	});

	it('withdraws public display only, then the signature (record deleted, proof hashed, suppression written), and re-signing works', async () => {
		t();
		const s = await signed({ consent_public: 'yes' });
		const id = supporterIdFromManage(s)!;
		expect(await withdrawPublic(id, 'link')).toBe(true);
		const [row] = await t().db.select().from(supporters);
		expect(row).toMatchObject({ status: 'confirmed', publicDisplay: false });
		const pub = (await t().db.select().from(consents)).find((c) => c.purpose === 'appeal.public')!;
		expect(pub).toMatchObject({ status: 'withdrawn', withdrawnChannel: 'link' });
		expect(pub.history.map((h) => h.status)).toEqual(['pending', 'confirmed', 'withdrawn']);

		expect(await withdrawSignature(id, 'link')).toBe(true);
		expect(await t().db.select().from(supporters)).toHaveLength(0);
		const left = await t().db.select().from(consents);
		expect(left.every((c) => c.email === null && c.emailHash === emailHash('anna@example.org') && c.status === 'withdrawn')).toBe(true);
		expect(await isSuppressed(t().db, 'anna@example.org', 'appeal')).toBe(true);
		expect((await managePreview(s)).state).toBe('gone');

		// A new sign-up needs a new double opt-in; confirming lifts the suppression.
		await signAppeal(signForm(person()), ctx('de', new Date(NOW.getTime() + 1000)));
		await deliverAll(t());
		const mails = await smtp().waitFor(2);
		const again = confirmTokenFrom(mails[1]!.parsed.text ?? '');
		expect((await confirmSignature(again, NOW)).status).toBe('confirmed');
		expect(await isSuppressed(t().db, 'anna@example.org', 'appeal')).toBe(false);
		expect(await t().db.select().from(mailSuppressions)).toHaveLength(1); // appeal-public stays: not consented again
	});
});

describe('purge of unconfirmed sign-ups', () => {
	const t = useTestDatabase({ jobs: true });

	it('deletes pending supporters older than 7 days with their pending subscribers, expires their consents, deletes spent tokens', async () => {
		t();
		const old = new Date(NOW.getTime() - 8 * DAY);
		const fresh = new Date(NOW.getTime() - 6 * DAY);
		await signAppeal(signForm(person({ consent_newsletter: 'yes' }), new Date(old.getTime() - 10_000)), { ...ctx(), now: old });
		await signAppeal(signForm(person({ email: 'bert@example.org', p_name: 'Bert' }), new Date(fresh.getTime() - 10_000)), { ...ctx(), now: fresh });
		const counts = await purgePending(NOW);
		expect(counts).toEqual({ supporters: 1, subscribers: 1, tokens: 1 });
		const left = await t().db.select().from(supporters);
		expect(left.map((s) => s.name)).toEqual(['Bert']);
		expect(await t().db.select().from(newsletterSubscribers)).toHaveLength(0);
		const expired = (await t().db.select().from(consents)).filter((c) => c.status === 'expired');
		expect(expired.map((c) => c.purpose).sort()).toEqual(['appeal.sign', 'newsletter']);
		expect(expired.every((c) => c.email === null)).toBe(true);
		// The old token expired long ago and is older than 7 days: gone; the fresh one stays.
		const tokens = await t().db.select().from(emailTokens);
		expect(tokens).toHaveLength(1);
		expect(tokens[0]!.email).toBe('bert@example.org');
		// Nothing left to purge.
		expect(await purgePending(NOW)).toEqual({ supporters: 0, subscribers: 0, tokens: 0 });
	});
});
