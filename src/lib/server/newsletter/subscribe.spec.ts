import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../tests/helpers/use-smtp';
import { POST as oneClick, GET as oneClickGet } from '../../../routes/api/v1/newsletter/unsubscribe/+server';
import { actions as prefsActions, load as prefsLoad } from '../../../routes/[lang=locale]/newsletter/einstellungen/+page.server';
import { actions as unsubActions, load as unsubLoad } from '../../../routes/[lang=locale]/newsletter/abmelden/+page.server';
import { auditLog } from '../audit/schema';
import { consentWording } from '../consent/purposes';
import { consents, emailTokens } from '../consent/schema';
import { consentsForEmail, isSuppressed, requestConsents } from '../consent/service';
import { config } from '../core/config';
import { hashToken } from '../core/tokens';
import { deliver } from '../mail/service';
import { mailOutbox } from '../mail/schema';
import { PROTECTION_FIELDS, protectionFields } from '../protection/service';
import { linkToken, newLinkKey, subscriberForToken } from './links';
import { preferencesForLink, unsubscribeByLink, unsubscribeLinkState, updatePreferences } from './preferences';
import { purgeNewsletterData } from './purge';
import { newsletterSubscribers } from './schema';
import { CONFIRM_HOURS, CONFIRM_TEMPLATE, SUBSCRIBE_FORM, confirmSubscription, confirmationState, subscribeToNewsletter } from './subscribe';
import { subscriberForEmail } from './subscriptions';

const T0 = new Date();
const NOW = new Date(T0.getTime() + 10_000);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

function subscribeForm(fields: Record<string, string | string[]>, renderedAt = T0): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(SUBSCRIBE_FORM, renderedAt).started);
	f.set(PROTECTION_FIELDS.honeypot, '');
	for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
}

function prefsForm(fields: Record<string, string | string[]>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
}

let ipCounter = 0;
// Without a proof of work only a few submissions per IP and hour pass: each call gets its own address.
const ctx = (locale = 'de', now = NOW) => ({ ip: `198.51.100.${++ipCounter % 250}`, locale, now });

type T = ReturnType<ReturnType<typeof useTestDatabase>>;

async function queued(t: T, template?: string) {
	const rows = await t.db.select().from(mailOutbox).orderBy(mailOutbox.createdAt);
	return template ? rows.filter((r) => r.template === template) : rows;
}

function confirmTokenIn(text: string, locale: string): string {
	const m = new RegExp(`${config().origin}/${locale}/newsletter/bestaetigen\\?t=([A-Za-z0-9_%-]+)`).exec(text);
	if (!m) throw new Error(`no confirmation link in:\n${text}`);
	return decodeURIComponent(m[1]!);
}

async function subscribeAndToken(t: T, email: string, extra: Record<string, string | string[]> = {}, locale = 'de'): Promise<string> {
	const res = await subscribeToNewsletter(subscribeForm({ email, consent: 'yes', language: locale, ...extra }), ctx(locale));
	expect(res).toEqual({ ok: true });
	const mails = (await queued(t, CONFIRM_TEMPLATE)).filter((r) => r.toAddress === email.trim().toLowerCase());
	return confirmTokenIn(mails.at(-1)!.textBody, locale);
}

async function activeSubscriber(t: T, email: string, locale = 'de') {
	const token = await subscribeAndToken(t, email, {}, locale);
	const done = await confirmSubscription(token, NOW);
	expect(done.status).toBe('confirmed');
	return (await subscriberForEmail(t.db, email))!;
}

describe('newsletter: subscribe with double opt-in', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();

	it('refuses bad input with field errors and keeps every value; nothing is stored or sent', async () => {
		const res = await subscribeToNewsletter(
			subscribeForm({ email: 'not-an-address', topics: ['sprache', 'astrology'], regions: ['mars'], language: 'xx' }),
			ctx()
		);
		expect(res.ok).toBe(false);
		if (res.ok) return;
		expect(res.errors).toEqual({
			email: 'nl_error_email',
			topics: 'nl_error_topics',
			regions: 'nl_error_regions',
			language: 'nl_error_language',
			consent: 'nl_error_consent'
		});
		expect(res.values).toMatchObject({ email: 'not-an-address', topics: ['sprache', 'astrology'], regions: ['mars'], language: 'xx', consent: '' });
		const empty = await subscribeToNewsletter(subscribeForm({ email: '  ', language: 'de', consent: 'yes' }), ctx());
		expect(!empty.ok && empty.errors).toEqual({ email: 'nl_error_email_required' });
		expect(await t().db.select().from(newsletterSubscribers)).toHaveLength(0);
		expect(await t().db.select().from(consents)).toHaveLength(0);
		expect(await queued(t())).toHaveLength(0);
	});

	it('stores a pending subscriber, a pending consent with the shown wording and a hashed 48-hour token, and mails one link', async () => {
		const res = await subscribeToNewsletter(
			subscribeForm({ email: ' Noor@Example.ORG ', topics: ['sprache', 'arbeit'], regions: ['weser-ems'], language: 'ar', consent: 'yes' }),
			ctx('ar')
		);
		expect(res).toEqual({ ok: true });
		const [sub, ...more] = await t().db.select().from(newsletterSubscribers);
		expect(more).toHaveLength(0);
		expect(sub).toMatchObject({ email: 'noor@example.org', status: 'pending', locale: 'ar', topics: ['sprache', 'arbeit'], regions: ['weser-ems'], confirmedAt: null });

		const [consent] = await t().db.select().from(consents);
		expect(consent).toMatchObject({
			subjectId: sub!.id,
			purpose: 'newsletter',
			status: 'pending',
			locale: 'ar',
			wording: consentWording('newsletter', 'ar'),
			source: '/ar/newsletter',
			confirmationTemplate: CONFIRM_TEMPLATE
		});
		const [outbox] = await queued(t());
		expect(consent!.confirmationMessageId).toBe(outbox!.messageId);

		await deliver(outbox!.id);
		const [mail] = await smtp().waitFor(1);
		expect(mail!.to).toEqual(['noor@example.org']);
		expect(mail!.parsed.headers.get('content-language')).toBe('ar');
		expect(mail!.parsed.html).toContain('dir="rtl"');
		// Not a newsletter mail yet: nothing to unsubscribe from.
		expect(mail!.parsed.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(false);
		const text = mail!.parsed.text ?? '';
		const token = confirmTokenIn(text, 'ar');
		expect(text.match(/https?:\/\//g)).toHaveLength(1);
		const [stored] = await t().db.select().from(emailTokens);
		expect(stored).toMatchObject({ purpose: 'newsletter.confirm', targetId: sub!.id, tokenHash: hashToken(token), usedAt: null, locale: 'ar' });
		expect(JSON.stringify(stored)).not.toContain(token);
		expect(stored!.expiresAt.getTime() - NOW.getTime()).toBe(CONFIRM_HOURS * HOUR);
		const audit = await t().db.select().from(auditLog).where(eq(auditLog.entityId, sub!.id));
		expect(audit.map((a) => a.action)).toEqual(['newsletter.subscribe']);
		expect(JSON.stringify(audit)).not.toContain('noor@example.org');
	});

	it('activates only by POST, once; looking at the link changes nothing; the welcome mail carries the one-click headers', async () => {
		const token = await subscribeAndToken(t(), 'a@example.org', { topics: 'wohnen' });
		expect(await confirmationState(token, NOW)).toBe('usable');
		expect(await confirmationState(token, NOW)).toBe('usable');
		expect((await subscriberForEmail(t().db, 'a@example.org'))?.status).toBe('pending');
		expect((await t().db.select().from(consents))[0]?.status).toBe('pending');

		const later = new Date(NOW.getTime() + HOUR);
		const done = await confirmSubscription(token, later);
		expect(done.status).toBe('confirmed');
		const sub = await subscriberForEmail(t().db, 'a@example.org');
		expect(sub).toMatchObject({ status: 'active', confirmedAt: later });
		expect('preferencesUrl' in done && done.preferencesUrl).toContain(`/de/newsletter/einstellungen?s=`);
		expect((await t().db.select().from(consents))[0]).toMatchObject({ status: 'confirmed', confirmedAt: later });

		expect(await confirmSubscription(token, later)).toEqual({ status: 'used' });
		expect(await confirmationState(token, later)).toBe('used');

		const welcome = (await queued(t(), 'newsletter.welcome.v1'))[0]!;
		await deliver(welcome.id);
		const [mail] = await smtp().waitFor(1);
		const lines = Object.fromEntries(mail!.parsed.headerLines.map((h) => [h.key, h.line.replace(/\r\n[ \t]+/g, ' ')]));
		expect(lines['list-unsubscribe']).toBe(`List-Unsubscribe: <${config().origin}/api/v1/newsletter/unsubscribe?s=${encodeURIComponent(linkToken(sub!))}>`);
		expect(lines['list-unsubscribe-post']).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
		expect(mail!.parsed.text).toContain(`/de/newsletter/einstellungen?s=`);
	});

	it('refuses expired and unknown tokens; the subscriber stays pending', async () => {
		const token = await subscribeAndToken(t(), 'b@example.org');
		const expired = new Date(NOW.getTime() + CONFIRM_HOURS * HOUR + 1000);
		expect(await confirmationState(token, expired)).toBe('expired');
		expect(await confirmSubscription(token, expired)).toEqual({ status: 'expired' });
		expect(await confirmSubscription(`${token}x`, NOW)).toEqual({ status: 'unknown' });
		expect(await confirmSubscription('', NOW)).toEqual({ status: 'unknown' });
		expect(await confirmationState('x'.repeat(500), NOW)).toBe('unknown');
		expect((await subscriberForEmail(t().db, 'b@example.org'))?.status).toBe('pending');
	});

	it('does not tell whether an address is subscribed: an active one gets its preference link, a pending one a fresh confirmation', async () => {
		const sub = await activeSubscriber(t(), 'c@example.org');
		const before = await t().db.select().from(mailOutbox);
		const again = await subscribeToNewsletter(subscribeForm({ email: 'C@example.org', topics: 'arbeit', language: 'en', consent: 'yes' }), ctx('en'));
		expect(again).toEqual({ ok: true });
		// The live subscription is unchanged, no new consent is asked for.
		expect(await subscriberForEmail(t().db, 'c@example.org')).toMatchObject({ id: sub.id, status: 'active', topics: [], locale: 'de' });
		expect(await t().db.select().from(consents).where(eq(consents.subjectId, sub.id))).toHaveLength(1);
		const [already] = (await t().db.select().from(mailOutbox)).filter((r) => !before.some((b) => b.id === r.id));
		expect(already).toMatchObject({ template: 'newsletter.already-subscribed.v1', toAddress: 'c@example.org' });
		expect(already!.textBody).toContain(`/de/newsletter/einstellungen?s=${encodeURIComponent(linkToken(sub))}`);
		expect(already!.textBody).not.toContain('/newsletter/bestaetigen');

		// Pending: a fresh confirmation, the latest choices win; both links work until one is used.
		const first = await subscribeAndToken(t(), 'd@example.org', { topics: 'sprache' });
		const second = await subscribeAndToken(t(), 'd@example.org', { topics: 'teilhabe', regions: 'lueneburg' });
		expect(second).not.toBe(first);
		const pending = await subscriberForEmail(t().db, 'd@example.org');
		expect(pending).toMatchObject({ status: 'pending', topics: ['teilhabe'], regions: ['lueneburg'] });
		expect(await t().db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.email, 'd@example.org'))).toHaveLength(1);
		expect((await confirmSubscription(second, NOW)).status).toBe('confirmed');
		expect(await confirmSubscription(first, NOW)).toMatchObject({ status: 'already_active' });
	});

	it('limits mails per address without changing the answer, and a filled honeypot stores nothing', async () => {
		for (let i = 0; i < 5; i++) {
			expect(await subscribeToNewsletter(subscribeForm({ email: 'e@example.org', language: 'de', consent: 'yes' }), ctx())).toEqual({ ok: true });
		}
		expect(await queued(t(), CONFIRM_TEMPLATE)).toHaveLength(3);
		const bot = subscribeForm({ email: 'bot@example.org', language: 'de', consent: 'yes' });
		bot.set(PROTECTION_FIELDS.honeypot, 'http://spam.example');
		expect(await subscribeToNewsletter(bot, ctx())).toEqual({ ok: true });
		expect(await subscriberForEmail(t().db, 'bot@example.org')).toBeUndefined();
	});

	it('never creates an active subscriber without the confirmation POST', async () => {
		await subscribeToNewsletter(subscribeForm({ email: 'f@example.org', language: 'de', consent: 'yes', status: 'active' }), ctx());
		const rows = await t().db.select().from(newsletterSubscribers);
		expect(rows.map((r) => r.status)).toEqual(['pending']);
		expect((await t().db.select().from(consents)).map((c) => c.status)).toEqual(['pending']);
	});
});

describe('newsletter: preference centre, unsubscribe, one-click', () => {
	const t = useTestDatabase({ jobs: true });

	it('shows and changes preferences by the signed link only; a forged link learns nothing', async () => {
		const sub = await activeSubscriber(t(), 'g@example.org');
		const s = linkToken(sub);
		const view = await preferencesForLink(s);
		expect(view).toMatchObject({ email: 'g@example.org', status: 'active', topics: [], regions: [], locale: 'de' });
		expect(view!.consents).toHaveLength(1);
		expect(view!.consents[0]).toMatchObject({ purpose: 'newsletter', status: 'confirmed', wording: consentWording('newsletter', 'de') });
		expect(view!.unsubscribePath).toBe(`/de/newsletter/abmelden?s=${encodeURIComponent(s)}`);

		const res = await updatePreferences(s, prefsForm({ topics: ['arbeit', 'arbeit', 'wohnen'], regions: 'braunschweig', language: 'ar' }));
		expect(res.ok).toBe(true);
		expect(await subscriberForEmail(t().db, 'g@example.org')).toMatchObject({ topics: ['arbeit', 'wohnen'], regions: ['braunschweig'], locale: 'ar', status: 'active' });

		const bad = await updatePreferences(s, prefsForm({ topics: 'nope', language: 'de' }));
		expect(bad).toEqual({ ok: false, reason: 'values', values: { topics: ['nope'], regions: [], language: 'de' }, errors: { topics: 'nl_error_topics' } });
		// Nothing ticked = everything.
		expect((await updatePreferences(s, prefsForm({ language: 'en' }))).ok).toBe(true);
		expect(await subscriberForEmail(t().db, 'g@example.org')).toMatchObject({ topics: [], regions: [], locale: 'en' });

		const forged = `${s.slice(0, -3)}abc`;
		expect(await preferencesForLink(forged)).toBeUndefined();
		expect(await preferencesForLink(null)).toBeUndefined();
		expect(await updatePreferences(forged, prefsForm({ topics: 'sprache', language: 'de' }))).toEqual({ ok: false, reason: 'invalid' });
		expect(await subscriberForEmail(t().db, 'g@example.org')).toMatchObject({ topics: [], locale: 'en' });
		// Preference changes are not audited (the person's own choice); the address never reaches the log table.
		const audit = await t().db.select().from(auditLog);
		expect(audit.map((a) => a.action)).not.toContain('newsletter.preferences');
	});

	it('page entry points: the preference action answers 404 for a forged link; loads set no-store and no-referrer', async () => {
		const sub = await activeSubscriber(t(), 'pages@example.org');
		const s = linkToken(sub);
		const headers: Record<string, string> = {};
		const pageUrl = (path: string, token: string) => new URL(`${config().origin}/de/newsletter/${path}?s=${encodeURIComponent(token)}`);
		const event = (path: string, token: string, body?: FormData) =>
			({
				url: pageUrl(path, token),
				request: new Request(pageUrl(path, token), { method: body ? 'POST' : 'GET', body }),
				setHeaders: (h: Record<string, string>) => Object.assign(headers, h)
			}) as never;
		const loaded = (await prefsLoad(event('einstellungen', s))) as { s: string | null; view: { email: string } | null };
		expect(loaded.view?.email).toBe('pages@example.org');
		expect(headers).toMatchObject({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin' });
		const forged = `${s.slice(0, -2)}zz`;
		expect(await prefsLoad(event('einstellungen', forged))).toEqual({ s: null, view: null });

		const body = prefsForm({ s: forged, topics: 'sprache', language: 'de' });
		expect(await prefsActions.default!(event('einstellungen', forged, body))).toMatchObject({ status: 404, data: { invalid: true } });
		const bad = prefsForm({ s, topics: 'x', language: 'de' });
		expect(await prefsActions.default!(event('einstellungen', s, bad))).toMatchObject({ status: 400, data: { errors: { topics: 'nl_error_topics' } } });
		expect(await prefsActions.default!(event('einstellungen', s, prefsForm({ s, topics: 'teilhabe', language: 'de' })))).toEqual({ saved: true });
		expect((await subscriberForEmail(t().db, 'pages@example.org'))?.topics).toEqual(['teilhabe']);

		expect(await unsubLoad(event('abmelden', s))).toEqual({ s, state: 'active' });
		expect(await unsubLoad(event('abmelden', forged))).toEqual({ s: null, state: 'invalid' });
		expect(await unsubActions.default!(event('abmelden', forged, prefsForm({ s: forged })))).toEqual({ outcome: 'invalid' });
		expect(await unsubActions.default!(event('abmelden', s, prefsForm({ s })))).toEqual({ outcome: 'unsubscribed' });
		expect(await unsubLoad(event('abmelden', s))).toEqual({ s: null, state: 'gone' });
	});

	it('unsubscribes by the page POST; GET only looks; what stays is the proof and the suppression', async () => {
		const sub = await activeSubscriber(t(), 'h@example.org');
		const s = linkToken(sub);
		expect(await unsubscribeLinkState(s)).toEqual({ state: 'active', locale: 'de' });
		expect(await subscriberForEmail(t().db, 'h@example.org')).toBeDefined();

		expect(await unsubscribeByLink(s, 'link')).toBe('unsubscribed');
		expect(await subscriberForEmail(t().db, 'h@example.org')).toBeUndefined();
		expect(await isSuppressed(t().db, 'h@example.org', 'newsletter')).toBe(true);
		const [proof] = await consentsForEmail(t().db, 'h@example.org');
		expect(proof).toMatchObject({ status: 'withdrawn', withdrawnChannel: 'link', email: null });
		// A second click says the same; the page now shows "unsubscribed".
		expect(await unsubscribeByLink(s, 'link')).toBe('unsubscribed');
		expect((await unsubscribeLinkState(s)).state).toBe('gone');
		expect(await unsubscribeByLink('00000000-0000-4000-8000-000000000000.abc', 'link')).toBe('invalid');
		const audit = await t().db.select().from(auditLog).where(eq(auditLog.action, 'newsletter.unsubscribe'));
		expect(audit).toHaveLength(1);
		expect(audit[0]!.after).toEqual({ channel: 'link' });
	});

	it('one-click: POST List-Unsubscribe=One-Click without cookies (urlencoded and multipart), idempotent; GET changes nothing', async () => {
		const sub = await activeSubscriber(t(), 'i@example.org', 'ar');
		const s = linkToken(sub);
		const url = new URL(`${config().origin}/api/v1/newsletter/unsubscribe?s=${encodeURIComponent(s)}`);
		const post = (body: BodyInit, headers: Record<string, string> = {}) =>
			oneClick({ url, request: new Request(url, { method: 'POST', headers, body }) } as never);

		await expect(oneClickGet({ url } as never)).rejects.toMatchObject({ status: 303, location: `/ar/newsletter/abmelden?s=${encodeURIComponent(s)}` });
		expect((await subscriberForToken(t().db, s))?.status).toBe('active');

		expect((await post('something=else', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
		expect((await post('not a form', { 'content-type': 'text/plain' })).status).toBe(400);
		expect((await subscriberForToken(t().db, s))?.status).toBe('active');

		const res = await post('List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
		expect(res.status).toBe(200);
		expect(res.headers.get('set-cookie')).toBeNull();
		expect(await subscriberForEmail(t().db, 'i@example.org')).toBeUndefined();
		const [proof] = await consentsForEmail(t().db, 'i@example.org');
		expect(proof).toMatchObject({ status: 'withdrawn', withdrawnChannel: 'one-click', email: null });
		// Providers retry: the same POST (here as multipart) answers the same.
		const multipart = new FormData();
		multipart.set('List-Unsubscribe', 'One-Click');
		expect((await post(multipart)).status).toBe(200);

		// A forged signature on a live subscriber: 404 without detail, nothing changes.
		const other = await activeSubscriber(t(), 'j@example.org');
		const forgedUrl = new URL(`${config().origin}/api/v1/newsletter/unsubscribe?s=${encodeURIComponent(`${linkToken(other).slice(0, -2)}zz`)}`);
		const forged = await oneClick({ url: forgedUrl, request: new Request(forgedUrl, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) }) } as never);
		expect(forged.status).toBe(404);
		expect(await forged.text()).toBe('Not found\n');
		expect((await subscriberForEmail(t().db, 'j@example.org'))?.status).toBe('active');
	});

	it('a suppressed address may subscribe again, but only a new confirmation lifts the suppression', async () => {
		const sub = await activeSubscriber(t(), 'k@example.org');
		await unsubscribeByLink(linkToken(sub), 'one-click');
		expect(await isSuppressed(t().db, 'k@example.org', 'newsletter')).toBe(true);

		const token = await subscribeAndToken(t(), 'k@example.org', { topics: 'engagement' });
		const again = await subscriberForEmail(t().db, 'k@example.org');
		expect(again).toMatchObject({ status: 'pending', topics: ['engagement'] });
		expect(again!.id).not.toBe(sub.id);
		expect(await isSuppressed(t().db, 'k@example.org', 'newsletter')).toBe(true);

		expect((await confirmSubscription(token, NOW)).status).toBe('confirmed');
		expect(await isSuppressed(t().db, 'k@example.org', 'newsletter')).toBe(false);
		expect((await consentsForEmail(t().db, 'k@example.org')).map((c) => c.status)).toEqual(['withdrawn', 'confirmed']);
		// The old links stay dead: the new row has a new id and key.
		expect(await subscriberForToken(t().db, linkToken(sub))).toBeUndefined();
	});
});

describe('newsletter: purge', () => {
	const t = useTestDatabase({ jobs: true });

	it('deletes pending subscribers and newsletter tokens after 7 days and lets their consents lapse; active ones stay', async () => {
		const q = t().db;
		const old = new Date(NOW.getTime() - 8 * DAY);
		const recent = new Date(NOW.getTime() - 6 * DAY);
		const [stale] = await q.insert(newsletterSubscribers).values({ email: 'old@example.org', linkKey: newLinkKey(), createdAt: old }).returning();
		const [fresh] = await q.insert(newsletterSubscribers).values({ email: 'new@example.org', linkKey: newLinkKey(), createdAt: recent }).returning();
		const [active] = await q
			.insert(newsletterSubscribers)
			.values({ email: 'act@example.org', linkKey: newLinkKey(), status: 'active', createdAt: old, confirmedAt: old })
			.returning();
		for (const s of [stale!, fresh!]) {
			await requestConsents(q, { subjectId: s.id, email: s.email, locale: 'de', source: '/de/newsletter', purposes: ['newsletter'], at: s.createdAt });
		}
		await q.insert(emailTokens).values([
			{ tokenHash: 'h-old', purpose: 'newsletter.confirm', targetId: stale!.id, email: stale!.email, createdAt: old, expiresAt: new Date(old.getTime() + 2 * DAY) },
			{ tokenHash: 'h-new', purpose: 'newsletter.confirm', targetId: fresh!.id, email: fresh!.email, createdAt: recent, expiresAt: new Date(recent.getTime() + 2 * DAY) },
			{ tokenHash: 'h-other', purpose: 'mydata', targetId: null, email: 'x@example.org', createdAt: old, expiresAt: new Date(old.getTime() + DAY) }
		]);

		const counts = await purgeNewsletterData(NOW);
		expect(counts).toMatchObject({ pendingSubscribers: 1, expiredConsents: 1, tokens: 1 });
		const left = await q.select().from(newsletterSubscribers);
		expect(left.map((r) => r.id).sort()).toEqual([fresh!.id, active!.id].sort());
		const [lapsed] = await q.select().from(consents).where(eq(consents.subjectId, stale!.id));
		expect(lapsed).toMatchObject({ status: 'expired', email: null, withdrawnChannel: 'purge' });
		const [kept] = await q.select().from(consents).where(eq(consents.subjectId, fresh!.id));
		expect(kept).toMatchObject({ status: 'pending', email: 'new@example.org' });
		expect((await q.select().from(emailTokens)).map((r) => r.tokenHash).sort()).toEqual(['h-new', 'h-other']);
		expect(await q.select().from(auditLog).where(and(eq(auditLog.action, 'newsletter.purge')))).toHaveLength(1);
		// A second run finds nothing.
		expect(await purgeNewsletterData(NOW)).toMatchObject({ pendingSubscribers: 0, tokens: 0 });
	});
});
