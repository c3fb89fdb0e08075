/**
 * Staff side of events: create and edit (incl. series), attendee lists with
 * CSV export, phone check-in and attendance counts. Admins and editors see
 * every event; regional moderators those of their region.
 */
import { randomUUID } from 'node:crypto';
import { requireAccess, type Actor } from '../access/policy';
import type { Region } from '../accounts/schema';
import { record } from '../audit/service';
import { dbPool, transaction } from '../core/db';
import { slugify } from '../atlas/write/slug';
import { offerFreeSeats } from './registration';
import * as repo from './repository';
import type { AttendeeRow, EventRow, EventWrite, Queryable } from './repository';
import { recurringDates, type ParsedEventForm } from './staff-form';
import { addDays, berlinInstant, berlinWallClock } from './time';

/** null: every region and state-wide events; else only these regions. */
export function staffRegions(actor: Actor): Region[] | null {
	requireAccess(actor, 'events.manage');
	if (actor.kind === 'user' && actor.role === 'regional' && actor.region) return [actor.region];
	return null;
}

function requireEvent(actor: Actor, e: Pick<EventRow, 'region'>): void {
	requireAccess(actor, 'events.manage', { region: e.region });
}

export interface StaffEventItem {
	id: string;
	slug: string;
	title: string;
	kind: EventRow['kind'];
	status: EventRow['status'];
	region: Region | null;
	startsAt: string;
	endsAt: string;
	capacity: number | null;
	seatsTaken: number;
	registrationEnabled: boolean;
	counts: { confirmed: number; waitlisted: number; offered: number; checkedIn: number };
}

export async function listStaffEvents(actor: Actor, opts: { past?: boolean } = {}, now = new Date()): Promise<StaffEventItem[]> {
	const regions = staffRegions(actor);
	const res = await dbPool().query<StaffEventItem & { confirmed: string; waitlisted: string; offered: string; checkedIn: string }>(
		`select e.id, e.slug, e.title, e.kind, e.status, e.region, e.starts_at as "startsAt", e.ends_at as "endsAt", e.capacity,
			e.seats_taken as "seatsTaken", e.registration_enabled as "registrationEnabled",
			count(r.id) filter (where r.status = 'confirmed') as confirmed,
			count(r.id) filter (where r.status = 'waitlisted') as waitlisted,
			count(r.id) filter (where r.status = 'offered') as offered,
			count(r.checked_in_at) filter (where r.status = 'confirmed') as "checkedIn"
		 from events e left join event_registrations r on r.event_id = e.id
		 where ($1::text[] is null or e.region = any($1::text[])) and e.status <> 'submitted' and e.status <> 'rejected'
		   -- Community events whose sender has not verified the address yet are nobody's work (community.ts).
		   and not (e.kind = 'community' and e.status = 'draft' and e.submitted_at is null and e.submitter_email is not null)
		   and (case when $2 then e.ends_at <= $3 else e.ends_at > $3 end)
		 group by e.id order by e.starts_at ${opts.past ? 'desc' : 'asc'} limit 300`,
		[regions, !!opts.past, now]
	);
	return res.rows.map((r) => ({
		id: r.id,
		slug: r.slug,
		title: r.title,
		kind: r.kind,
		status: r.status,
		region: r.region,
		startsAt: new Date(r.startsAt).toISOString(),
		endsAt: new Date(r.endsAt).toISOString(),
		capacity: r.capacity,
		seatsTaken: r.seatsTaken,
		registrationEnabled: r.registrationEnabled,
		counts: { confirmed: Number(r.confirmed), waitlisted: Number(r.waitlisted), offered: Number(r.offered), checkedIn: Number(r.checkedIn) }
	}));
}

export async function staffEvent(actor: Actor, id: string): Promise<EventRow | null> {
	requireAccess(actor, 'events.manage');
	const e = await repo.findEventById(dbPool(), id);
	if (!e) return null;
	requireEvent(actor, e);
	return e;
}

/** Paths under /veranstaltungen/ that are pages of their own. */
const RESERVED_SLUGS = new Set(['anmeldung', 'abmelden', 'platz', 'eintragen']);

export async function uniqueSlug(q: Queryable, base: string): Promise<string> {
	const b = !base ? 'veranstaltung' : RESERVED_SLUGS.has(base) ? `${base}-veranstaltung` : base;
	const taken = await repo.slugsLike(q, b);
	if (!taken.has(b)) return b;
	for (let n = 2; ; n++) if (!taken.has(`${b}-${n}`)) return `${b}-${n}`;
}

export type SaveOutcome = { ok: true; id: string; slugs: string[] } | { ok: false; errors: Record<string, string> };

/** Creates one event, or a series (same times on every date, shared series id). */
export async function createEvents(
	actor: Actor,
	form: Extract<ParsedEventForm, { ok: true }>,
	opts: { demo?: boolean; projectId?: string | null; now?: Date; requestId?: string } = {}
): Promise<SaveOutcome> {
	requireAccess(actor, 'events.manage', { region: form.event.region });
	const now = opts.now ?? new Date();
	const start = berlinWallClock(form.event.startsAt);
	const end = berlinWallClock(form.event.endsAt);
	const spanDays = Math.round((Date.parse(end.date) - Date.parse(start.date)) / 86_400_000);
	const dates = recurringDates(start.date, form.repeat, form.repeatCount);
	const seriesId = dates.length > 1 ? randomUUID() : null;
	return transaction(async (tx, client) => {
		const created: EventRow[] = [];
		for (const date of dates) {
			const startsAt = berlinInstant(date, start.time);
			const endsAt = berlinInstant(addDays(date, spanDays), end.time);
			// A date whose time falls into the spring DST gap is skipped rather than shifted silently.
			if (!startsAt || !endsAt) continue;
			const shift = startsAt.getTime() - form.event.startsAt.getTime();
			const write: EventWrite & { createdBy: string | null } = {
				...form.event,
				startsAt,
				endsAt,
				registrationOpensAt: form.event.registrationOpensAt && new Date(form.event.registrationOpensAt.getTime() + shift),
				registrationClosesAt: form.event.registrationClosesAt && new Date(form.event.registrationClosesAt.getTime() + shift),
				seriesId,
				projectId: opts.projectId ?? null,
				demo: opts.demo ?? false,
				createdBy: actor.kind === 'user' ? actor.id : null
			};
			const base = slugify(form.event.title);
			const slug = await uniqueSlug(client, seriesId ? `${base || 'veranstaltung'}-${date}` : base);
			const row = await repo.insertEvent(client, slug, write, now);
			created.push(row);
			await record(actor, { action: 'events.create', entity: 'event', entityId: row.id, after: { slug, status: row.status, seriesId }, requestId: opts.requestId }, tx);
		}
		if (created.length === 0) return { ok: false, errors: { start_time: 'events_staff_error_time_gap' } };
		return { ok: true, id: created[0]!.id, slugs: created.map((c) => c.slug) };
	});
}

/**
 * Edits one event. The capacity cannot go below the seats already held; a
 * larger capacity (or reopening) hands the new seats to the waitlist at once.
 */
export async function updateStaffEvent(
	actor: Actor,
	id: string,
	form: Extract<ParsedEventForm, { ok: true }>,
	opts: { now?: Date; requestId?: string } = {}
): Promise<SaveOutcome | { ok: false; notFound: true }> {
	const now = opts.now ?? new Date();
	return transaction(async (tx, client) => {
		const before = await repo.findEventById(client, id, { forUpdate: true });
		if (!before) return { ok: false, notFound: true };
		requireEvent(actor, before);
		requireAccess(actor, 'events.manage', { region: form.event.region });
		if (form.event.capacity !== null && form.event.capacity < before.seatsTaken) {
			return { ok: false, errors: { capacity: 'events_staff_error_capacity_below_seats' } };
		}
		await repo.updateEvent(client, id, form.event, now);
		await record(
			actor,
			{
				action: 'events.update',
				entity: 'event',
				entityId: id,
				before: { status: before.status, capacity: before.capacity, startsAt: before.startsAt, registrationOpen: before.registrationOpen },
				after: { status: form.event.status, capacity: form.event.capacity, startsAt: form.event.startsAt, registrationOpen: form.event.registrationOpen },
				requestId: opts.requestId
			},
			tx
		);
		await offerFreeSeats({ tx, client }, id, now, actor);
		return { ok: true, id, slugs: [before.slug] };
	});
}

export async function attendeeList(actor: Actor, eventId: string, search?: string): Promise<{ event: EventRow; attendees: AttendeeRow[] } | null> {
	const event = await staffEvent(actor, eventId);
	if (!event) return null;
	const q = search?.trim().slice(0, 100) || undefined;
	return { event, attendees: await repo.attendees(dbPool(), eventId, q) };
}

export async function registrationCounts(actor: Actor, eventId: string) {
	const event = await staffEvent(actor, eventId);
	if (!event) return null;
	return repo.statusCounts(dbPool(), eventId);
}

/** A CSV cell that spreadsheet programs cannot mistake for a formula (CWE-1236). */
function csvCell(v: string | null | undefined): string {
	let s = v ?? '';
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Semicolon-separated, UTF-8 with BOM (Excel in Germany opens it as is); confirmed attendees only. */
export async function attendeesCsv(actor: Actor, eventId: string, headers: string[], requestId?: string): Promise<{ event: EventRow; csv: string } | null> {
	const list = await attendeeList(actor, eventId);
	if (!list) return null;
	const lines = [headers.map(csvCell).join(';')];
	for (const a of list.attendees) {
		lines.push(
			[a.name, a.email, a.organisation, a.dietary, a.accessibilityNeeds, a.interpreterLanguage, a.checkedInAt ? a.checkedInAt.toISOString() : '']
				.map(csvCell)
				.join(';')
		);
	}
	await record(actor, { action: 'events.attendees.export', entity: 'event', entityId: eventId, after: { rows: list.attendees.length }, requestId });
	return { event: list.event, csv: '\ufeff' + lines.join('\r\n') + '\r\n' };
}

export async function setCheckIn(actor: Actor, eventId: string, registrationId: string, present: boolean, now = new Date(), requestId?: string): Promise<boolean> {
	const event = await staffEvent(actor, eventId);
	if (!event || !/^[0-9a-f-]{36}$/i.test(registrationId)) return false;
	return transaction(async (tx, client) => {
		const ok = await repo.setCheckedIn(client, eventId, registrationId, present ? now : null, present && actor.kind === 'user' ? actor.id : null);
		if (ok) await record(actor, { action: present ? 'events.checkin' : 'events.checkin.undo', entity: 'event_registration', entityId: registrationId, requestId }, tx);
		return ok;
	});
}

export async function attendanceStatistics(actor: Actor, since: Date) {
	return repo.attendanceCounts(dbPool(), since, staffRegions(actor));
}
