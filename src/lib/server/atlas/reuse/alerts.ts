/**
 * E-mail alerts for saved searches (issue 3): a person subscribes to the
 * current atlas search; double opt-in by POST; a weekly digest (digest.ts);
 * one-click unsubscribe (RFC 8058) from every alert mail. See
 * docs/adr/0011-alerts-and-embeds.md for consent, withdrawal and retention.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { m } from '../../../paraglide/messages';
import { baseLocale, isLocale, locales, type Locale } from '../../../paraglide/runtime';
import { fieldErrorsFrom, type FieldErrors } from '../../../forms/errors';
import { ANONYMOUS, SYSTEM, type Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { config } from '../../core/config';
import { db, transaction } from '../../core/db';
import { hashToken, newToken } from '../../core/tokens';
import { queueMail } from '../../mail/service';
import { keyedHash, sign, verify } from '../../platform/secrets';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../../protection/service';
import { hit } from '../../protection/rate-limit';
import { parseSearchParams, type SearchResult } from '../contract';
import { resolvePlace } from '../service';
import { alertActiveMail, confirmAlertMail } from './alert-mails';
import { canonicalQuery, describeSearch, storedParams, withoutExactPosition, wordsAsText, type SearchWords } from './query';
import * as repo from './repository';

export const ALERT_FORM = 'atlas-alert';
export const ALERT_LIMIT = { name: 'ip', max: 10, windowSeconds: 3600 };
/** Confirmation mails per address and day: nobody can flood someone else's inbox through this form. */
export const ADDRESS_LIMIT = { name: 'atlas-alert:address', max: 3, windowSeconds: 24 * 3600 };
export const CONFIRM_DAYS = 7;
/** Unconfirmed alerts are deleted after this many days (requirement D-06). */
export const PENDING_DAYS = 7;
/** Proof records of a withdrawn consent: three years after the end of the year of withdrawal (§§ 195, 199 BGB). */
export const PROOF_YEARS = 3;

const DAY_MS = 24 * 3600_000;
const UNSUBSCRIBE_PURPOSE = 'atlas-alert-unsubscribe';

/**
 * The consent text's version: a digest of the consent wording in every
 * locale, so any change to the text is a new version without anyone having
 * to remember to bump a number.
 */
export function consentVersion(): string {
	const h = createHash('sha256');
	for (const l of locales) {
		h.update(l).update('\0').update(m.reuse_alert_consent_label({}, { locale: l })).update('\0');
		h.update(m.reuse_alert_privacy({}, { locale: l })).update('\0');
	}
	return `atlas-alert:${h.digest('hex').slice(0, 16)}`;
}

const alertSchema = z.object({
	email: z
		.string()
		.trim()
		.min(1, { error: 'reuse_error_email_required' })
		.max(254, { error: 'reuse_error_email' })
		.pipe(z.email({ error: 'reuse_error_email' }))
		.transform((v) => v.toLowerCase()),
	consent: z.literal('yes', { error: 'reuse_error_consent' })
});

export interface AlertValues {
	email: string;
	consent: string;
}

export function alertValues(form: FormData): AlertValues {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, 500) : '';
	};
	return { email: text('email'), consent: text('consent') };
}

/** What the subscribe page shows about the search; `usable` is false when the place is not clear yet. */
export interface AlertSearch {
	query: string;
	words: SearchWords[];
	usable: boolean;
	place: SearchResult['place']['status'];
}

export async function alertSearch(search: URLSearchParams, locale: string): Promise<AlertSearch> {
	const params = parseSearchParams(search);
	const { place } = await resolvePlace(params);
	// An ambiguous or unknown place would silently become "everywhere": the person picks the place first.
	const usable = place.status === 'none' || place.status === 'found';
	return { query: canonicalQuery(params), words: await describeSearch(params, locale, place), usable, place: place.status };
}

export type SubscribeOutcome =
	| { ok: true }
	| { ok: false; reason: 'place' }
	| { ok: false; values: AlertValues; errors: FieldErrors; reason?: ProtectionReason; retryAfterSeconds?: number };

export interface SubscribeContext {
	ip: string;
	locale: string;
	now?: Date;
}

function pageUrl(locale: string, path: string, query: string): string {
	return `${config().origin}/${locale}${path}${query ? `?${query}` : ''}`;
}

/**
 * Validates first (typing mistakes never count against a limit), then the
 * bot protection, then stores a pending alert and queues the confirmation
 * mail in one transaction. Nothing else happens until the POST confirmation.
 */
export async function subscribe(search: URLSearchParams, form: FormData, ctx: SubscribeContext): Promise<SubscribeOutcome> {
	const now = ctx.now ?? new Date();
	const locale: Locale = isLocale(ctx.locale) ? ctx.locale : baseLocale;
	const parsedSearch = parseSearchParams(search);
	const { place } = await resolvePlace(parsedSearch);
	if (place.status !== 'none' && place.status !== 'found') return { ok: false, reason: 'place' };

	const values = alertValues(form);
	const parsed = alertSchema.safeParse(values);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'email') };

	const protection = await checkSubmission(form, { form: ALERT_FORM, ip: ctx.ip, limit: ALERT_LIMIT, now });
	if (!protection.ok) {
		// A filled honeypot gets the answer a person gets; nothing is stored or sent.
		if (protection.reason === 'spam') return { ok: true };
		return protectionRejection(protection, values);
	}
	const email = parsed.data.email;
	// Over the per-address limit the answer stays the same: the form must not tell whether an address was used.
	if (!(await hit(ADDRESS_LIMIT, email, now)).ok) return { ok: true };

	const params = await withoutExactPosition(parsedSearch);
	const query = canonicalQuery(params);
	const words = wordsAsText(await describeSearch(params, locale, place), locale);
	const token = newToken();
	await transaction(async (tx, client) => {
		const alert = await repo.insertAlert(tx, { email, locale, query, status: 'pending', consentVersion: consentVersion(), createdAt: now });
		await repo.insertToken(tx, {
			tokenHash: hashToken(token),
			purpose: 'alert_confirm',
			locale,
			payload: { alertId: alert.id },
			createdAt: now,
			expiresAt: new Date(now.getTime() + CONFIRM_DAYS * DAY_MS)
		});
		const url = pageUrl(locale, '/atlas/benachrichtigung/bestaetigen', `token=${encodeURIComponent(token)}`);
		await queueMail({ ...confirmAlertMail(locale, words, url, CONFIRM_DAYS), to: email, locale, template: 'atlas.alert.confirm' }, { tx, client });
		// No address in the audit log: the alert row is the consent record; the log keeps the status history.
		await record(ANONYMOUS, { action: 'atlas.alert.subscribe', entity: 'atlas_alert', entityId: alert.id, after: { status: 'pending', locale } }, tx);
	});
	return { ok: true };
}

export type TokenState = 'usable' | 'used' | 'expired' | 'unknown';

function tokenState(row: repo.TokenRow | undefined, now: Date): TokenState {
	if (!row) return 'unknown';
	if (row.usedAt) return 'used';
	if (row.expiresAt <= now) return 'expired';
	return 'usable';
}

const alertIdOf = (row: repo.TokenRow): string | undefined => {
	const id = row.payload.alertId;
	return typeof id === 'string' ? id : undefined;
};

/** For the confirmation page's GET: looks, changes nothing. */
export async function confirmationPreview(token: string, locale: string, now = new Date()): Promise<{ state: TokenState; words: SearchWords[] }> {
	if (!token || token.length > 100) return { state: 'unknown', words: [] };
	const row = await repo.findToken(db(), hashToken(token));
	const state = tokenState(row, now);
	const alertId = row && alertIdOf(row);
	const alert = state === 'usable' && alertId ? await repo.findAlert(db(), alertId) : undefined;
	if (state === 'usable' && !alert) return { state: 'unknown', words: [] };
	return { state, words: alert ? await describeSearch(storedParams(alert.query), locale) : [] };
}

export type ConfirmOutcome =
	| { status: 'confirmed' | 'already_active'; unsubscribePath: string; words: SearchWords[] }
	| { status: 'used' | 'expired' | 'unknown' };

/** One-click unsubscribe address for the List-Unsubscribe header; the same signed value as the page link. */
export function unsubscribeUrls(alertId: string, locale: string): { page: string; oneClick: string; pagePath: string } {
	const a = encodeURIComponent(sign(UNSUBSCRIBE_PURPOSE, alertId));
	const pagePath = `/${locale}/atlas/benachrichtigung/abbestellen?a=${a}`;
	return { page: `${config().origin}${pagePath}`, pagePath, oneClick: `${config().origin}/api/v1/alerts/unsubscribe?a=${a}` };
}

/** RFC 2369 / RFC 8058 headers for every mail about an active alert. */
export function unsubscribeHeaders(alertId: string, locale: string): Record<string, string> {
	return {
		'List-Unsubscribe': `<${unsubscribeUrls(alertId, locale).oneClick}>`,
		'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
	};
}

export function listUrl(query: string, locale: string): string {
	return pageUrl(locale, '/atlas', query);
}

/**
 * The POST of the confirmation page: consumes the token (single use,
 * expiry checked) and activates the alert, in one transaction.
 */
export async function confirmAlert(token: string, now = new Date(), requestId?: string): Promise<ConfirmOutcome> {
	if (!token || token.length > 100) return { status: 'unknown' };
	const outcome = await transaction(async (tx, client) => {
		const row = await repo.findToken(tx, hashToken(token), true);
		const state = tokenState(row, now);
		if (!row || state !== 'usable') return { status: state as 'used' | 'expired' | 'unknown' };
		await repo.markTokenUsed(tx, row.tokenHash, now);
		const alertId = alertIdOf(row);
		const alert = alertId ? await repo.findAlert(tx, alertId, true) : undefined;
		if (!alert || alert.status !== 'pending') return { status: 'unknown' as const };
		const twin = await repo.findActiveTwin(tx, alert);
		if (twin) {
			// The same address already gets this search: a second alert would mean every digest twice.
			await repo.deleteAlert(tx, alert.id);
			await record(ANONYMOUS, { action: 'atlas.alert.duplicate', entity: 'atlas_alert', entityId: alert.id, after: { activeId: twin.id }, requestId }, tx);
			return { status: 'already_active' as const, alert: twin };
		}
		await repo.activateAlert(tx, alert.id, now);
		const urls = unsubscribeUrls(alert.id, alert.locale);
		const words = wordsAsText(await describeSearch(storedParams(alert.query), alert.locale), alert.locale);
		await queueMail(
			{
				...alertActiveMail(alert.locale, words, listUrl(alert.query, alert.locale), urls.page),
				to: alert.email,
				locale: alert.locale,
				template: 'atlas.alert.active',
				headers: unsubscribeHeaders(alert.id, alert.locale)
			},
			{ tx, client }
		);
		await record(
			ANONYMOUS,
			{ action: 'atlas.alert.confirm', entity: 'atlas_alert', entityId: alert.id, before: { status: 'pending' }, after: { status: 'active', consentVersion: alert.consentVersion }, requestId },
			tx
		);
		return { status: 'confirmed' as const, alert };
	});
	if (!('alert' in outcome)) return outcome;
	if (!outcome.alert) return { status: 'unknown' };
	const { alert, status } = outcome;
	return { status, unsubscribePath: unsubscribeUrls(alert.id, alert.locale).pagePath, words: await describeSearch(storedParams(alert.query), alert.locale) };
}

/** The alert a signed unsubscribe value names, or undefined for a forged or mangled one. */
export function alertIdFromSigned(signed: string | null): string | undefined {
	if (!signed || signed.length > 300) return undefined;
	const id = verify(UNSUBSCRIBE_PURPOSE, signed);
	return id && /^[0-9a-f-]{36}$/.test(id) ? id : undefined;
}

export type UnsubscribePreview = { state: 'invalid' } | { state: 'active' | 'gone'; locale: string; words: SearchWords[] };

/** For the unsubscribe page's GET: looks, changes nothing. */
export async function unsubscribePreview(signed: string | null, locale: string): Promise<UnsubscribePreview> {
	const id = alertIdFromSigned(signed);
	if (!id) return { state: 'invalid' };
	const alert = await repo.findAlert(db(), id);
	if (!alert || alert.status === 'unsubscribed') return { state: 'gone', locale: alert?.locale ?? locale, words: [] };
	return { state: 'active', locale: alert.locale, words: await describeSearch(storedParams(alert.query), locale) };
}

export type UnsubscribeChannel = 'link' | 'one-click';

/**
 * Withdrawal, as easy as the consent: no sign-in, no cookie, no further
 * question. Idempotent: a second click (or a mail provider's retry) answers
 * the same. Returns 'invalid' only for a forged or mangled link.
 */
export async function unsubscribe(signed: string | null, channel: UnsubscribeChannel, now = new Date(), actor: Actor = ANONYMOUS): Promise<'unsubscribed' | 'invalid'> {
	const id = alertIdFromSigned(signed);
	if (!id) return 'invalid';
	await transaction(async (tx) => {
		const alert = await repo.findAlert(tx, id, true);
		if (!alert || alert.status === 'unsubscribed') return;
		await repo.markUnsubscribed(tx, id, emailPseudonym(alert.email), now);
		await record(actor, { action: 'atlas.alert.unsubscribe', entity: 'atlas_alert', entityId: id, before: { status: alert.status }, after: { status: 'unsubscribed', channel } }, tx);
	});
	return 'unsubscribed';
}

/** What stays of an address after withdrawal: its keyed hash, enough to prove a consent for a given address. */
export function emailPseudonym(email: string): string {
	return `hmac:${keyedHash('atlas-alert-email', email.trim().toLowerCase())}`;
}

/** The daily purge: unconfirmed alerts after PENDING_DAYS, expired tokens, old proof records. */
export async function purgeAlertData(now = new Date()): Promise<repo.PurgeCounts> {
	const pendingBefore = new Date(now.getTime() - PENDING_DAYS * DAY_MS);
	// Withdrawn in year Y → kept until the end of Y + PROOF_YEARS.
	const proofBefore = new Date(Date.UTC(now.getUTCFullYear() - PROOF_YEARS, 0, 1));
	const counts = await transaction(async (tx) => {
		const c = await repo.purgeAlerts(tx, now, pendingBefore, proofBefore);
		if (c.pending + c.withdrawn > 0) await record(SYSTEM, { action: 'atlas.alert.purge', entity: 'atlas_alert', after: c }, tx);
		return c;
	});
	return counts;
}
