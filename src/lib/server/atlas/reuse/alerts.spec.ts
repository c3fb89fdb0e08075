import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../../tests/helpers/use-smtp';
import { m } from '../../../paraglide/messages';
import { config } from '../../core/config';
import { hashToken } from '../../core/tokens';
import { deliver } from '../../mail/service';
import { mailOutbox } from '../../mail/schema';
import { PROTECTION_FIELDS, protectionFields } from '../../protection/service';
import { placeByAgs, searchPlaces } from '../../gazetteer/service';
import { auditLog } from '../../audit/schema';
import { seedAtlasExamples } from '../demo';
import { atlasAlerts, atlasTokens } from '../schema';
import { POST as oneClick, GET as oneClickGet } from '../../../../routes/api/v1/alerts/unsubscribe/+server';
import {
	ALERT_FORM,
	CONFIRM_DAYS,
	alertIdFromSigned,
	confirmAlert,
	confirmationPreview,
	consentVersion,
	emailPseudonym,
	purgeAlertData,
	subscribe,
	unsubscribe,
	unsubscribePreview
} from './alerts';

const T0 = new Date();
const NOW = new Date(T0.getTime() + 10_000);
const DAY = 24 * 3600_000;

function alertForm(fields: Record<string, string>, renderedAt = T0): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(ALERT_FORM, renderedAt).started);
	f.set(PROTECTION_FIELDS.honeypot, '');
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

const ctx = (locale = 'de') => ({ ip: '203.0.113.9', locale, now: NOW });
const search = (qs: string) => new URLSearchParams(qs);

/** Delivers every queued mail through the real SMTP transport. */
async function deliverAll(t: ReturnType<ReturnType<typeof useTestDatabase>>) {
	const rows = await t.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'queued'));
	for (const r of rows) expect(await deliver(r.id)).toBe('sent');
	return rows;
}

/** The token of a confirmation link in a mail text. */
function confirmToken(text: string, locale: string): string {
	const m = new RegExp(`${config().origin}/${locale}/atlas/benachrichtigung/bestaetigen\\?token=([A-Za-z0-9_%-]+)`).exec(text);
	if (!m) throw new Error(`no confirmation link in:\n${text}`);
	return decodeURIComponent(m[1]!);
}

describe('atlas alerts: subscribe with double opt-in', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();

	it('stores only a pending alert and mails a confirmation link in the page language', async () => {
		t();
		await seedAtlasExamples();
		const res = await subscribe(search('field=sprache&near=Hemmingen&radius_km=10&page=3&sort=newest'), alertForm({ email: ' Person@Example.ORG ', consent: 'yes' }), ctx('ar'));
		expect(res).toEqual({ ok: true });
		const [alert, ...more] = await t().db.select().from(atlasAlerts);
		expect(more).toHaveLength(0);
		expect(alert).toMatchObject({
			email: 'person@example.org',
			locale: 'ar',
			status: 'pending',
			query: 'near=Hemmingen&radius_km=10&field=sprache',
			consentVersion: consentVersion(),
			confirmedAt: null,
			lastDigestAt: null
		});
		expect(consentVersion()).toMatch(/^atlas-alert:[0-9a-f]{16}$/);

		await deliverAll(t());
		const [mail] = await smtp().waitFor(1);
		expect(mail!.to).toEqual(['person@example.org']);
		expect(mail!.parsed.headers.get('content-language')).toBe('ar');
		expect(mail!.parsed.html).toContain('dir="rtl"');
		// The confirmation mail is not an alert mail: nothing to unsubscribe from yet.
		expect(mail!.parsed.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(false);
		const token = confirmToken(mail!.parsed.text ?? '', 'ar');
		const [stored] = await t().db.select().from(atlasTokens);
		expect(stored).toMatchObject({ purpose: 'alert_confirm', tokenHash: hashToken(token), usedAt: null, payload: { alertId: alert!.id } });
		expect(JSON.stringify(stored)).not.toContain(token);
		expect(stored!.expiresAt.getTime() - NOW.getTime()).toBe(CONFIRM_DAYS * DAY);
	});

	it('activates only by POST, once; looking at the link changes nothing', async () => {
		t();
		await seedAtlasExamples();
		await subscribe(search('field=arbeit'), alertForm({ email: 'a@example.org', consent: 'yes' }), ctx());
		await deliverAll(t());
		const token = confirmToken((await smtp().waitFor(1))[0]!.parsed.text ?? '', 'de');

		// The GET page (and any mail scanner prefetching it) only looks.
		const preview = await confirmationPreview(token, 'de', NOW);
		expect(preview.state).toBe('usable');
		expect(preview.words.map((w) => w.values.map((v) => v.text).join())).toEqual([m.atlas_field_arbeit({}, { locale: 'de' })]);
		expect((await t().db.select().from(atlasAlerts))[0]?.status).toBe('pending');

		const later = new Date(NOW.getTime() + 3600_000);
		const done = await confirmAlert(token, later);
		expect(done).toMatchObject({ status: 'confirmed' });
		const [alert] = await t().db.select().from(atlasAlerts);
		expect(alert).toMatchObject({ status: 'active', confirmedAt: later, lastDigestAt: later });
		expect(alertIdFromSigned(new URL(`${config().origin}${'unsubscribePath' in done ? done.unsubscribePath : ''}`).searchParams.get('a'))).toBe(alert!.id);

		// Single use: the same link again is refused and changes nothing.
		expect(await confirmAlert(token, later)).toEqual({ status: 'used' });
		expect((await confirmationPreview(token, 'de', later)).state).toBe('used');

		// The "it is on" mail carries the one-click headers (RFC 8058).
		await deliverAll(t());
		const [, active] = await smtp().waitFor(2);
		// Long header lines may be folded (RFC 5322 §2.2.3); unfold before comparing.
		const lines = Object.fromEntries(active!.parsed.headerLines.map((h) => [h.key, h.line.replace(/\r\n[ \t]+/g, ' ')]));
		expect(lines['list-unsubscribe']).toMatch(new RegExp(`^List-Unsubscribe: <${config().origin}/api/v1/alerts/unsubscribe\\?a=[^>]+>$`));
		expect(lines['list-unsubscribe-post']).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
		const audit = await t().db.select().from(auditLog).where(eq(auditLog.entityId, alert!.id));
		expect(audit.map((a) => a.action).sort()).toEqual(['atlas.alert.confirm', 'atlas.alert.subscribe']);
		expect(JSON.stringify(audit)).not.toContain('a@example.org');
	});

	it('refuses an expired link and an unknown one; the alert stays pending', async () => {
		t();
		await seedAtlasExamples();
		await subscribe(search(''), alertForm({ email: 'b@example.org', consent: 'yes' }), ctx());
		await deliverAll(t());
		const token = confirmToken((await smtp().waitFor(1))[0]!.parsed.text ?? '', 'de');
		const expired = new Date(NOW.getTime() + CONFIRM_DAYS * DAY + 1000);
		expect((await confirmationPreview(token, 'de', expired)).state).toBe('expired');
		expect(await confirmAlert(token, expired)).toEqual({ status: 'expired' });
		expect(await confirmAlert(`${token}x`, NOW)).toEqual({ status: 'unknown' });
		expect(await confirmAlert('', NOW)).toEqual({ status: 'unknown' });
		const [alert] = await t().db.select().from(atlasAlerts);
		expect(alert?.status).toBe('pending');
		// Still usable just before the end of its validity.
		expect(await confirmAlert(token, new Date(NOW.getTime() + CONFIRM_DAYS * DAY - 1000))).toMatchObject({ status: 'confirmed' });
	});

	it('keeps the entered values and explains each mistake; stores and sends nothing', async () => {
		t();
		const res = await subscribe(search('field=sprache'), alertForm({ email: 'keine-adresse', consent: '' }), ctx());
		expect(res).toMatchObject({ ok: false, values: { email: 'keine-adresse', consent: '' }, errors: { email: 'reuse_error_email', consent: 'reuse_error_consent' } });
		const noConsent = await subscribe(search('field=sprache'), alertForm({ email: 'c@example.org' }), ctx());
		expect(noConsent).toMatchObject({ ok: false, errors: { consent: 'reuse_error_consent' } });
		expect(noConsent).not.toHaveProperty('errors.email');
		const empty = await subscribe(search(''), alertForm({ email: '   ', consent: 'yes' }), ctx());
		expect(empty).toMatchObject({ ok: false, errors: { email: 'reuse_error_email_required' } });
		const tooFast = await subscribe(search(''), alertForm({ email: 'c@example.org', consent: 'yes' }, new Date(NOW.getTime() - 500)), ctx());
		expect(tooFast).toMatchObject({ ok: false, reason: 'too_fast', errors: { protection: 'forms_protection_too_fast' } });
		const bot = await subscribe(search(''), alertForm({ email: 'c@example.org', consent: 'yes', [PROTECTION_FIELDS.honeypot]: 'x' }), ctx());
		expect(bot).toEqual({ ok: true });
		expect(await t().db.select().from(atlasAlerts)).toHaveLength(0);
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);
	});

	it('asks to pick the place first when it is ambiguous, instead of alerting for everywhere', async () => {
		t();
		const res = await subscribe(search('near=Asendorf'), alertForm({ email: 'd@example.org', consent: 'yes' }), ctx());
		expect(res).toEqual({ ok: false, reason: 'place' });
		expect(await t().db.select().from(atlasAlerts)).toHaveLength(0);
	});

	it('never stores a browser position: it keeps the centre of the nearest municipality', async () => {
		t();
		const found = await searchPlaces('Hemmingen');
		const centre = await placeByAgs(found.candidates[0]!.ags);
		await subscribe(search('lat=52.31234&lon=9.73217&radius_km=5'), alertForm({ email: 'e@example.org', consent: 'yes' }), ctx());
		const [alert] = await t().db.select().from(atlasAlerts);
		const stored = new URLSearchParams(alert!.query);
		expect(stored.get('lat')).toBe(centre!.lat.toFixed(4));
		expect(stored.get('lon')).toBe(centre!.lon.toFixed(4));
		expect(alert!.query).not.toContain('52.3123');
	});

	it('limits confirmation mails per address without telling the sender', async () => {
		t();
		for (let i = 0; i < 5; i++) {
			const res = await subscribe(search(''), alertForm({ email: 'f@example.org', consent: 'yes' }), { ip: `203.0.113.${20 + i}`, locale: 'de', now: NOW });
			expect(res).toEqual({ ok: true });
		}
		expect(await t().db.select().from(mailOutbox)).toHaveLength(3);
	});

	it('does not activate a second alert for the same address and search', async () => {
		t();
		for (const ip of ['203.0.113.30', '203.0.113.31']) {
			await subscribe(search('field=wohnen'), alertForm({ email: 'g@example.org', consent: 'yes' }), { ip, locale: 'de', now: NOW });
		}
		const tokens = (await deliverAll(t())).map((r) => confirmToken(r.textBody, 'de'));
		expect(await confirmAlert(tokens[0]!, NOW)).toMatchObject({ status: 'confirmed' });
		expect(await confirmAlert(tokens[1]!, NOW)).toMatchObject({ status: 'already_active' });
		const alerts = await t().db.select().from(atlasAlerts);
		expect(alerts.map((a) => a.status)).toEqual(['active']);
	});
});

describe('atlas alerts: unsubscribe and purge', () => {
	const t = useTestDatabase({ jobs: true });

	let ip = 0;
	async function activeAlert(email = 'h@example.org'): Promise<{ id: string; a: string }> {
		// Without a proof of work two submissions per IP and hour pass: each subscriber here has their own address.
		await subscribe(search('field=sprache'), alertForm({ email, consent: 'yes' }), { ip: `198.51.100.${++ip}`, locale: 'de', now: NOW });
		const [mail] = await t().db.select().from(mailOutbox).where(and(eq(mailOutbox.template, 'atlas.alert.confirm'), eq(mailOutbox.toAddress, email)));
		const done = await confirmAlert(confirmToken(mail!.textBody, 'de'), NOW);
		if (!('unsubscribePath' in done)) throw new Error('not confirmed');
		const a = new URL(`${config().origin}${done.unsubscribePath}`).searchParams.get('a')!;
		return { id: alertIdFromSigned(a)!, a };
	}

	it('unsubscribes with one POST without cookies (RFC 8058) and keeps no readable address', async () => {
		t();
		const { id, a } = await activeAlert();
		const url = new URL(`${config().origin}/api/v1/alerts/unsubscribe?a=${encodeURIComponent(a)}`);
		const post = (body: string) =>
			oneClick({ url, request: new Request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }) } as never);

		// A GET (link scanner, a person opening the address) changes nothing.
		await expect(oneClickGet({ url } as never)).rejects.toMatchObject({ status: 303, location: `/de/atlas/benachrichtigung/abbestellen?a=${encodeURIComponent(a)}` });
		expect((await t().db.select().from(atlasAlerts))[0]?.status).toBe('active');

		expect((await post('something=else')).status).toBe(400);
		expect((await t().db.select().from(atlasAlerts))[0]?.status).toBe('active');

		const res = await post('List-Unsubscribe=One-Click');
		expect(res.status).toBe(200);
		expect(res.headers.get('set-cookie')).toBeNull();
		const [alert] = await t().db.select().from(atlasAlerts);
		expect(alert).toMatchObject({ id, status: 'unsubscribed', email: emailPseudonym('h@example.org') });
		expect(alert!.unsubscribedAt).not.toBeNull();
		expect(JSON.stringify(alert)).not.toContain('h@example.org');
		// Providers retry: the same POST again answers the same.
		expect((await post('List-Unsubscribe=One-Click')).status).toBe(200);
		const audit = await t().db.select().from(auditLog).where(eq(auditLog.action, 'atlas.alert.unsubscribe'));
		expect(audit).toHaveLength(1);
		expect(audit[0]!.after).toMatchObject({ channel: 'one-click' });
	});

	it('refuses forged links', async () => {
		t();
		const { a } = await activeAlert();
		const forged = `${a.slice(0, -2)}xx`;
		expect(await unsubscribe(forged, 'link')).toBe('invalid');
		expect(await unsubscribe(null, 'link')).toBe('invalid');
		expect((await unsubscribePreview(forged, 'de')).state).toBe('invalid');
		const url = new URL(`${config().origin}/api/v1/alerts/unsubscribe?a=${encodeURIComponent(forged)}`);
		const res = await oneClick({ url, request: new Request(url, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) }) } as never);
		expect(res.status).toBe(400);
		expect((await t().db.select().from(atlasAlerts))[0]?.status).toBe('active');
	});

	it('shows the unsubscribe page without changing anything, then unsubscribes by the page POST', async () => {
		t();
		const { a } = await activeAlert();
		const preview = await unsubscribePreview(a, 'en');
		expect(preview).toMatchObject({ state: 'active', locale: 'de' });
		expect((await t().db.select().from(atlasAlerts))[0]?.status).toBe('active');
		expect(await unsubscribe(a, 'link')).toBe('unsubscribed');
		expect((await unsubscribePreview(a, 'de')).state).toBe('gone');
	});

	it('purges unconfirmed alerts and expired links after 7 days, and withdrawal records after their retention', async () => {
		t();
		await seedAtlasExamples();
		const { id: activeId } = await activeAlert('i@example.org');
		await subscribe(search('field=arbeit'), alertForm({ email: 'j@example.org', consent: 'yes' }), { ip: '198.51.100.200', locale: 'de', now: NOW });
		const withdrawn = await activeAlert('k@example.org');
		await unsubscribe(withdrawn.a, 'link', new Date('2026-03-01T12:00:00Z'));

		expect(await purgeAlertData(new Date(NOW.getTime() + 6 * DAY))).toEqual({ pending: 0, tokens: 0, withdrawn: 0 });
		expect(await purgeAlertData(new Date(NOW.getTime() + 8 * DAY))).toMatchObject({ pending: 1, tokens: 3 });
		const left = await t().db.select().from(atlasAlerts);
		expect(left.map((r) => r.id).sort()).toEqual([activeId, withdrawn.id].sort());
		expect(await t().db.select().from(atlasTokens)).toHaveLength(0);

		// Withdrawn in 2026: proof kept to the end of 2029, gone in 2030.
		expect((await purgeAlertData(new Date('2029-12-31T12:00:00Z'))).withdrawn).toBe(0);
		expect((await purgeAlertData(new Date('2030-01-01T12:00:00Z'))).withdrawn).toBe(1);
		expect((await t().db.select().from(atlasAlerts)).map((r) => r.id)).toEqual([activeId]);
	});
});
