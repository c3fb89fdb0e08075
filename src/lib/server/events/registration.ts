/**
 * Registration for events (issue 5): a guest registers with name and e-mail,
 * confirms by POST from the mailed link (double opt-in), and only then takes
 * a seat — or a place on the waitlist when the event is full. A freed seat is
 * offered to the first person on the waitlist for a limited time (default
 * 24 h); a lapsed offer goes to the next. See ADR 0017.
 *
 * Locking order everywhere: event row → registration row → token row. The
 * event row lock serialises every seat decision of one event; the CHECK on
 * events.seats_taken (kept by a trigger) is the database's own guarantee.
 */
import type pg from 'pg';
import { z } from 'zod';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { OFFER_LANGUAGES } from '../../atlas/taxonomy';
import { SIGN_LANGUAGE, type EventQuestion } from '../../events/vocabulary';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { ANONYMOUS, SYSTEM, type Actor } from '../access/policy';
import { record } from '../audit/service';
import { config } from '../core/config';
import { dbPool, transaction, type Db } from '../core/db';
import { hashToken, newToken } from '../core/tokens';
import { queueMail } from '../mail/service';
import { hit } from '../protection/rate-limit';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../protection/service';
import { eventUrl } from './calendar';
import { cancelledMail, confirmedMail, confirmMail, offerExpiredMail, offerMail, reminderMail, waitlistedMail, type RegistrationMail } from './mails';
import * as repo from './repository';
import type { EventRow, Queryable, RegistrationRow } from './repository';

export const REGISTER_FORM = 'event-registration';
/** Per IP address and hour; `max` comes from EVENT_REGISTRATION_LIMIT_PER_IP (default 20). */
export const REGISTER_LIMIT = { name: 'ip', max: 20, windowSeconds: 3600 };
/** Confirmation mails per address and event and day: nobody can flood someone else's inbox. */
export const ADDRESS_LIMIT = { name: 'event-registration:address', max: 3, windowSeconds: 24 * 3600 };
export const CONFIRM_DAYS = 7;
export const TEXT_MAX = 500;

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export const INTERPRETER_CODES = [...Object.keys(OFFER_LANGUAGES), SIGN_LANGUAGE];

// ——— Availability ———

export type Availability =
	| { state: 'none' | 'ended' | 'closed' | 'not_yet' | 'cancelled' }
	| { state: 'open'; full: boolean; seatsLeft: number | null };

export function availability(e: Pick<EventRow, 'status' | 'registrationEnabled' | 'registrationOpen' | 'registrationOpensAt' | 'registrationClosesAt' | 'startsAt' | 'capacity' | 'seatsTaken'>, now = new Date()): Availability {
	if (e.status === 'cancelled') return { state: 'cancelled' };
	if (!e.registrationEnabled || e.status !== 'published') return { state: 'none' };
	if (now >= e.startsAt) return { state: 'ended' };
	if (!e.registrationOpen) return { state: 'closed' };
	if (e.registrationOpensAt && now < e.registrationOpensAt) return { state: 'not_yet' };
	if (e.registrationClosesAt && now >= e.registrationClosesAt) return { state: 'closed' };
	const seatsLeft = e.capacity === null ? null : Math.max(0, e.capacity - e.seatsTaken);
	return { state: 'open', full: seatsLeft === 0, seatsLeft };
}

// ——— The form ———

const optionalText = z
	.string()
	.trim()
	.max(TEXT_MAX, { error: 'events_error_text_too_long' })
	.transform((v) => v || null);

export const registrationSchema = z.object({
	name: z.string().trim().min(1, { error: 'events_error_name_required' }).max(200, { error: 'events_error_name_too_long' }),
	email: z
		.string()
		.trim()
		.min(1, { error: 'events_error_email_required' })
		.max(254, { error: 'events_error_email' })
		.pipe(z.email({ error: 'events_error_email' }))
		.transform((v) => v.toLowerCase()),
	organisation: optionalText,
	dietary: optionalText,
	accessibility: optionalText,
	interpreter: z
		.string()
		.trim()
		.refine((v) => v === '' || INTERPRETER_CODES.includes(v), { error: 'events_error_interpreter' })
		.transform((v) => v || null),
	consent: z.literal('yes', { error: 'events_error_consent' })
});

export type RegistrationValues = Record<'name' | 'email' | 'organisation' | 'dietary' | 'accessibility' | 'interpreter' | 'consent', string>;

export function registrationValues(form: FormData): RegistrationValues {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, TEXT_MAX * 2) : '';
	};
	return {
		name: text('name'),
		email: text('email'),
		organisation: text('organisation'),
		dietary: text('dietary'),
		accessibility: text('accessibility'),
		interpreter: text('interpreter'),
		consent: text('consent')
	};
}

/** Answers to questions the event does not ask are not stored, whatever was posted. */
function onlyAsked(questions: EventQuestion[], data: z.infer<typeof registrationSchema>) {
	return {
		organisation: questions.includes('organisation') ? data.organisation : null,
		dietary: questions.includes('dietary') ? data.dietary : null,
		accessibilityNeeds: questions.includes('accessibility') ? data.accessibility : null,
		interpreterLanguage: questions.includes('interpreter') ? data.interpreter : null
	};
}

export type RegisterOutcome =
	| { ok: true }
	| { ok: false; reason: 'not_found' | 'unavailable' }
	| { ok: false; values: RegistrationValues; errors: FieldErrors; reason?: ProtectionReason; retryAfterSeconds?: number };

export interface RegisterContext {
	ip: string;
	locale: string;
	now?: Date;
	/** Tests and the service-level concurrency test: skip the bot protection. */
	trusted?: boolean;
}

const pageUrl = (locale: string, path: string, token: string) => `${config().origin}/${locale}/veranstaltungen/${path}?token=${encodeURIComponent(token)}`;

interface Tx {
	tx: Db;
	client: pg.PoolClient;
}

async function issueToken(t: Tx, registrationId: string, purpose: 'confirm' | 'cancel' | 'accept', expiresAt: Date, now: Date): Promise<string> {
	const token = newToken();
	await repo.insertToken(t.client, { tokenHash: hashToken(token), purpose, registrationId, createdAt: now, expiresAt });
	return token;
}

async function send(t: Tx, to: string, locale: Locale, mail: RegistrationMail): Promise<void> {
	const { template, attachments, ...rendered } = mail;
	await queueMail({ ...rendered, to, locale, template, attachments }, { tx: t.tx, client: t.client });
}

const localeOf = (l: string): Locale => (isLocale(l) ? l : baseLocale);

/**
 * Validates first (typing mistakes never count against a limit), then the
 * bot protection, then stores a pending registration and queues the
 * confirmation mail. The answer is the same whether or not the address was
 * already registered, so the form tells nobody who registered.
 */
export async function register(slug: string, form: FormData, ctx: RegisterContext): Promise<RegisterOutcome> {
	const now = ctx.now ?? new Date();
	const locale = localeOf(ctx.locale);
	const event = await repo.findEventBySlug(dbPool(), slug);
	if (!event || event.status !== 'published') return { ok: false, reason: 'not_found' };
	if (availability(event, now).state !== 'open') return { ok: false, reason: 'unavailable' };

	const values = registrationValues(form);
	const parsed = registrationSchema.safeParse(values);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'name') };

	if (!ctx.trusted) {
		const limit = { ...REGISTER_LIMIT, max: config().EVENT_REGISTRATION_LIMIT_PER_IP };
		const protection = await checkSubmission(form, { form: REGISTER_FORM, ip: ctx.ip, limit, now });
		if (!protection.ok) {
			// A filled honeypot gets the answer a person gets; nothing is stored or sent.
			if (protection.reason === 'spam') return { ok: true };
			return protectionRejection(protection, values);
		}
		if (!(await hit(ADDRESS_LIMIT, `${event.id}:${parsed.data.email}`, now)).ok) return { ok: true };
	}

	const data = parsed.data;
	await transaction(async (tx, client) => {
		const t = { tx, client };
		const existing = await repo.findLiveRegistration(client, event.id, data.email);
		// Already confirmed or waiting: nothing new to confirm. Still pending: a fresh link (the first may be lost).
		if (existing && existing.status !== 'pending') return;
		const id =
			existing?.id ??
			(await repo.insertRegistration(client, {
				eventId: event.id,
				name: data.name,
				email: data.email,
				locale,
				...onlyAsked(event.questions, data),
				consentText: event.consentText,
				createdAt: now
			}));
		const expires = new Date(Math.min(now.getTime() + CONFIRM_DAYS * DAY_MS, event.startsAt.getTime()));
		const token = await issueToken(t, id, 'confirm', expires, now);
		await send(t, data.email, locale, confirmMail(event, locale, data.name, pageUrl(locale, 'anmeldung', token), CONFIRM_DAYS));
		if (!existing) {
			await record(ANONYMOUS, { action: 'events.registration.create', entity: 'event_registration', entityId: id, after: { eventId: event.id, status: 'pending', locale } }, tx);
		}
	});
	return { ok: true };
}

// ——— Links ———

export type LinkState = 'usable' | 'used' | 'expired' | 'unknown';

export interface LinkPreview {
	state: LinkState;
	event?: { slug: string; title: string; textLocale: string; startsAt: Date; endsAt: Date };
	status?: RegistrationRow['status'];
	offerExpiresAt?: Date | null;
}

function plausible(token: string | null | undefined): token is string {
	return typeof token === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/** For the GET pages: looks, changes nothing (mail scanners prefetch links). */
export async function previewLink(token: string | null | undefined, purpose: 'confirm' | 'cancel' | 'accept', now = new Date()): Promise<LinkPreview> {
	if (!plausible(token)) return { state: 'unknown' };
	const row = await repo.findToken(dbPool(), hashToken(token), purpose);
	if (!row) return { state: 'unknown' };
	const reg = await repo.findRegistration(dbPool(), row.registrationId);
	const event = reg && (await repo.findEventById(dbPool(), reg.eventId));
	if (!reg || !event) return { state: 'unknown' };
	const state: LinkState = row.usedAt ? 'used' : row.expiresAt <= now ? 'expired' : 'usable';
	return {
		state,
		event: { slug: event.slug, title: event.title, textLocale: event.textLocale, startsAt: event.startsAt, endsAt: event.endsAt },
		status: reg.status,
		offerExpiresAt: reg.offerExpiresAt
	};
}

interface Locked {
	token: repo.TokenRow;
	reg: RegistrationRow;
	event: EventRow;
}

/**
 * Resolves a token and locks event, registration and token, in that order.
 * The token is read unlocked first only to learn which event to lock.
 */
async function lockByToken(client: Queryable, token: string, purpose: 'confirm' | 'cancel' | 'accept', now: Date): Promise<Locked | { error: Exclude<LinkState, 'usable'> }> {
	if (!plausible(token)) return { error: 'unknown' };
	const hash = hashToken(token);
	const peek = await repo.findToken(client, hash, purpose);
	if (!peek) return { error: 'unknown' };
	const regPeek = await repo.findRegistration(client, peek.registrationId);
	if (!regPeek) return { error: 'unknown' };
	const event = await repo.findEventById(client, regPeek.eventId, { forUpdate: true });
	const reg = await repo.findRegistration(client, peek.registrationId, { forUpdate: true });
	const row = await repo.findToken(client, hash, purpose, { forUpdate: true });
	if (!event || !reg || !row) return { error: 'unknown' };
	if (row.usedAt) return { error: 'used' };
	if (row.expiresAt <= now) return { error: 'expired' };
	return { token: row, reg, event };
}

async function waitlistLength(client: Queryable, eventId: string): Promise<number> {
	const res = await client.query<{ n: string }>(`select count(*) as n from event_registrations where event_id = $1 and status = 'waitlisted'`, [eventId]);
	return Number(res.rows[0]!.n);
}

/** A new cancel link for a mail (only hashes are stored, so every mail gets its own). */
async function cancelUrl(t: Tx, reg: RegistrationRow, event: EventRow, now: Date): Promise<string> {
	const token = await issueToken(t, reg.id, 'cancel', event.endsAt, now);
	return pageUrl(reg.locale, 'abmelden', token);
}

export type ConfirmOutcome =
	| { status: 'confirmed' | 'waitlisted'; slug: string; title: string }
	| { status: 'already'; current: RegistrationRow['status']; slug: string; title: string }
	| { status: 'closed'; slug: string; title: string }
	| { status: Exclude<LinkState, 'usable'> };

/**
 * The double opt-in POST: the registration takes a seat if one is free and
 * nobody is waiting, else it joins the waitlist — one decision per event at a
 * time (event row lock).
 */
export async function confirmRegistration(token: string, now = new Date(), requestId?: string): Promise<ConfirmOutcome> {
	return transaction(async (tx, client) => {
		const t = { tx, client };
		const locked = await lockByToken(client, token, 'confirm', now);
		if ('error' in locked) return { status: locked.error };
		const { reg, event } = locked;
		const info = { slug: event.slug, title: event.title };
		await repo.useToken(client, locked.token.tokenHash, now);
		if (reg.status !== 'pending') return { status: 'already', current: reg.status, ...info };
		if (event.status !== 'published' || now >= event.startsAt) {
			await repo.updateRegistration(client, reg.id, { status: 'expired' });
			return { status: 'closed', ...info };
		}
		const seatFree = event.capacity === null || event.seatsTaken < event.capacity;
		const status = seatFree && (await waitlistLength(client, event.id)) === 0 ? 'confirmed' : 'waitlisted';
		await repo.updateRegistration(client, reg.id, {
			status,
			confirmedAt: now,
			...(status === 'confirmed' ? { seatAt: now } : { waitlistedAt: now })
		});
		const l = localeOf(reg.locale);
		const cancel = await cancelUrl(t, reg, event, now);
		const page = eventUrl(event.slug, l);
		await send(t, reg.email, l, status === 'confirmed' ? confirmedMail(event, l, reg.name, cancel, page) : waitlistedMail(event, l, reg.name, cancel, page));
		await record(ANONYMOUS, { action: `events.registration.${status}`, entity: 'event_registration', entityId: reg.id, after: { eventId: event.id, status }, requestId }, tx);
		return { status, ...info };
	});
}

/**
 * Offers free seats to the waitlist, first come first served, while seats are
 * free and the event has not begun. Runs in the caller's transaction, which
 * holds the event row lock.
 */
export async function offerFreeSeats(t: Tx, eventId: string, now: Date, actor: Actor = SYSTEM): Promise<number> {
	let offered = 0;
	for (;;) {
		const event = await repo.findEventById(t.client, eventId, { forUpdate: true });
		if (!event || event.status !== 'published' || now >= event.startsAt) return offered;
		if (event.capacity !== null && event.seatsTaken >= event.capacity) return offered;
		const next = await repo.nextWaitlisted(t.client, eventId);
		if (!next) return offered;
		const expiresAt = new Date(Math.min(now.getTime() + event.offerHours * HOUR_MS, event.startsAt.getTime()));
		await repo.updateRegistration(t.client, next.id, { status: 'offered', offeredAt: now, offerExpiresAt: expiresAt });
		const l = localeOf(next.locale);
		const accept = await issueToken(t, next.id, 'accept', expiresAt, now);
		const cancel = await cancelUrl(t, next, event, now);
		await send(t, next.email, l, offerMail(event, l, next.name, pageUrl(l, 'platz', accept), cancel, expiresAt));
		await record(actor, { action: 'events.registration.offered', entity: 'event_registration', entityId: next.id, after: { eventId, offerExpiresAt: expiresAt.toISOString() } }, t.tx);
		offered++;
	}
}

export type CancelOutcome = { status: 'cancelled'; slug: string; title: string } | { status: 'already'; slug: string; title: string } | { status: Exclude<LinkState, 'usable'> };

/** Self-service cancellation (POST from the mailed link); a freed seat goes to the waitlist at once. */
export async function cancelRegistration(token: string, now = new Date(), requestId?: string): Promise<CancelOutcome> {
	return transaction(async (tx, client) => {
		const t = { tx, client };
		const locked = await lockByToken(client, token, 'cancel', now);
		if ('error' in locked) return { status: locked.error };
		const { reg, event } = locked;
		const info = { slug: event.slug, title: event.title };
		if (reg.status === 'cancelled' || reg.status === 'expired') {
			await repo.useToken(client, locked.token.tokenHash, now);
			return { status: 'already', ...info };
		}
		const heldSeat = reg.status === 'confirmed' || reg.status === 'offered';
		await repo.updateRegistration(client, reg.id, { status: 'cancelled', cancelledAt: now });
		for (const purpose of ['cancel', 'accept', 'confirm'] as const) await repo.retireTokens(client, reg.id, purpose, now);
		const l = localeOf(reg.locale);
		await send(t, reg.email, l, cancelledMail(event, l, reg.name, eventUrl(event.slug, l), reg.status === 'confirmed'));
		await record(ANONYMOUS, { action: 'events.registration.cancelled', entity: 'event_registration', entityId: reg.id, before: { status: reg.status }, requestId }, tx);
		if (heldSeat) await offerFreeSeats(t, event.id, now);
		return { status: 'cancelled', ...info };
	});
}

export type AcceptOutcome =
	| { status: 'confirmed'; slug: string; title: string }
	| { status: 'lapsed'; slug: string; title: string }
	| { status: Exclude<LinkState, 'usable'> };

/** Accepting a waitlist offer (POST): the seat the offer held becomes the person's. */
export async function acceptOffer(token: string, now = new Date(), requestId?: string): Promise<AcceptOutcome> {
	return transaction(async (tx, client) => {
		const t = { tx, client };
		const locked = await lockByToken(client, token, 'accept', now);
		if ('error' in locked) return { status: locked.error };
		const { reg, event } = locked;
		const info = { slug: event.slug, title: event.title };
		await repo.useToken(client, locked.token.tokenHash, now);
		if (reg.status !== 'offered' || !reg.offerExpiresAt || reg.offerExpiresAt <= now) return { status: 'lapsed', ...info };
		// offered → confirmed: both hold a seat, so the count does not change.
		await repo.updateRegistration(client, reg.id, { status: 'confirmed', seatAt: now });
		const l = localeOf(reg.locale);
		await send(t, reg.email, l, confirmedMail(event, l, reg.name, await cancelUrl(t, reg, event, now), eventUrl(event.slug, l)));
		await record(ANONYMOUS, { action: 'events.registration.accepted', entity: 'event_registration', entityId: reg.id, after: { status: 'confirmed' }, requestId }, tx);
		return { status: 'confirmed', ...info };
	});
}

// ——— Jobs ———

/** Lapsed offers become 'expired' and their seats go to the next person; pending sign-ups lapse after CONFIRM_DAYS. */
export async function expireOffers(now = new Date()): Promise<{ expired: number; offered: number }> {
	let expired = 0;
	let offered = 0;
	for (;;) {
		const batch = await repo.expiredOffers(dbPool(), now, 50);
		if (batch.length === 0) break;
		for (const item of batch) {
			await transaction(async (tx, client) => {
				const t = { tx, client };
				const event = await repo.findEventById(client, item.eventId, { forUpdate: true });
				const reg = await repo.findRegistration(client, item.id, { forUpdate: true });
				// Accepted or cancelled meanwhile: nothing to do.
				if (!event || !reg || reg.status !== 'offered' || !reg.offerExpiresAt || reg.offerExpiresAt > now) return;
				await repo.updateRegistration(client, reg.id, { status: 'expired' });
				await repo.retireTokens(client, reg.id, 'accept', now);
				const l = localeOf(reg.locale);
				await send(t, reg.email, l, offerExpiredMail(event, l, reg.name, eventUrl(event.slug, l)));
				await record(SYSTEM, { action: 'events.registration.offer_expired', entity: 'event_registration', entityId: reg.id, after: { status: 'expired' } }, tx);
				expired++;
				offered += await offerFreeSeats(t, event.id, now);
			});
		}
		if (batch.length < 50) break;
	}
	await repo.expirePending(dbPool(), new Date(now.getTime() - CONFIRM_DAYS * DAY_MS));
	return { expired, offered };
}

/** One reminder per confirmed registration, in the day before the event (the job runs hourly). */
export async function sendReminders(now = new Date()): Promise<number> {
	const due = await repo.dueReminders(dbPool(), now, new Date(now.getTime() + DAY_MS), 500);
	let sent = 0;
	for (const { id } of due) {
		await transaction(async (tx, client) => {
			const t = { tx, client };
			const reg = await repo.findRegistration(client, id, { forUpdate: true });
			if (!reg || reg.status !== 'confirmed' || reg.reminderSentAt) return;
			const event = (await repo.findEventById(client, reg.eventId))!;
			const l = localeOf(reg.locale);
			await send(t, reg.email, l, reminderMail(event, l, reg.name, await cancelUrl(t, reg, event, now), eventUrl(event.slug, l)));
			await repo.updateRegistration(client, reg.id, { reminderSentAt: now });
			sent++;
		});
	}
	return sent;
}
