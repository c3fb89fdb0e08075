/**
 * Newsletter subscription with double opt-in (requirements §2.4, D-04):
 * the form stores a pending subscriber, a pending 'newsletter' consent and a
 * single-use token (only its hash); the mailed link shows a page with a
 * button, and only that POST activates the subscriber. No enumeration: the
 * page says the same whatever the address's state; an address that already
 * gets the newsletter receives its preference link instead of a confirmation.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import { ACTION_FIELDS, type ActionField } from '../../atlas/taxonomy';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { baseLocale, isLocale, locales, type Locale } from '../../paraglide/runtime';
import { ANONYMOUS } from '../access/policy';
import { REGIONS, type Region } from '../accounts/schema';
import { record } from '../audit/service';
import { noteConfirmationMail, confirmConsents, requestConsents } from '../consent/service';
import { emailTokens } from '../consent/schema';
import { config } from '../core/config';
import { db, transaction, type Db, type Executor } from '../core/db';
import { hashToken, newToken } from '../core/tokens';
import { mailOutbox } from '../mail/schema';
import { queueMail } from '../mail/service';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../protection/service';
import { hit } from '../protection/rate-limit';
import { newLinkKey, subscriberLinks, unsubscribeHeaders } from './links';
import { alreadySubscribedMail, confirmSubscriptionMail, welcomeMail } from './mails';
import { newsletterSubscribers } from './schema';

export const SUBSCRIBE_FORM = 'newsletter-subscribe';
export const SUBSCRIBE_LIMIT = { name: 'ip', max: 10, windowSeconds: 3600 };
/** Mails per address and day: nobody can flood someone else's inbox through this form. */
export const SUBSCRIBE_ADDRESS_LIMIT = { name: 'newsletter:address', max: 3, windowSeconds: 24 * 3600 };
export const CONFIRM_HOURS = 48;
export const CONFIRM_PURPOSE = 'newsletter.confirm';
export const CONFIRM_TEMPLATE = 'newsletter.confirm.v1';
export const SUBSCRIBE_PATH = '/newsletter';

const HOUR_MS = 3600_000;
const MAX_VALUE = 500;

type Client = PoolClient;

/** Topics, regions, language: the preferences the subscribe form and the preference centre share. */
export interface Preferences {
	topics: ActionField[];
	regions: Region[];
	locale: Locale;
}

export interface PreferenceValues {
	topics: string[];
	regions: string[];
	language: string;
}

export interface SubscribeValues extends PreferenceValues {
	email: string;
	consent: string;
}

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.slice(0, MAX_VALUE) : '';
};
const list = (form: FormData, name: string) =>
	form
		.getAll(name)
		.filter((v): v is string => typeof v === 'string')
		.slice(0, 20)
		.map((v) => v.slice(0, 50));

export function preferenceValues(form: FormData): PreferenceValues {
	return { topics: list(form, 'topics'), regions: list(form, 'regions'), language: text(form, 'language') };
}

export function subscribeValues(form: FormData): SubscribeValues {
	return { ...preferenceValues(form), email: text(form, 'email'), consent: text(form, 'consent') };
}

const preferenceShape = {
	topics: z.array(z.enum(ACTION_FIELDS, { error: 'nl_error_topics' })).transform((v) => [...new Set(v)]),
	regions: z.array(z.enum(REGIONS, { error: 'nl_error_regions' })).transform((v) => [...new Set(v)]),
	language: z.enum(locales as unknown as [Locale, ...Locale[]], { error: 'nl_error_language' })
};

export const preferencesSchema = z.object(preferenceShape);

const subscribeSchema = z.object({
	email: z
		.string()
		.trim()
		.min(1, { error: 'nl_error_email_required' })
		.max(254, { error: 'nl_error_email' })
		.pipe(z.email({ error: 'nl_error_email' }))
		.transform((v) => v.toLowerCase()),
	...preferenceShape,
	consent: z.literal('yes', { error: 'nl_error_consent' })
});

export type SubscribeOutcome =
	| { ok: true }
	| { ok: false; values: SubscribeValues; errors: FieldErrors; reason?: ProtectionReason; retryAfterSeconds?: number };

export interface SubscribeContext {
	ip: string;
	/** The page language: the form's path and the default mail language. */
	locale: string;
	now?: Date;
	requestId?: string;
}

function confirmUrl(locale: string, token: string): string {
	return `${config().origin}/${locale}/newsletter/bestaetigen?t=${encodeURIComponent(token)}`;
}

async function messageIdOf(tx: Executor, outboxId: string): Promise<string> {
	const [row] = await tx.select({ messageId: mailOutbox.messageId }).from(mailOutbox).where(eq(mailOutbox.id, outboxId)).limit(1);
	return row?.messageId ?? outboxId;
}

/** A fresh confirmation token and mail for a pending subscriber, noted on its pending consents. */
async function sendConfirmation(tx: Db, client: Client, sub: { id: string; email: string; locale: string }, now: Date): Promise<void> {
	const token = newToken();
	await tx.insert(emailTokens).values({
		tokenHash: hashToken(token),
		purpose: CONFIRM_PURPOSE,
		targetId: sub.id,
		email: sub.email,
		locale: sub.locale,
		createdAt: now,
		expiresAt: new Date(now.getTime() + CONFIRM_HOURS * HOUR_MS)
	});
	const outboxId = await queueMail(
		{ ...confirmSubscriptionMail(sub.locale, confirmUrl(sub.locale, token), CONFIRM_HOURS), to: sub.email, locale: sub.locale, template: CONFIRM_TEMPLATE },
		{ tx, client }
	);
	await noteConfirmationMail(tx, sub.id, { template: CONFIRM_TEMPLATE, messageId: await messageIdOf(tx, outboxId), at: now });
}

/**
 * Validates first (typing mistakes never count against a limit), then the
 * bot protection and the per-address limit, then writes and queues the mail
 * in one transaction. Every accepted submission answers { ok: true }.
 */
export async function subscribeToNewsletter(form: FormData, ctx: SubscribeContext): Promise<SubscribeOutcome> {
	const now = ctx.now ?? new Date();
	const pageLocale: Locale = isLocale(ctx.locale) ? ctx.locale : baseLocale;
	const values = subscribeValues(form);
	const parsed = subscribeSchema.safeParse(values);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'email') };

	const protection = await checkSubmission(form, { form: SUBSCRIBE_FORM, ip: ctx.ip, limit: SUBSCRIBE_LIMIT, now });
	if (!protection.ok) {
		// A filled honeypot gets the answer a person gets; nothing is stored or sent.
		if (protection.reason === 'spam') return { ok: true };
		return protectionRejection(protection, values);
	}
	const { email, topics, regions, language } = parsed.data;
	// Over the per-address limit the answer stays the same: the form must not tell whether an address was used.
	if (!(await hit(SUBSCRIBE_ADDRESS_LIMIT, email, now)).ok) return { ok: true };

	await transaction(async (tx, client) => {
		// Serialises two sign-ups of the same address (the unique index would otherwise fail one of them).
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`newsletter:${email}`}))`);
		const [existing] = await tx
			.select()
			.from(newsletterSubscribers)
			.where(sql`lower(${newsletterSubscribers.email}) = ${email}`)
			.limit(1)
			.for('update');
		if (existing?.status === 'active') {
			// No change to the live subscription: the link in the mail leads to the preference centre.
			await queueMail(
				{
					...alreadySubscribedMail(existing.locale, subscriberLinks(existing).preferences),
					to: existing.email,
					locale: existing.locale,
					template: 'newsletter.already-subscribed.v1',
					headers: unsubscribeHeaders(existing)
				},
				{ tx, client }
			);
			await record(ANONYMOUS, { action: 'newsletter.subscribe.repeat', entity: 'newsletter_subscriber', entityId: existing.id, requestId: ctx.requestId }, tx);
			return;
		}
		let sub: { id: string; email: string; locale: string };
		if (existing) {
			// Still pending: the latest form wins (nothing was confirmed yet); a fresh link replaces the need for the old one.
			[sub] = (await tx
				.update(newsletterSubscribers)
				.set({ topics, regions, locale: language, updatedAt: now })
				.where(eq(newsletterSubscribers.id, existing.id))
				.returning()) as [typeof existing];
		} else {
			[sub] = (await tx
				.insert(newsletterSubscribers)
				.values({ email, topics, regions, locale: language, status: 'pending', linkKey: newLinkKey(), createdAt: now, updatedAt: now })
				.returning()) as [typeof newsletterSubscribers.$inferSelect];
		}
		await requestConsents(tx, { subjectId: sub.id, email, locale: pageLocale, source: `/${pageLocale}${SUBSCRIBE_PATH}`, purposes: ['newsletter'], at: now });
		await sendConfirmation(tx, client, sub, now);
		// No address in the audit log: the consent record is the proof; the log keeps the lifecycle.
		await record(
			ANONYMOUS,
			{ action: 'newsletter.subscribe', entity: 'newsletter_subscriber', entityId: sub.id, after: { status: 'pending', locale: language, topics, regions }, requestId: ctx.requestId },
			tx
		);
	});
	return { ok: true };
}

export type TokenState = 'usable' | 'used' | 'expired' | 'unknown';
type TokenRow = typeof emailTokens.$inferSelect;

function tokenState(row: TokenRow | undefined, now: Date): TokenState {
	if (!row || row.purpose !== CONFIRM_PURPOSE) return 'unknown';
	if (row.usedAt) return 'used';
	if (row.expiresAt <= now) return 'expired';
	return 'usable';
}

async function findToken(q: Executor, token: string, lock = false): Promise<TokenRow | undefined> {
	const query = q.select().from(emailTokens).where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, CONFIRM_PURPOSE))).limit(1);
	const [row] = lock ? await query.for('update') : await query;
	return row;
}

const plausible = (token: string | null | undefined): token is string => !!token && token.length <= 100;

/** For the confirmation page's GET: looks, changes nothing (mail scanners prefetch links). */
export async function confirmationState(token: string | null | undefined, now = new Date()): Promise<TokenState> {
	if (!plausible(token)) return 'unknown';
	const row = await findToken(db(), token);
	const state = tokenState(row, now);
	if (state !== 'usable' || !row?.targetId) return state === 'usable' ? 'unknown' : state;
	const [sub] = await db().select({ id: newsletterSubscribers.id }).from(newsletterSubscribers).where(eq(newsletterSubscribers.id, row.targetId)).limit(1);
	return sub ? 'usable' : 'unknown';
}

export type ConfirmOutcome = { status: 'confirmed' | 'already_active'; preferencesUrl: string } | { status: 'used' | 'expired' | 'unknown' };

/**
 * The POST of the confirmation page: consumes the token (single use, expiry
 * checked), activates the subscriber, confirms the consent (which lifts an
 * earlier suppression) and queues the welcome mail, in one transaction.
 */
export async function confirmSubscription(token: string | null | undefined, now = new Date(), requestId?: string): Promise<ConfirmOutcome> {
	if (!plausible(token)) return { status: 'unknown' };
	return transaction(async (tx, client): Promise<ConfirmOutcome> => {
		const row = await findToken(tx, token, true);
		const state = tokenState(row, now);
		if (!row || state !== 'usable') return { status: state as 'used' | 'expired' | 'unknown' };
		await tx.update(emailTokens).set({ usedAt: now }).where(eq(emailTokens.tokenHash, row.tokenHash));
		const [sub] = row.targetId
			? await tx.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.id, row.targetId)).limit(1).for('update')
			: [];
		if (!sub) return { status: 'unknown' };
		const links = subscriberLinks(sub);
		if (sub.status === 'active') {
			await confirmConsents(tx, sub.id, now);
			return { status: 'already_active', preferencesUrl: links.preferences };
		}
		await tx.update(newsletterSubscribers).set({ status: 'active', confirmedAt: now, updatedAt: now }).where(eq(newsletterSubscribers.id, sub.id));
		await confirmConsents(tx, sub.id, now);
		await queueMail(
			{
				...welcomeMail(sub.locale, links.preferences, links.unsubscribePage),
				to: sub.email,
				locale: sub.locale,
				template: 'newsletter.welcome.v1',
				headers: unsubscribeHeaders(sub)
			},
			{ tx, client }
		);
		await record(
			ANONYMOUS,
			{ action: 'newsletter.confirm', entity: 'newsletter_subscriber', entityId: sub.id, before: { status: 'pending' }, after: { status: 'active' }, requestId },
			tx
		);
		return { status: 'confirmed', preferencesUrl: links.preferences };
	});
}

/** The path part of an absolute link on this site (for links on our own pages). */
export function sitePath(url: string): string {
	const u = new URL(url);
	return `${u.pathname}${u.search}`;
}
