/**
 * Self-service "Meine Daten" (Art. 15, 17, 20 DSGVO; D-09): an address asks
 * for a link; the link opens a reading session of MYDATA_MINUTES that shows
 * everything stored for the address, exports it as JSON, withdraws consents
 * per purpose and deletes it all. No account, no cookie: the mailed token is
 * the authorisation, checked on every request (see ADR 0018).
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { ANONYMOUS } from '../access/policy';
import { atlasAlerts } from '../atlas/schema';
import { unsubscribe as unsubscribeAlert, unsubscribeUrls } from '../atlas/reuse/alerts';
import { record } from '../audit/service';
import { emailTokens } from '../consent/schema';
import { consentForExport, consentsForEmail, normaliseEmail, proofExpiry } from '../consent/service';
import { config } from '../core/config';
import { db, dbPool, transaction } from '../core/db';
import { hashToken, newToken } from '../core/tokens';
import { cancelRegistration } from '../events/registration';
import { insertToken as insertEventToken } from '../events/repository';
import { eventRegistrations, events } from '../events/schema';
import { queueMail } from '../mail/service';
import { newsletterSubscribers } from '../newsletter/schema';
import { subscriberForEmail, unsubscribe as unsubscribeNewsletter } from '../newsletter/subscriptions';
import { hit } from '../protection/rate-limit';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../protection/service';
import { myDataMail } from './mails';
import { supporters } from './schema';
import { supporterForExport, withdrawPublic, withdrawSignature } from './signup';

export const MYDATA_FORM = 'mydata';
export const MYDATA_LIMIT = { name: 'ip', max: 10, windowSeconds: 3600 };
export const MYDATA_ADDRESS_LIMIT = { name: 'mydata:address', max: 5, windowSeconds: 24 * 3600 };
export const MYDATA_MINUTES = 60;

const requestSchema = z.object({
	email: z
		.string()
		.trim()
		.min(1, { error: 'sup_error_email_required' })
		.max(254, { error: 'sup_error_email' })
		.pipe(z.email({ error: 'sup_error_email' }))
		.transform((v) => v.toLowerCase())
});

export type MyDataRequestOutcome =
	| { ok: true }
	| { ok: false; values: { email: string }; errors: FieldErrors; reason?: ProtectionReason; retryAfterSeconds?: number };

/** Always the same answer for a valid address: the page never tells whether anything is stored. */
export async function requestMyDataLink(form: FormData, ctx: { ip: string; locale: string; now?: Date }): Promise<MyDataRequestOutcome> {
	const now = ctx.now ?? new Date();
	const locale: Locale = isLocale(ctx.locale) ? ctx.locale : baseLocale;
	const raw = form.get('email');
	const values = { email: typeof raw === 'string' ? raw.slice(0, 300) : '' };
	const parsed = requestSchema.safeParse(values);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'email') };
	const protection = await checkSubmission(form, { form: MYDATA_FORM, ip: ctx.ip, limit: MYDATA_LIMIT, now });
	if (!protection.ok) {
		if (protection.reason === 'spam') return { ok: true };
		return protectionRejection(protection, values);
	}
	const email = parsed.data.email;
	if (!(await hit(MYDATA_ADDRESS_LIMIT, email, now)).ok) return { ok: true };
	const token = newToken();
	await transaction(async (tx, client) => {
		await tx.insert(emailTokens).values({
			tokenHash: hashToken(token),
			purpose: 'mydata',
			email,
			locale,
			createdAt: now,
			expiresAt: new Date(now.getTime() + MYDATA_MINUTES * 60_000)
		});
		const url = `${config().origin}/${locale}/meine-daten/ansicht?t=${encodeURIComponent(token)}`;
		await queueMail({ ...myDataMail(locale, { url, minutes: MYDATA_MINUTES }), to: email, locale, template: 'supporters.mydata.v1' }, { tx, client });
	});
	return { ok: true };
}

/** The address a mydata token opens, while it is valid (it may be used repeatedly within its hour). */
export async function myDataSession(token: string | null | undefined, now = new Date()): Promise<{ email: string; expiresAt: Date } | { error: 'expired' | 'unknown' }> {
	if (!token || token.length > 100) return { error: 'unknown' };
	const [row] = await db()
		.select()
		.from(emailTokens)
		.where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, 'mydata')))
		.limit(1);
	if (!row) return { error: 'unknown' };
	if (row.expiresAt <= now) return { error: 'expired' };
	return { email: row.email, expiresAt: row.expiresAt };
}

const byEmail = (column: AnyPgColumn, email: string) => sql`lower(${column}) = ${normaliseEmail(email)}`;

/** Everything stored for an address, in the form the page and the JSON export show. */
export async function collectMyData(email: string, now = new Date()) {
	const addr = normaliseEmail(email);
	const people = await db().select().from(supporters).where(byEmail(supporters.email, addr)).orderBy(supporters.createdAt);
	const sub = await subscriberForEmail(db(), addr);
	const consentRows = await consentsForEmail(db(), addr);
	const registrations = await db()
		.select({ reg: eventRegistrations, title: events.title, slug: events.slug, startsAt: events.startsAt })
		.from(eventRegistrations)
		.innerJoin(events, eq(events.id, eventRegistrations.eventId))
		.where(byEmail(eventRegistrations.email, addr))
		.orderBy(events.startsAt);
	const alerts = await db()
		.select()
		.from(atlasAlerts)
		.where(and(byEmail(atlasAlerts.email, addr), ne(atlasAlerts.status, 'unsubscribed')));
	return {
		generatedAt: now.toISOString(),
		email: addr,
		supporters: people.map(supporterForExport),
		newsletter: sub
			? { id: sub.id, status: sub.status, language: sub.locale, topics: sub.topics, regions: sub.regions, createdAt: sub.createdAt.toISOString(), confirmedAt: sub.confirmedAt?.toISOString() ?? null }
			: null,
		consents: consentRows.map((c) => ({
			...consentForExport(c),
			addressStored: c.email !== null,
			proofKeptUntil: c.withdrawnAt && (c.status === 'withdrawn' || c.status === 'expired') ? proofExpiry(c.withdrawnAt).toISOString() : null
		})),
		eventRegistrations: registrations.map(({ reg, title, slug, startsAt }) => ({
			id: reg.id,
			event: { title, slug, startsAt: startsAt.toISOString() },
			status: reg.status,
			name: reg.name,
			organisation: reg.organisation,
			dietary: reg.dietary,
			accessibilityNeeds: reg.accessibilityNeeds,
			interpreterLanguage: reg.interpreterLanguage,
			consentText: reg.consentText,
			createdAt: reg.createdAt.toISOString(),
			confirmedAt: reg.confirmedAt?.toISOString() ?? null,
			cancelledAt: reg.cancelledAt?.toISOString() ?? null
		})),
		atlasAlerts: alerts.map((a) => ({
			id: a.id,
			status: a.status,
			language: a.locale,
			search: a.query,
			createdAt: a.createdAt.toISOString(),
			confirmedAt: a.confirmedAt?.toISOString() ?? null
		}))
	};
}

export type MyData = Awaited<ReturnType<typeof collectMyData>>;

export type WithdrawPurpose = 'appeal.sign' | 'appeal.public' | 'newsletter';

/** Withdrawal of one purpose for every record of the address. */
export async function withdrawForEmail(email: string, purpose: WithdrawPurpose, now = new Date()): Promise<number> {
	const addr = normaliseEmail(email);
	let n = 0;
	if (purpose === 'newsletter') {
		const sub = await subscriberForEmail(db(), addr);
		if (sub && (await transaction((tx) => unsubscribeNewsletter(tx, sub.id, 'self-service', now)))) n++;
		return n;
	}
	const rows = await db().select({ id: supporters.id }).from(supporters).where(byEmail(supporters.email, addr));
	for (const r of rows) {
		if (purpose === 'appeal.public' ? await withdrawPublic(r.id, 'self-service', ANONYMOUS, now) : await withdrawSignature(r.id, 'self-service', ANONYMOUS, now)) n++;
	}
	return n;
}

/**
 * "Delete all my data": supporter records (consents keep only the hash),
 * the newsletter subscription, future event registrations cancelled through
 * the events module (seats go to the waitlist), past ones deleted, search
 * alerts unsubscribed through the alerts module. What stays: the hashed
 * consent proofs and suppression entries (D-08), the audit log without the
 * address, and the account (if any), which has its own page.
 */
export async function deleteAllForEmail(email: string, now = new Date()): Promise<{ supporters: number; newsletter: number; registrationsCancelled: number; registrationsDeleted: number; alerts: number }> {
	const addr = normaliseEmail(email);
	const supportersRemoved = await withdrawForEmail(addr, 'appeal.sign', now);
	const newsletter = await withdrawForEmail(addr, 'newsletter', now);

	const regs = await db()
		.select({ id: eventRegistrations.id, status: eventRegistrations.status, endsAt: events.endsAt })
		.from(eventRegistrations)
		.innerJoin(events, eq(events.id, eventRegistrations.eventId))
		.where(byEmail(eventRegistrations.email, addr));
	let cancelled = 0;
	for (const r of regs.filter((r) => r.endsAt > now && ['pending', 'confirmed', 'waitlisted', 'offered'].includes(r.status))) {
		// The events module's own cancellation (frees the seat, offers it to the waitlist): it acts on a cancel token.
		const token = newToken();
		await insertEventToken(dbPool(), { tokenHash: hashToken(token), purpose: 'cancel', registrationId: r.id, createdAt: now, expiresAt: new Date(now.getTime() + 3600_000) });
		const out = await cancelRegistration(token, now);
		if (out.status === 'cancelled' || out.status === 'already') cancelled++;
	}
	const deleted = await db().delete(eventRegistrations).where(byEmail(eventRegistrations.email, addr)).returning({ id: eventRegistrations.id });

	const alerts = await db()
		.select({ id: atlasAlerts.id, locale: atlasAlerts.locale })
		.from(atlasAlerts)
		.where(and(byEmail(atlasAlerts.email, addr), ne(atlasAlerts.status, 'unsubscribed')));
	for (const a of alerts) {
		const signed = new URL(unsubscribeUrls(a.id, a.locale).page).searchParams.get('a');
		await unsubscribeAlert(signed, 'link', now);
	}
	const counts = { supporters: supportersRemoved, newsletter, registrationsCancelled: cancelled, registrationsDeleted: deleted.length, alerts: alerts.length };
	await record(ANONYMOUS, { action: 'mydata.delete', entity: 'mydata', after: counts });
	return counts;
}

/** Whether a pending newsletter row is left for the address (used by tests and the page). */
export async function hasSubscriber(email: string): Promise<boolean> {
	const rows = await db().select({ id: newsletterSubscribers.id }).from(newsletterSubscribers).where(byEmail(newsletterSubscribers.email, email)).limit(1);
	return rows.length > 0;
}

/** Expired mydata tokens older than a day are deleted by the purge job. */
export async function purgeMyDataTokens(now = new Date()): Promise<number> {
	const rows = await db()
		.delete(emailTokens)
		.where(and(eq(emailTokens.purpose, 'mydata'), sql`${emailTokens.expiresAt} < ${new Date(now.getTime() - 24 * 3600_000)}`))
		.returning({ h: emailTokens.tokenHash });
	return rows.length;
}

