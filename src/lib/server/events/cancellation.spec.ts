import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../tests/helpers/use-smtp';
import type { ReceivedMail } from '../../../../tests/helpers/smtp';
import { AccessDenied, SYSTEM, type Actor } from '../access/policy';
import type { Region, Role } from '../accounts/schema';
import { ensureUser } from '../accounts/service';
import { auditLog } from '../audit/schema';
import { config } from '../core/config';
import { dbPool } from '../core/db';
import { deliver } from '../mail/service';
import { mailOutbox } from '../mail/schema';
import { feedIcs } from './calendar';
import { parseEventFilter } from './contract';
import { cancelEvent, cancellationOf, cancellationPreview } from './cancellation';
import { eventRow, makeEvent, registrationForm } from './fixtures.spec-helper';
import { presentApiItem } from './presenter';
import { cancelRegistration, confirmRegistration, register } from './registration';
import { calendarRows, getPublicEvent } from './service';

type T = ReturnType<ReturnType<typeof useTestDatabase>>;

async function user(email: string, role: Role | null, region: Region | null = null): Promise<Actor> {
	const u = await ensureUser(SYSTEM, { email, role, region });
	return { kind: 'user', id: u.id, role, region, label: email };
}

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

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

function calendarOf(mail: ReceivedMail) {
	const ics = mail.parsed.attachments.find((a) => a.filename?.endsWith('.ics'));
	if (!ics) return null;
	const cal = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')));
	return { cal, vevent: cal.getFirstSubcomponent('vevent')!, contentType: ics.contentType };
}

async function statuses(eventId: string) {
	const rows = await dbPool().query<{ email: string; status: string }>('select email, status from event_registrations where event_id = $1', [eventId]);
	return Object.fromEntries(rows.rows.map((r) => [r.email, r.status]));
}

/** Registers and (unless `pending`) confirms one person; returns the mails' tokens. */
async function signUp(t: T, smtp: () => { mails: ReceivedMail[] }, slug: string, name: string, email: string, locale: string, pending = false) {
	expect(await register(slug, registrationForm({ name, email, consent: 'yes' }), { ip: '203.0.113.9', locale, trusted: true })).toEqual({ ok: true });
	await deliverAll(t);
	const doi = smtp().mails.filter((m) => m.to.includes(email)).pop()!;
	const confirmToken = linkToken(doi.parsed.text ?? '', locale, 'anmeldung');
	if (pending) return { confirmToken, mail: doi };
	await confirmRegistration(confirmToken);
	await deliverAll(t);
	return { confirmToken, mail: smtp().mails.filter((m) => m.to.includes(email)).pop()! };
}

describe('staff cancellation of an event', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();

	it('cancels every live registration in one go and mails each person in their language with an iTIP CANCEL', async () => {
		const admin = await user('admin@example.org', 'admin');
		const event = await makeEvent({ capacity: 2, title: 'Regionalkonferenz Lüneburg: Arbeit, Sprache; Wohnen' });
		const first = await signUp(t(), smtp, event.slug, 'Anna Becker', 'anna@example.org', 'de');
		const second = await signUp(t(), smtp, event.slug, 'سلمى العلي', 'salma@example.org', 'ar');
		await signUp(t(), smtp, event.slug, 'يوسف حداد', 'yusuf@example.org', 'ar');
		await signUp(t(), smtp, event.slug, 'Jan Peters', 'jan@example.org', 'de');
		const pending = await signUp(t(), smtp, event.slug, 'Petra Lang', 'petra@example.org', 'de', true);
		// Anna cancels herself: Yusuf (first on the waitlist) gets her seat as an offer; Anna hears nothing more.
		await cancelRegistration(linkToken(first.mail.parsed.text ?? '', 'de', 'abmelden'));
		await deliverAll(t());
		expect(await statuses(event.id)).toEqual({
			'anna@example.org': 'cancelled',
			'salma@example.org': 'confirmed',
			'yusuf@example.org': 'offered',
			'jan@example.org': 'waitlisted',
			'petra@example.org': 'pending'
		});
		expect((await eventRow(event.id)).seatsTaken).toBe(2);
		const confirmation = calendarOf(second.mail)!;
		const sequenceBefore = Number(confirmation.vevent.getFirstPropertyValue('sequence'));

		const preview = await cancellationPreview(admin, event.id);
		expect(preview?.affected).toEqual({ pending: 1, confirmed: 1, waitlisted: 1, offered: 1, total: 4 });
		const mailsBefore = smtp().mails.length;
		const reason = 'Der Saal ist wegen eines Wasserschadens gesperrt; einen neuen Termin geben wir bekannt.';
		const outcome = await cancelEvent(admin, event.id, form({ reason: `  ${reason} `, confirm: 'yes' }), { requestId: 'req-cancel' });
		expect(outcome).toEqual({ ok: true, notified: 4 });

		const after = await eventRow(event.id);
		expect(after.status).toBe('cancelled');
		expect(after.seatsTaken).toBe(0);
		expect(Object.values(await statuses(event.id))).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
		expect((await cancellationOf(event.id))?.reason).toBe(reason);
		// The old links no longer act: the pending person's confirmation link is spent.
		expect(await confirmRegistration(pending.confirmToken)).toEqual({ status: 'used' });

		await deliverAll(t());
		const sent = smtp().mails.slice(mailsBefore);
		expect(sent.map((m) => m.to[0]).sort()).toEqual(['jan@example.org', 'petra@example.org', 'salma@example.org', 'yusuf@example.org']);
		const to = (email: string) => sent.find((m) => m.to.includes(email))!;
		for (const [email, lang] of [
			['salma@example.org', 'ar'],
			['yusuf@example.org', 'ar'],
			['jan@example.org', 'de'],
			['petra@example.org', 'de']
		] as const) {
			const mail = to(email);
			expect(mail.parsed.headers.get('content-language')).toBe(lang);
			expect(mail.parsed.text).toContain(reason);
			expect(mail.parsed.subject).toContain(event.title);
			expect(mail.parsed.subject).toMatch(lang === 'ar' ? /^أُلغيت الفعالية/ : /^Abgesagt:/);
		}
		// People who had confirmed get the calendar file that removes the date; the pending person a short note.
		expect(calendarOf(to('petra@example.org'))).toBeNull();
		expect(to('petra@example.org').parsed.text).toContain('noch nicht bestätigt');
		for (const email of ['salma@example.org', 'yusuf@example.org', 'jan@example.org']) {
			const ics = calendarOf(to(email))!;
			expect(ics.contentType).toBe('text/calendar');
			expect(ics.cal.getFirstPropertyValue('method')).toBe('CANCEL');
			expect(ics.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
			expect(ics.vevent.getFirstPropertyValue('uid')).toBe(confirmation.vevent.getFirstPropertyValue('uid'));
			expect(Number(ics.vevent.getFirstPropertyValue('sequence'))).toBeGreaterThan(sequenceBefore);
			expect(ics.vevent.getFirstPropertyValue('summary')).toBe(event.title);
			expect(String(ics.vevent.getFirstPropertyValue('attendee'))).toBe(`mailto:${email}`);
			expect(String(ics.vevent.getFirstPropertyValue('organizer'))).toBe(`mailto:${event.contactEmail}`);
		}
		expect(to('salma@example.org').parsed.text).toContain('ملف تقويم');

		const audit = await t().db.select().from(auditLog).where(eq(auditLog.action, 'events.cancel'));
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ entityId: event.id, requestId: 'req-cancel' });
		expect(JSON.stringify(audit[0]!.after)).toContain('"notified":4');

		// Public side: still listed, marked; the registration form is gone; feeds say cancelled.
		const detail = (await getPublicEvent(event.slug))!;
		expect(detail.cancelled).toBe(true);
		expect(detail.registration).toEqual({ state: 'cancelled' });
		const rows = await calendarRows(parseEventFilter(new URLSearchParams('region=lueneburg')), 50);
		const row = rows.find((r) => r.id === event.id)!;
		expect(presentApiItem(row, config().origin, 'de')).toMatchObject({ cancelled: true, registration: { state: 'cancelled' } });
		const feed = new ICAL.Component(ICAL.parse(feedIcs([row], 'de')));
		const fromFeed = feed.getFirstSubcomponent('vevent')!;
		expect(fromFeed.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(Number(fromFeed.getFirstPropertyValue('sequence'))).toBeGreaterThan(sequenceBefore);
	});

	it('refuses without a reason or the confirmation, keeps what was typed, and changes nothing', async () => {
		const admin = await user('admin@example.org', 'admin');
		const event = await makeEvent({ capacity: 5 });
		await signUp(t(), smtp, event.slug, 'Anna Becker', 'anna@example.org', 'de');
		const noReason = await cancelEvent(admin, event.id, form({ reason: '   ', confirm: 'yes' }));
		expect(noReason).toEqual({ ok: false, values: { reason: '   ', confirm: 'yes' }, errors: { reason: 'events_staff_cancel_error_reason' } });
		const noConfirm = await cancelEvent(admin, event.id, form({ reason: 'Krankheit der Referentin' }));
		expect(noConfirm).toEqual({ ok: false, values: { reason: 'Krankheit der Referentin', confirm: '' }, errors: { confirm: 'events_staff_cancel_error_confirm' } });
		const tooLong = await cancelEvent(admin, event.id, form({ reason: 'x'.repeat(1001), confirm: 'yes' }));
		expect(tooLong).toMatchObject({ ok: false, errors: { reason: 'events_staff_cancel_error_reason_long' } });
		expect((await eventRow(event.id)).status).toBe('published');
		expect(await statuses(event.id)).toEqual({ 'anna@example.org': 'confirmed' });
		expect(await t().db.select().from(mailOutbox).where(eq(mailOutbox.template, 'events.event.cancelled'))).toHaveLength(0);

		expect(await cancelEvent(admin, event.id, form({ reason: 'Krankheit der Referentin', confirm: 'yes' }))).toEqual({ ok: true, notified: 1 });
		expect(await cancelEvent(admin, event.id, form({ reason: 'Noch einmal', confirm: 'yes' }))).toEqual({ ok: false, state: 'already' });
		expect((await cancellationOf(event.id))?.reason).toBe('Krankheit der Referentin');
		const draft = await makeEvent({ status: 'draft' });
		expect(await cancelEvent(admin, draft.id, form({ reason: 'Entfällt', confirm: 'yes' }))).toEqual({ ok: false, state: 'not_published' });
		expect(await cancelEvent(admin, '00000000-0000-4000-8000-000000000000', form({ reason: 'Entfällt', confirm: 'yes' }))).toEqual({ ok: false, state: 'not_found' });
	});

	it('a regional office cancels only events of its own region', async () => {
		const event = await makeEvent({ region: 'lueneburg' });
		const ems = await user('ems@example.org', 'regional', 'weser-ems');
		const lueneburg = await user('lg@example.org', 'regional', 'lueneburg');
		const nobody = await user('jemand@example.org', null);
		await expect(cancelEvent(ems, event.id, form({ reason: 'Entfällt', confirm: 'yes' }))).rejects.toBeInstanceOf(AccessDenied);
		await expect(cancelEvent(nobody, event.id, form({ reason: 'Entfällt', confirm: 'yes' }))).rejects.toBeInstanceOf(AccessDenied);
		await expect(cancellationPreview(ems, event.id)).rejects.toBeInstanceOf(AccessDenied);
		expect((await eventRow(event.id)).status).toBe('published');
		expect(await cancelEvent(lueneburg, event.id, form({ reason: 'Entfällt', confirm: 'yes' }))).toEqual({ ok: true, notified: 0 });
	});
});
