/**
 * The office calls an event off (issue 5): in one transaction the event
 * becomes 'cancelled' with the moment and the reason, every live registration
 * (pending, confirmed, waitlisted, offered) becomes 'cancelled' — the seat
 * trigger brings seats_taken back to 0 — its open links are retired, and one
 * mail per person is queued in that person's language with the reason and,
 * for everyone who had confirmed, an iTIP CANCEL calendar file (ADR 0017).
 * The outbox row is written in the same transaction, so either everything
 * happened and everyone will be told, or nothing happened.
 */
import { z } from 'zod';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { requireAccess, type Actor } from '../access/policy';
import { record } from '../audit/service';
import { config } from '../core/config';
import { dbPool, transaction } from '../core/db';
import { queueMail } from '../mail/service';
import { eventCancelledMail } from './mails';
import * as repo from './repository';
import type { EventRow, Queryable } from './repository';

export const REASON_MAX = 1000;

/** Registrations that are still alive and hear about a cancellation. */
export const LIVE_STATUSES = ['pending', 'confirmed', 'waitlisted', 'offered'] as const;

export const cancellationSchema = z.object({
	reason: z
		.string()
		.trim()
		.min(1, { error: 'events_staff_cancel_error_reason' })
		.max(REASON_MAX, { error: 'events_staff_cancel_error_reason_long' }),
	confirm: z.literal('yes', { error: 'events_staff_cancel_error_confirm' })
});

export type CancellationValues = Record<'reason' | 'confirm', string>;

export function cancellationValues(form: FormData): CancellationValues {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, REASON_MAX * 2) : '';
	};
	return { reason: text('reason'), confirm: text('confirm') };
}

export interface Cancellation {
	cancelledAt: Date;
	reason: string;
}

/** When and why an event was called off; null while it is not cancelled. Public: the reason is shown on the event page. */
export async function cancellationOf(eventId: string, q: Queryable = dbPool()): Promise<Cancellation | null> {
	if (!/^[0-9a-f-]{36}$/i.test(eventId)) return null;
	const res = await q.query<{ cancelledAt: Date | null; reason: string | null }>(
		`select cancelled_at as "cancelledAt", cancellation_reason as reason from events where id = $1 and status = 'cancelled'`,
		[eventId]
	);
	const row = res.rows[0];
	return row?.cancelledAt ? { cancelledAt: row.cancelledAt, reason: row.reason ?? '' } : null;
}

export type AffectedCounts = Record<(typeof LIVE_STATUSES)[number], number> & { total: number };

async function affected(q: Queryable, eventId: string): Promise<AffectedCounts> {
	const res = await q.query<{ status: (typeof LIVE_STATUSES)[number]; n: number }>(
		`select status, count(*)::int as n from event_registrations where event_id = $1 and status = any($2::text[]) group by status`,
		[eventId, LIVE_STATUSES]
	);
	const out: AffectedCounts = { pending: 0, confirmed: 0, waitlisted: 0, offered: 0, total: 0 };
	for (const r of res.rows) {
		out[r.status] = r.n;
		out.total += r.n;
	}
	return out;
}

export interface CancellationPreview {
	event: EventRow;
	cancellation: Cancellation | null;
	affected: AffectedCounts;
}

/** What the staff confirmation page shows: the event, whom the cancellation reaches, or when it happened. */
export async function cancellationPreview(actor: Actor, eventId: string): Promise<CancellationPreview | null> {
	requireAccess(actor, 'events.manage');
	const event = await repo.findEventById(dbPool(), eventId);
	if (!event) return null;
	requireAccess(actor, 'events.manage', { region: event.region });
	return { event, cancellation: await cancellationOf(event.id), affected: await affected(dbPool(), event.id) };
}

export type CancelEventOutcome =
	| { ok: true; notified: number }
	| { ok: false; values: CancellationValues; errors: FieldErrors }
	| { ok: false; state: 'not_found' | 'already' | 'not_published' };

interface LiveRegistration {
	id: string;
	status: (typeof LIVE_STATUSES)[number];
	name: string;
	email: string;
	locale: string;
}

const localeOf = (l: string): Locale => (isLocale(l) ? l : baseLocale);

/**
 * Cancels a published event and everyone's registration; the event row lock
 * (the same one every seat decision takes, ADR 0017) means no confirmation or
 * offer can slip in between reading the registrations and cancelling them.
 */
export async function cancelEvent(
	actor: Actor,
	eventId: string,
	form: FormData,
	opts: { now?: Date; requestId?: string } = {}
): Promise<CancelEventOutcome> {
	requireAccess(actor, 'events.manage');
	const now = opts.now ?? new Date();
	const values = cancellationValues(form);
	const parsed = cancellationSchema.safeParse(values);
	return transaction(async (tx, client) => {
		const before = await repo.findEventById(client, eventId, { forUpdate: true });
		if (!before) return { ok: false, state: 'not_found' };
		requireAccess(actor, 'events.manage', { region: before.region });
		if (before.status === 'cancelled') return { ok: false, state: 'already' };
		if (before.status !== 'published') return { ok: false, state: 'not_published' };
		// Validated after the access check, so nobody learns anything about an event they may not manage.
		if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'reason') };
		const reason = parsed.data.reason;

		await client.query(
			`update events set status = 'cancelled', cancelled_at = $2, cancellation_reason = $3, updated_at = $2 where id = $1`,
			[eventId, now, reason]
		);
		const live = await client.query<LiveRegistration>(
			`select id, status, name, email, locale from event_registrations
			 where event_id = $1 and status = any($2::text[]) order by created_at, id for update`,
			[eventId, LIVE_STATUSES]
		);
		const ids = live.rows.map((r) => r.id);
		if (ids.length > 0) {
			// The trigger releases the seats of confirmed and offered registrations (seats_taken → 0).
			await client.query(`update event_registrations set status = 'cancelled', cancelled_at = $2 where id = any($1::uuid[])`, [ids, now]);
			// Links in earlier mails (confirm, accept, cancel) now say "used" instead of acting on a cancelled event.
			await client.query(`update event_tokens set used_at = $2 where registration_id = any($1::uuid[]) and used_at is null`, [ids, now]);
		}
		const event = (await repo.findEventById(client, eventId))!;
		const calendar = (l: Locale) => `${config().origin}/${l}/veranstaltungen`;
		for (const r of live.rows) {
			const l = localeOf(r.locale);
			const mail = eventCancelledMail(event, l, { name: r.name, email: r.email }, reason, calendar(l), r.status !== 'pending');
			const { template, attachments, ...rendered } = mail;
			await queueMail({ ...rendered, to: r.email, locale: l, template, attachments }, { tx, client });
		}
		const counts = { pending: 0, confirmed: 0, waitlisted: 0, offered: 0 };
		for (const r of live.rows) counts[r.status]++;
		await record(
			actor,
			{
				action: 'events.cancel',
				entity: 'event',
				entityId: eventId,
				before: { status: before.status, seatsTaken: before.seatsTaken },
				after: { status: 'cancelled', reason, notified: live.rows.length, registrations: counts },
				requestId: opts.requestId
			},
			tx
		);
		return { ok: true, notified: live.rows.length };
	});
}
