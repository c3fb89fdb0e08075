import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../tests/helpers/use-smtp';
import { config } from '../core/config';
import { dbPool } from '../core/db';
import { deliver } from '../mail/service';
import { mailOutbox } from '../mail/schema';
import { auditLog } from '../audit/schema';
import { eventRegistrations, eventTokens } from './schema';
import { eventRow, makeEvent, registrationForm } from './fixtures.spec-helper';
import { acceptOffer, cancelRegistration, confirmRegistration, expireOffers, previewLink, register, sendReminders } from './registration';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

type T = ReturnType<ReturnType<typeof useTestDatabase>>;

async function deliverAll(t: T) {
	const rows = await t.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'queued'));
	for (const r of rows) expect(await deliver(r.id)).toBe('sent');
	return rows;
}

function linkToken(text: string, locale: string, path: string): string {
	const m = new RegExp(`${config().origin}/${locale}/veranstaltungen/${path}\\?token=([A-Za-z0-9_%-]+)`).exec(text);
	if (!m) throw new Error(`no ${path} link in:\n${text}`);
	return decodeURIComponent(m[1]!);
}

const person = (name: string, email: string, extra: Record<string, string> = {}) => registrationForm({ name, email, consent: 'yes', ...extra });
const ctx = (locale = 'de') => ({ ip: '203.0.113.7', locale });

async function statuses(eventId: string) {
	const rows = await dbPool().query<{ email: string; status: string }>('select email, status from event_registrations where event_id = $1 order by created_at, email', [eventId]);
	return Object.fromEntries(rows.rows.map((r) => [r.email, r.status]));
}

describe('event registration with double opt-in', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();

	it('stores a pending registration, mails a link; the GET preview changes nothing; the POST takes a seat and mails the .ics', async () => {
		const event = await makeEvent({ capacity: 2 });
		const res = await register(event.slug, person('Amira Haddad', ' Amira@Example.ORG ', { organisation: 'Sprachcafé', dietary: 'vegetarisch', interpreter: 'ar' }), ctx('de'));
		expect(res).toEqual({ ok: true });
		const [reg] = await t().db.select().from(eventRegistrations);
		expect(reg).toMatchObject({ status: 'pending', email: 'amira@example.org', organisation: 'Sprachcafé', dietary: 'vegetarisch', interpreterLanguage: 'ar', consentText: event.consentText });
		expect((await eventRow(event.id)).seatsTaken).toBe(0);

		await deliverAll(t());
		const doi = smtp().mails[0]!;
		expect(doi.to).toEqual(['amira@example.org']);
		expect(doi.parsed.subject).toContain(event.title);
		const token = linkToken(doi.parsed.text ?? '', 'de', 'anmeldung');
		const [stored] = await t().db.select().from(eventTokens);
		expect(stored!.tokenHash).not.toBe(token);

		const preview = await previewLink(token, 'confirm');
		expect(preview).toMatchObject({ state: 'usable', status: 'pending', event: { slug: event.slug } });
		expect((await statuses(event.id))['amira@example.org']).toBe('pending');

		const outcome = await confirmRegistration(token);
		expect(outcome).toMatchObject({ status: 'confirmed', slug: event.slug });
		expect((await eventRow(event.id)).seatsTaken).toBe(1);
		expect(await confirmRegistration(token)).toEqual({ status: 'used' });

		await deliverAll(t());
		const confirmed = smtp().mails[1]!;
		expect(confirmed.parsed.subject).toContain(event.title);
		const ics = confirmed.parsed.attachments.find((a) => a.filename?.endsWith('.ics'));
		expect(ics?.contentType).toBe('text/calendar');
		const vevent = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
		expect(vevent.getFirstPropertyValue('summary')).toBe(event.title);
		expect(new ICAL.Event(vevent).startDate.toJSDate().toISOString()).toBe(event.startsAt.toISOString());
		expect(linkToken(confirmed.parsed.text ?? '', 'de', 'abmelden')).toBeTruthy();
		const audit = await t().db.select().from(auditLog);
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['events.registration.create', 'events.registration.confirmed']));
		expect(JSON.stringify(audit)).not.toContain('amira@example.org');
	});

	it('rejects bad input with every value kept, requires the unticked consent, and stores no answers to questions not asked', async () => {
		const event = await makeEvent({ questions: [] });
		const bad = await register(event.slug, registrationForm({ name: '', email: 'nicht-gueltig', organisation: 'X' }), ctx());
		expect(bad).toMatchObject({
			ok: false,
			values: { name: '', email: 'nicht-gueltig', organisation: 'X', consent: '' },
			errors: { name: 'events_error_name_required', email: 'events_error_email', consent: 'events_error_consent' }
		});
		expect(await t().db.select().from(eventRegistrations)).toHaveLength(0);
		expect(await register(event.slug, person('Jonas', 'jonas@example.org', { organisation: 'Geheim', dietary: 'vegan' }), ctx())).toEqual({ ok: true });
		const [reg] = await t().db.select().from(eventRegistrations);
		expect(reg).toMatchObject({ organisation: null, dietary: null });
	});

	it('refuses closed, full-window and unknown events, and answers a second sign-up of the same address without a duplicate', async () => {
		const closed = await makeEvent({ registrationOpen: false });
		expect(await register(closed.slug, person('A', 'a@example.org'), ctx())).toEqual({ ok: false, reason: 'unavailable' });
		const later = await makeEvent({ registrationOpensAt: new Date(Date.now() + DAY) });
		expect(await register(later.slug, person('A', 'a@example.org'), ctx())).toEqual({ ok: false, reason: 'unavailable' });
		expect(await register('gibt-es-nicht', person('A', 'a@example.org'), ctx())).toEqual({ ok: false, reason: 'not_found' });
		const open = await makeEvent();
		expect(await register(open.slug, person('A', 'a@example.org'), ctx())).toEqual({ ok: true });
		expect(await register(open.slug, person('A', 'A@example.org'), ctx())).toEqual({ ok: true });
		expect(await t().db.select().from(eventRegistrations)).toHaveLength(1);
		// A fresh link for the still pending registration: two mails, one registration.
		expect(await deliverAll(t())).toHaveLength(2);
	});

	it('full → waitlist; a cancellation offers the seat to the first waiting person, who accepts; waiting people stay off the seat count', async () => {
		const event = await makeEvent({ capacity: 1, offerHours: 24 });
		const tokens: Record<string, string> = {};
		for (const [name, email] of [
			['Erste', 'erste@example.org'],
			['Zweite', 'zweite@example.org'],
			['Dritte', 'dritte@example.org']
		] as const) {
			await register(event.slug, person(name, email), ctx(email === 'zweite@example.org' ? 'ar' : 'de'));
			await deliverAll(t());
			const mail = smtp().mails.at(-1)!;
			tokens[email] = linkToken(mail.parsed.text ?? '', email === 'zweite@example.org' ? 'ar' : 'de', 'anmeldung');
		}
		expect(await confirmRegistration(tokens['erste@example.org']!)).toMatchObject({ status: 'confirmed' });
		expect(await confirmRegistration(tokens['zweite@example.org']!)).toMatchObject({ status: 'waitlisted' });
		expect(await confirmRegistration(tokens['dritte@example.org']!)).toMatchObject({ status: 'waitlisted' });
		expect((await eventRow(event.id)).seatsTaken).toBe(1);
		await deliverAll(t());
		const waitMail = smtp().mails.find((m) => m.to.includes('zweite@example.org') && m.parsed.headers.get('content-language') === 'ar' && /قائمة الانتظار/.test(m.parsed.subject ?? ''));
		expect(waitMail).toBeTruthy();

		const firstConfirmed = smtp().mails.filter((m) => m.to.includes('erste@example.org')).at(-1)!;
		const cancel = linkToken(firstConfirmed.parsed.text ?? '', 'de', 'abmelden');
		expect(await previewLink(cancel, 'cancel')).toMatchObject({ state: 'usable', status: 'confirmed' });
		expect(await cancelRegistration(cancel)).toMatchObject({ status: 'cancelled' });
		expect(await statuses(event.id)).toEqual({ 'erste@example.org': 'cancelled', 'zweite@example.org': 'offered', 'dritte@example.org': 'waitlisted' });
		expect((await eventRow(event.id)).seatsTaken).toBe(1);

		await deliverAll(t());
		const cancelMail = smtp().mails.filter((m) => m.to.includes('erste@example.org')).at(-1)!;
		const cancelIcs = cancelMail.parsed.attachments.find((a) => a.filename?.endsWith('.ics'))!;
		expect(cancelIcs.content.toString('utf8')).toContain('STATUS:CANCELLED');
		const offer = smtp().mails.filter((m) => m.to.includes('zweite@example.org')).at(-1)!;
		expect(offer.parsed.headers.get('content-language')).toBe('ar');
		const accept = linkToken(offer.parsed.text ?? '', 'ar', 'platz');
		expect(await acceptOffer(accept)).toMatchObject({ status: 'confirmed' });
		expect(await acceptOffer(accept)).toEqual({ status: 'used' });
		expect(await statuses(event.id)).toMatchObject({ 'zweite@example.org': 'confirmed', 'dritte@example.org': 'waitlisted' });
		expect((await eventRow(event.id)).seatsTaken).toBe(1);
	});

	it('an offer that lapses expires and moves on to the next person; its accept link then says so', async () => {
		const event = await makeEvent({ capacity: 1, offerHours: 2 });
		const links: Record<string, string> = {};
		for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) {
			await register(event.slug, person(email, email), ctx());
			await deliverAll(t());
			links[email] = linkToken(smtp().mails.at(-1)!.parsed.text ?? '', 'de', 'anmeldung');
			await confirmRegistration(links[email]!);
		}
		await deliverAll(t());
		const cancel = linkToken(smtp().mails.filter((m) => m.to.includes('a@example.org')).at(-1)!.parsed.text ?? '', 'de', 'abmelden');
		await cancelRegistration(cancel);
		await deliverAll(t());
		const offerB = linkToken(smtp().mails.filter((m) => m.to.includes('b@example.org')).at(-1)!.parsed.text ?? '', 'de', 'platz');

		expect(await expireOffers(new Date(Date.now() + HOUR))).toEqual({ expired: 0, offered: 0 });
		const later = new Date(Date.now() + 3 * HOUR);
		expect(await expireOffers(later)).toEqual({ expired: 1, offered: 1 });
		expect(await statuses(event.id)).toEqual({ 'a@example.org': 'cancelled', 'b@example.org': 'expired', 'c@example.org': 'offered' });
		expect((await eventRow(event.id)).seatsTaken).toBe(1);
		expect(await acceptOffer(offerB)).toEqual({ status: 'used' });
		await deliverAll(t());
		const expiredMail = smtp().mails.filter((m) => m.to.includes('b@example.org')).at(-1)!;
		expect(expiredMail.parsed.subject).toContain(event.title);
		expect(smtp().mails.filter((m) => m.to.includes('c@example.org')).at(-1)!.parsed.text).toMatch(/veranstaltungen\/platz\?token=/);
	});

	it('the database refuses more seat holders than the capacity, whatever the code does', async () => {
		const event = await makeEvent({ capacity: 1 });
		const insert = (email: string) =>
			dbPool().query(`insert into event_registrations (event_id, status, name, email, consent_text, seat_at) values ($1, 'confirmed', 'X', $2, 'ok', now())`, [event.id, email]);
		await insert('one@example.org');
		await expect(insert('two@example.org')).rejects.toMatchObject({ code: '23514', constraint: 'events_seats_check' });
		expect((await eventRow(event.id)).seatsTaken).toBe(1);
		await dbPool().query(`update event_registrations set status = 'cancelled' where event_id = $1`, [event.id]);
		expect((await eventRow(event.id)).seatsTaken).toBe(0);
		await dbPool().query(`delete from events where id = $1`, [event.id]);
	});

	it('sends one reminder with the .ics in the day before the event', async () => {
		const now = new Date();
		const soon = await makeEvent({ startsAt: new Date(now.getTime() + 20 * HOUR), capacity: null }, now);
		const later = await makeEvent({ startsAt: new Date(now.getTime() + 3 * DAY), capacity: null }, now);
		for (const e of [soon, later]) {
			await register(e.slug, person('Lea', 'lea@example.org'), ctx('en'));
			await deliverAll(t());
			await confirmRegistration(linkToken(smtp().mails.at(-1)!.parsed.text ?? '', 'en', 'anmeldung'));
		}
		await deliverAll(t());
		const before = smtp().mails.length;
		expect(await sendReminders(now)).toBe(1);
		expect(await sendReminders(now)).toBe(0);
		await deliverAll(t());
		const reminder = smtp().mails.slice(before);
		expect(reminder).toHaveLength(1);
		expect(reminder[0]!.parsed.subject).toBe(`Reminder: ${soon.title}`);
		expect(reminder[0]!.parsed.attachments.some((a) => a.filename === `${soon.slug}.ics`)).toBe(true);
	});

	it('runs the form protection for real submissions: a honeypot is answered like success, nothing stored', async () => {
		const event = await makeEvent();
		const form = person('Bot', 'bot@example.org');
		form.set('website', 'http://spam.example');
		expect(await register(event.slug, form, ctx())).toEqual({ ok: true });
		expect(await t().db.select().from(eventRegistrations)).toHaveLength(0);
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);
	});
});
