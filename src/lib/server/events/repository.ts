/** All SQL of the events module. Functions take a pool or a transaction's client. */
import type pg from 'pg';
import type { ActionField, Tristate } from '../../atlas/taxonomy';
import type { EventKind, EventQuestion, EventStatus, EventTokenPurpose, OnlineMode, RegistrationStatus } from '../../events/vocabulary';
import type { Region } from '../accounts/schema';

export type Queryable = pg.Pool | pg.PoolClient;

export interface EventRow {
	id: string;
	slug: string;
	kind: EventKind;
	status: EventStatus;
	title: string;
	description: string;
	textLocale: string;
	fields: ActionField[];
	region: Region | null;
	online: OnlineMode;
	onlineUrl: string | null;
	venueName: string | null;
	street: string | null;
	postcode: string | null;
	placeName: string | null;
	ags: string | null;
	districtKey: string | null;
	lat: number | null;
	lon: number | null;
	startsAt: Date;
	endsAt: Date;
	stepFree: Tristate;
	accessibility: string;
	languages: string[];
	interpretation: string[];
	organiser: string;
	contactEmail: string | null;
	contactPhone: string | null;
	website: string | null;
	seriesId: string | null;
	projectId: string | null;
	registrationEnabled: boolean;
	registrationOpen: boolean;
	capacity: number | null;
	seatsTaken: number;
	registrationOpensAt: Date | null;
	registrationClosesAt: Date | null;
	questions: EventQuestion[];
	consentText: string;
	offerHours: number;
	demo: boolean;
	createdAt: Date;
	updatedAt: Date;
	publishedAt: Date | null;
}

export const EVENT_COLUMNS = `e.id, e.slug, e.kind, e.status, e.title, e.description, e.text_locale as "textLocale", e.fields, e.region, e.online,
	e.online_url as "onlineUrl", e.venue_name as "venueName", e.street, e.postcode, e.place_name as "placeName", e.ags,
	e.district_key as "districtKey", e.lat, e.lon, e.starts_at as "startsAt", e.ends_at as "endsAt", e.step_free as "stepFree",
	e.accessibility, e.languages, e.interpretation, e.organiser, e.contact_email as "contactEmail", e.contact_phone as "contactPhone",
	e.website, e.series_id as "seriesId", e.project_id as "projectId", e.registration_enabled as "registrationEnabled",
	e.registration_open as "registrationOpen", e.capacity, e.seats_taken as "seatsTaken", e.registration_opens_at as "registrationOpensAt",
	e.registration_closes_at as "registrationClosesAt", e.questions, e.consent_text as "consentText", e.offer_hours as "offerHours",
	e.demo, e.created_at as "createdAt", e.updated_at as "updatedAt", e.published_at as "publishedAt"`;

/** What a writer sets on an event (everything but ids, counters and timestamps). */
export type EventWrite = Omit<EventRow, 'id' | 'slug' | 'seatsTaken' | 'createdAt' | 'updatedAt' | 'publishedAt'>;

const WRITE_COLUMNS: [keyof EventWrite, string][] = [
	['kind', 'kind'],
	['status', 'status'],
	['title', 'title'],
	['description', 'description'],
	['textLocale', 'text_locale'],
	['fields', 'fields'],
	['region', 'region'],
	['online', 'online'],
	['onlineUrl', 'online_url'],
	['venueName', 'venue_name'],
	['street', 'street'],
	['postcode', 'postcode'],
	['placeName', 'place_name'],
	['ags', 'ags'],
	['districtKey', 'district_key'],
	['lat', 'lat'],
	['lon', 'lon'],
	['startsAt', 'starts_at'],
	['endsAt', 'ends_at'],
	['stepFree', 'step_free'],
	['accessibility', 'accessibility'],
	['languages', 'languages'],
	['interpretation', 'interpretation'],
	['organiser', 'organiser'],
	['contactEmail', 'contact_email'],
	['contactPhone', 'contact_phone'],
	['website', 'website'],
	['seriesId', 'series_id'],
	['projectId', 'project_id'],
	['registrationEnabled', 'registration_enabled'],
	['registrationOpen', 'registration_open'],
	['capacity', 'capacity'],
	['registrationOpensAt', 'registration_opens_at'],
	['registrationClosesAt', 'registration_closes_at'],
	['questions', 'questions'],
	['consentText', 'consent_text'],
	['offerHours', 'offer_hours'],
	['demo', 'demo'],
	['createdBy' as keyof EventWrite, 'created_by']
];

export async function insertEvent(q: Queryable, slug: string, e: EventWrite & { createdBy?: string | null }, now: Date): Promise<EventRow> {
	const cols = WRITE_COLUMNS.filter(([key]) => key in e);
	const values = cols.map(([key]) => (e as unknown as Record<string, unknown>)[key]);
	const res = await q.query<{ id: string }>(
		`insert into events (slug, ${cols.map(([, c]) => c).join(', ')}, created_at, updated_at, published_at)
		 values ($1, ${cols.map((_, i) => `$${i + 2}`).join(', ')}, $${cols.length + 2}, $${cols.length + 2}, case when $${cols.length + 3}::text = 'published' then $${cols.length + 2}::timestamptz end)
		 returning id`,
		[slug, ...values, now, e.status]
	);
	return (await findEventById(q, res.rows[0]!.id))!;
}

export async function updateEvent(q: Queryable, id: string, e: Partial<EventWrite>, now: Date): Promise<void> {
	const cols = WRITE_COLUMNS.filter(([key]) => key in e && key !== ('createdBy' as keyof EventWrite));
	if (cols.length === 0) return;
	const values = cols.map(([key]) => (e as Record<string, unknown>)[key]);
	await q.query(
		`update events set ${cols.map(([, c], i) => `${c} = $${i + 2}`).join(', ')}, updated_at = $${cols.length + 2},
			published_at = case when status = 'published' then coalesce(published_at, $${cols.length + 2}) else published_at end
		 where id = $1`,
		[id, ...values, now]
	);
}

export async function findEventById(q: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<EventRow | undefined> {
	if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
	const res = await q.query<EventRow>(`select ${EVENT_COLUMNS} from events e where e.id = $1${opts.forUpdate ? ' for update' : ''}`, [id]);
	return res.rows[0];
}

export async function findEventBySlug(q: Queryable, slug: string): Promise<EventRow | undefined> {
	const res = await q.query<EventRow>(`select ${EVENT_COLUMNS} from events e where e.slug = $1`, [slug]);
	return res.rows[0];
}

export async function slugsLike(q: Queryable, base: string): Promise<Set<string>> {
	const res = await q.query<{ slug: string }>(`select slug from events where slug = $1 or slug like $2`, [base, `${base.replace(/[\\%_]/g, '\\$&')}-%`]);
	return new Set(res.rows.map((r) => r.slug));
}

export interface ListQuery {
	kind: string[];
	region: string[];
	field: string[];
	/** Instants bounding the events' time span. */
	endsAfter?: Date;
	startsBefore?: Date;
	/** Past events: ends before this instant. */
	endedBefore?: Date;
	near?: { lat: number; lon: number; radiusKm: number };
	order: 'asc' | 'desc';
	limit: number;
	offset: number;
	statuses?: string[];
}

/** Great-circle distance in km from a point given as two parameters (no PostGIS needed). */
const distanceSql = (lat: string, lon: string) =>
	`(2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(e.lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(e.lat)) * power(sin(radians(e.lon - ${lon}) / 2), 2)))))`;

export async function listEvents(q: Queryable, l: ListQuery): Promise<{ rows: (EventRow & { distanceKm: number | null })[]; total: number }> {
	const where: string[] = [];
	const params: unknown[] = [];
	const p = (v: unknown) => {
		params.push(v);
		return `$${params.length}`;
	};
	where.push(`e.status = any(${p(l.statuses ?? ['published'])}::text[])`);
	if (l.kind.length) where.push(`e.kind = any(${p(l.kind)}::text[])`);
	if (l.region.length) where.push(`e.region = any(${p(l.region)}::text[])`);
	if (l.field.length) where.push(`e.fields && ${p(l.field)}::text[]`);
	if (l.endsAfter) where.push(`e.ends_at > ${p(l.endsAfter)}`);
	if (l.endedBefore) where.push(`e.ends_at <= ${p(l.endedBefore)}`);
	if (l.startsBefore) where.push(`e.starts_at < ${p(l.startsBefore)}`);
	let distance = 'null::double precision';
	if (l.near) {
		distance = distanceSql(p(l.near.lat), p(l.near.lon));
		where.push(`e.lat is not null and ${distance} <= ${p(l.near.radiusKm)}`);
	}
	const whereSql = where.join(' and ');
	const count = await q.query<{ n: string }>(`select count(*) as n from events e where ${whereSql}`, params);
	const rows = await q.query<EventRow & { distanceKm: number | null }>(
		`select ${EVENT_COLUMNS}, ${distance} as "distanceKm" from events e where ${whereSql}
		 order by e.starts_at ${l.order}, e.id limit ${p(l.limit)} offset ${p(l.offset)}`,
		params
	);
	return { rows: rows.rows, total: Number(count.rows[0]!.n) };
}

export async function seriesDates(q: Queryable, seriesId: string): Promise<{ slug: string; startsAt: Date; endsAt: Date }[]> {
	const res = await q.query<{ slug: string; startsAt: Date; endsAt: Date }>(
		`select slug, starts_at as "startsAt", ends_at as "endsAt" from events where series_id = $1 and status = 'published' order by starts_at`,
		[seriesId]
	);
	return res.rows;
}

// ——— Registrations ———

export interface RegistrationRow {
	id: string;
	eventId: string;
	status: RegistrationStatus;
	name: string;
	email: string;
	locale: string;
	organisation: string | null;
	dietary: string | null;
	accessibilityNeeds: string | null;
	interpreterLanguage: string | null;
	consentText: string;
	createdAt: Date;
	confirmedAt: Date | null;
	waitlistedAt: Date | null;
	offeredAt: Date | null;
	offerExpiresAt: Date | null;
	seatAt: Date | null;
	cancelledAt: Date | null;
	checkedInAt: Date | null;
	reminderSentAt: Date | null;
}

const REGISTRATION_COLUMNS = `r.id, r.event_id as "eventId", r.status, r.name, r.email, r.locale, r.organisation, r.dietary,
	r.accessibility_needs as "accessibilityNeeds", r.interpreter_language as "interpreterLanguage", r.consent_text as "consentText",
	r.created_at as "createdAt", r.confirmed_at as "confirmedAt", r.waitlisted_at as "waitlistedAt", r.offered_at as "offeredAt",
	r.offer_expires_at as "offerExpiresAt", r.seat_at as "seatAt", r.cancelled_at as "cancelledAt", r.checked_in_at as "checkedInAt",
	r.reminder_sent_at as "reminderSentAt"`;

export interface NewRegistration {
	eventId: string;
	name: string;
	email: string;
	locale: string;
	organisation: string | null;
	dietary: string | null;
	accessibilityNeeds: string | null;
	interpreterLanguage: string | null;
	consentText: string;
	createdAt: Date;
}

export async function insertRegistration(q: Queryable, r: NewRegistration): Promise<string> {
	const res = await q.query<{ id: string }>(
		`insert into event_registrations (event_id, name, email, locale, organisation, dietary, accessibility_needs, interpreter_language, consent_text, created_at)
		 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
		[r.eventId, r.name, r.email, r.locale, r.organisation, r.dietary, r.accessibilityNeeds, r.interpreterLanguage, r.consentText, r.createdAt]
	);
	return res.rows[0]!.id;
}

export async function findRegistration(q: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<RegistrationRow | undefined> {
	const res = await q.query<RegistrationRow>(
		`select ${REGISTRATION_COLUMNS} from event_registrations r where r.id = $1${opts.forUpdate ? ' for update' : ''}`,
		[id]
	);
	return res.rows[0];
}

export async function findLiveRegistration(q: Queryable, eventId: string, email: string): Promise<RegistrationRow | undefined> {
	const res = await q.query<RegistrationRow>(
		`select ${REGISTRATION_COLUMNS} from event_registrations r
		 where r.event_id = $1 and lower(r.email) = lower($2) and r.status in ('pending', 'confirmed', 'waitlisted', 'offered')`,
		[eventId, email]
	);
	return res.rows[0];
}

export type RegistrationChange = Partial<
	Pick<RegistrationRow, 'status' | 'confirmedAt' | 'waitlistedAt' | 'offeredAt' | 'offerExpiresAt' | 'seatAt' | 'cancelledAt' | 'reminderSentAt'>
>;

const REG_UPDATE: [keyof RegistrationChange, string][] = [
	['status', 'status'],
	['confirmedAt', 'confirmed_at'],
	['waitlistedAt', 'waitlisted_at'],
	['offeredAt', 'offered_at'],
	['offerExpiresAt', 'offer_expires_at'],
	['seatAt', 'seat_at'],
	['cancelledAt', 'cancelled_at'],
	['reminderSentAt', 'reminder_sent_at']
];

export async function updateRegistration(q: Queryable, id: string, change: RegistrationChange): Promise<void> {
	const cols = REG_UPDATE.filter(([key]) => key in change);
	if (cols.length === 0) return;
	await q.query(`update event_registrations set ${cols.map(([, c], i) => `${c} = $${i + 2}`).join(', ')} where id = $1`, [
		id,
		...cols.map(([key]) => change[key])
	]);
}

/** The first person on the waitlist, locked; SKIP LOCKED is not used: the event row lock already serialises. */
export async function nextWaitlisted(q: Queryable, eventId: string): Promise<RegistrationRow | undefined> {
	const res = await q.query<RegistrationRow>(
		`select ${REGISTRATION_COLUMNS} from event_registrations r where r.event_id = $1 and r.status = 'waitlisted'
		 order by r.waitlisted_at, r.id limit 1 for update`,
		[eventId]
	);
	return res.rows[0];
}

export async function expiredOffers(q: Queryable, now: Date, limit: number): Promise<{ id: string; eventId: string }[]> {
	const res = await q.query<{ id: string; eventId: string }>(
		`select id, event_id as "eventId" from event_registrations where status = 'offered' and offer_expires_at <= $1 order by offer_expires_at limit $2`,
		[now, limit]
	);
	return res.rows;
}

/** Pending registrations whose confirmation link has lapsed. */
export async function expirePending(q: Queryable, olderThan: Date): Promise<number> {
	const res = await q.query(`update event_registrations set status = 'expired' where status = 'pending' and created_at <= $1`, [olderThan]);
	return res.rowCount ?? 0;
}

export async function dueReminders(q: Queryable, now: Date, until: Date, limit: number): Promise<{ id: string }[]> {
	const res = await q.query<{ id: string }>(
		`select r.id from event_registrations r join events e on e.id = r.event_id
		 where r.status = 'confirmed' and r.reminder_sent_at is null and e.status = 'published'
		   and e.starts_at > $1 and e.starts_at <= $2
		 order by e.starts_at limit $3`,
		[now, until, limit]
	);
	return res.rows;
}

export interface AttendeeRow {
	id: string;
	name: string;
	email: string;
	organisation: string | null;
	dietary: string | null;
	accessibilityNeeds: string | null;
	interpreterLanguage: string | null;
	seatAt: Date | null;
	checkedInAt: Date | null;
}

/** Confirmed registrations only: waitlisted, offered and pending people never appear in attendee lists. */
export async function attendees(q: Queryable, eventId: string, search?: string): Promise<AttendeeRow[]> {
	const params: unknown[] = [eventId];
	let filter = '';
	if (search) {
		params.push(`%${search.replace(/[\\%_]/g, '\\$&')}%`);
		filter = ` and (r.name ilike $2 or r.organisation ilike $2)`;
	}
	const res = await q.query<AttendeeRow>(
		`select r.id, r.name, r.email, r.organisation, r.dietary, r.accessibility_needs as "accessibilityNeeds",
			r.interpreter_language as "interpreterLanguage", r.seat_at as "seatAt", r.checked_in_at as "checkedInAt"
		 from event_registrations r where r.event_id = $1 and r.status = 'confirmed'${filter}
		 order by lower(r.name), r.id`,
		params
	);
	return res.rows;
}

export async function setCheckedIn(q: Queryable, eventId: string, registrationId: string, at: Date | null, by: string | null): Promise<boolean> {
	const res = await q.query(
		`update event_registrations set checked_in_at = $3, checked_in_by = $4 where id = $2 and event_id = $1 and status = 'confirmed'`,
		[eventId, registrationId, at, by]
	);
	return (res.rowCount ?? 0) > 0;
}

export async function statusCounts(q: Queryable, eventId: string): Promise<Record<RegistrationStatus, number> & { checkedIn: number }> {
	const res = await q.query<{ status: RegistrationStatus; n: string; checked: string }>(
		`select status, count(*) as n, count(checked_in_at) as checked from event_registrations where event_id = $1 group by status`,
		[eventId]
	);
	const out = { pending: 0, confirmed: 0, waitlisted: 0, offered: 0, cancelled: 0, expired: 0, checkedIn: 0 };
	for (const r of res.rows) {
		out[r.status] = Number(r.n);
		if (r.status === 'confirmed') out.checkedIn = Number(r.checked);
	}
	return out;
}

// ——— Tokens ———

export interface TokenRow {
	tokenHash: string;
	purpose: EventTokenPurpose;
	registrationId: string;
	expiresAt: Date;
	usedAt: Date | null;
}

export async function insertToken(q: Queryable, t: { tokenHash: string; purpose: EventTokenPurpose; registrationId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
	await q.query(`insert into event_tokens (token_hash, purpose, registration_id, created_at, expires_at) values ($1, $2, $3, $4, $5)`, [
		t.tokenHash,
		t.purpose,
		t.registrationId,
		t.createdAt,
		t.expiresAt
	]);
}

export async function findToken(q: Queryable, tokenHash: string, purpose: EventTokenPurpose, opts: { forUpdate?: boolean } = {}): Promise<TokenRow | undefined> {
	const res = await q.query<TokenRow>(
		`select token_hash as "tokenHash", purpose, registration_id as "registrationId", expires_at as "expiresAt", used_at as "usedAt"
		 from event_tokens where token_hash = $1 and purpose = $2${opts.forUpdate ? ' for update' : ''}`,
		[tokenHash, purpose]
	);
	return res.rows[0];
}

export async function useToken(q: Queryable, tokenHash: string, at: Date): Promise<void> {
	await q.query(`update event_tokens set used_at = $2 where token_hash = $1`, [tokenHash, at]);
}

/** Open links of a purpose become useless (e.g. the offer link after the offer lapsed). */
export async function retireTokens(q: Queryable, registrationId: string, purpose: EventTokenPurpose, at: Date): Promise<void> {
	await q.query(`update event_tokens set used_at = $3 where registration_id = $1 and purpose = $2 and used_at is null`, [registrationId, purpose, at]);
}

// ——— Statistics ———

export interface AttendanceCount {
	period: string;
	kind: EventKind;
	region: Region | null;
	events: number;
	confirmed: number;
	checkedIn: number;
}

/** Per quarter (Berlin time), kind and region: events held and people confirmed / checked in. */
export async function attendanceCounts(q: Queryable, since: Date, regions: Region[] | null): Promise<AttendanceCount[]> {
	const res = await q.query<{ period: string; kind: EventKind; region: Region | null; events: string; confirmed: string; checkedIn: string }>(
		`select to_char(date_trunc('quarter', e.starts_at at time zone 'Europe/Berlin'), 'YYYY-"Q"Q') as period, e.kind, e.region,
			count(*) as events,
			sum(coalesce(e.final_confirmed, (select count(*) from event_registrations r where r.event_id = e.id and r.status = 'confirmed'))) as confirmed,
			sum(coalesce(e.final_checked_in, (select count(r.checked_in_at) from event_registrations r where r.event_id = e.id and r.status = 'confirmed'))) as "checkedIn"
		 from events e
		 where e.status = 'published' and e.starts_at >= $1 and ($2::text[] is null or e.region = any($2::text[]))
		 group by 1, 2, 3 order by 1 desc, 2, 3`,
		[since, regions]
	);
	return res.rows.map((r) => ({ ...r, events: Number(r.events), confirmed: Number(r.confirmed), checkedIn: Number(r.checkedIn) }));
}
