import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { AccessDenied, SYSTEM, type Actor } from '../access/policy';
import type { Region, Role } from '../accounts/schema';
import { ensureUser } from '../accounts/service';
import { dbPool } from '../core/db';
import { auditLog } from '../audit/schema';
import { attendeeList, attendeesCsv, createEvents, listStaffEvents, setCheckIn, staffEvent, updateStaffEvent, attendanceStatistics } from './admin';
import { eventRow, makeEvent } from './fixtures.spec-helper';
import { parseEventForm } from './staff-form';

async function user(email: string, role: Role | null, region: Region | null = null): Promise<Actor> {
	const u = await ensureUser(SYSTEM, { email, role, region });
	return { kind: 'user', id: u.id, role, region, label: email };
}

function form(fields: Record<string, string | string[]>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
}

const BASE = {
	title: 'Werkstattforum Sprache',
	kind: 'workshop_forum',
	status: 'published',
	text_locale: 'de',
	online: 'no',
	place: 'Lüneburg',
	postcode: '21335',
	venue_name: 'Rathaus',
	street: 'Am Ochsenmarkt 1',
	start_date: '2031-03-20',
	start_time: '17:00',
	end_time: '19:00',
	step_free: 'yes',
	registration_enabled: 'yes',
	registration_open: 'yes',
	capacity: '2',
	consent_text: 'Einverstanden.',
	offer_hours: '',
	fields: ['sprache'],
	languages: ['de', 'ar'],
	interpretation: ['dgs'],
	questions: ['organisation']
};

async function insertRegistration(eventId: string, name: string, status: string) {
	await dbPool().query(
		`insert into event_registrations (event_id, status, name, email, consent_text, confirmed_at, seat_at, waitlisted_at)
		 values ($1, $2, $3, $4, 'ok', now(), case when $2 = 'confirmed' then now() end, case when $2 = 'waitlisted' then now() end)`,
		[eventId, status, name, `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`]
	);
}

describe('staff: events', () => {
	const t = useTestDatabase({ jobs: true });

	it('parses the form with Berlin times and the region from the place; bad input keeps every value', async () => {
		const ok = await parseEventForm(form(BASE));
		expect(ok.ok).toBe(true);
		if (!ok.ok) return;
		expect(ok.event).toMatchObject({ region: 'lueneburg', placeName: 'Lüneburg', capacity: 2, offerHours: 24, interpretation: ['dgs'] });
		expect(ok.event.startsAt.toISOString()).toBe('2031-03-20T16:00:00.000Z');
		const bad = await parseEventForm(form({ ...BASE, title: '', end_time: '16:00', capacity: '0', place: 'Atlantis', postcode: '' }));
		expect(bad).toMatchObject({ ok: false, values: { title: '', end_time: '16:00', capacity: '0', place: 'Atlantis', languages: ['de', 'ar'] } });
		if (bad.ok) return;
		expect(bad.errors).toMatchObject({ title: 'events_staff_error_title', capacity: 'events_staff_error_capacity' });
		const gap = await parseEventForm(form({ ...BASE, start_date: '2031-03-30', start_time: '02:30', end_time: '05:00' }));
		expect(gap).toMatchObject({ ok: false, errors: { start_time: 'events_staff_error_time_gap' } });
		const noConsent = await parseEventForm(form({ ...BASE, consent_text: '' }));
		expect(noConsent).toMatchObject({ ok: false, errors: { consent_text: 'events_staff_error_consent_text' } });
	});

	it('creates a weekly series across the DST change at the same wall-clock time, with a shared series id', async () => {
		const editor = await user('redaktion@example.org', 'editor');
		const parsed = await parseEventForm(form({ ...BASE, repeat: 'weekly', repeat_count: '3' }));
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const saved = await createEvents(editor, parsed);
		expect(saved).toMatchObject({ ok: true, slugs: ['werkstattforum-sprache-2031-03-20', 'werkstattforum-sprache-2031-03-27', 'werkstattforum-sprache-2031-04-03'] });
		const rows = await dbPool().query<{ starts_at: Date; series_id: string }>(`select starts_at, series_id from events order by starts_at`);
		// 17:00 in Berlin: UTC+1 before 30 March 2031, UTC+2 after.
		expect(rows.rows.map((r) => r.starts_at.toISOString())).toEqual(['2031-03-20T16:00:00.000Z', '2031-03-27T16:00:00.000Z', '2031-04-03T15:00:00.000Z']);
		expect(new Set(rows.rows.map((r) => r.series_id)).size).toBe(1);
		expect((await t().db.select().from(auditLog)).filter((a) => a.action === 'events.create')).toHaveLength(3);
	});

	it('regional moderators manage their region only; nobody without a role gets in', async () => {
		const regional = await user('ems@example.org', 'regional', 'weser-ems');
		const lueneburg = await makeEvent({ region: 'lueneburg' });
		const emsland = await makeEvent({ region: 'weser-ems' });
		const list = await listStaffEvents(regional);
		expect(list.map((e) => e.id)).toEqual([emsland.id]);
		await expect(staffEvent(regional, lueneburg.id)).rejects.toBeInstanceOf(AccessDenied);
		const parsed = await parseEventForm(form(BASE));
		if (!parsed.ok) throw new Error('form');
		await expect(createEvents(regional, parsed)).rejects.toBeInstanceOf(AccessDenied);
		const nobody = await user('jemand@example.org', null);
		await expect(listStaffEvents(nobody)).rejects.toBeInstanceOf(AccessDenied);
	});

	it('refuses a capacity below the held seats; a larger one offers the new seat to the waitlist', async () => {
		const admin = await user('admin@example.org', 'admin');
		const event = await makeEvent({ capacity: 1, region: 'lueneburg' });
		await insertRegistration(event.id, 'Sitzt Schon', 'confirmed');
		await insertRegistration(event.id, 'Wartet Noch', 'waitlisted');
		const values = { ...BASE, start_date: event.startsAt.toISOString().slice(0, 10) };
		const zero = await parseEventForm(form({ ...values, capacity: '1' }));
		if (!zero.ok) throw new Error('form');
		const smaller = { ...zero, event: { ...zero.event, capacity: 0 } };
		expect(await updateStaffEvent(admin, event.id, smaller)).toEqual({ ok: false, errors: { capacity: 'events_staff_error_capacity_below_seats' } });
		const two = await parseEventForm(form({ ...values, capacity: '2' }));
		if (!two.ok) throw new Error('form');
		expect(await updateStaffEvent(admin, event.id, two)).toMatchObject({ ok: true });
		const statuses = await dbPool().query<{ name: string; status: string }>(`select name, status from event_registrations where event_id = $1 order by name`, [event.id]);
		expect(statuses.rows).toEqual([
			{ name: 'Sitzt Schon', status: 'confirmed' },
			{ name: 'Wartet Noch', status: 'offered' }
		]);
		expect((await eventRow(event.id)).seatsTaken).toBe(2);
	});

	it('attendee list and CSV hold confirmed people only; check-in ticks off and counts', async () => {
		const admin = await user('admin@example.org', 'admin');
		const event = await makeEvent({ capacity: 5 });
		await insertRegistration(event.id, 'Amira Haddad', 'confirmed');
		await insertRegistration(event.id, '=HYPERLINK("x")', 'confirmed');
		await insertRegistration(event.id, 'Wartende Person', 'waitlisted');
		await insertRegistration(event.id, 'Offene Anmeldung', 'pending');
		const list = await attendeeList(admin, event.id);
		expect(list!.attendees.map((a) => a.name)).toEqual(['=HYPERLINK("x")', 'Amira Haddad']);
		const csv = await attendeesCsv(admin, event.id, ['Name', 'E-Mail', 'Organisation', 'Essen', 'Barrierefreiheit', 'Dolmetschen', 'Eingecheckt']);
		expect(csv!.csv.startsWith('\ufeffName;E-Mail;')).toBe(true);
		expect(csv!.csv).toContain(`"'=HYPERLINK(""x"")"`);
		expect(csv!.csv).not.toContain('Wartende');
		expect(csv!.csv).not.toContain('Offene');

		const search = await attendeeList(admin, event.id, 'amira');
		const amira = search!.attendees[0]!;
		expect(search!.attendees).toHaveLength(1);
		expect(await setCheckIn(admin, event.id, amira.id, true)).toBe(true);
		const waiting = await dbPool().query<{ id: string }>(`select id from event_registrations where status = 'waitlisted'`);
		expect(await setCheckIn(admin, event.id, waiting.rows[0]!.id, true)).toBe(false);
		expect((await attendeeList(admin, event.id, 'amira'))!.attendees[0]!.checkedInAt).toBeInstanceOf(Date);
		const stats = await attendanceStatistics(admin, new Date(Date.now() - 86_400_000));
		expect(stats).toEqual([expect.objectContaining({ kind: 'regional_conference', region: 'lueneburg', events: 1, confirmed: 2, checkedIn: 1 })]);
		expect((await t().db.select().from(auditLog)).map((a) => a.action)).toEqual(expect.arrayContaining(['events.checkin', 'events.attendees.export']));
	});
});
