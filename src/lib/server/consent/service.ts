/**
 * Consent records (requirements §2.2, D-04…D-10), shared by the supporter
 * appeal and the newsletter. A module asks for consents when a form is sent
 * (status 'pending'), notes the confirmation mail, confirms them when the
 * person posts the mailed link, and withdraws them from any channel. Each
 * change is appended to the row's history with time and channel.
 *
 * Deliberately not stored: IP address and user agent. The double opt-in
 * itself (a mail to the address, a POST from its link, the exact wording and
 * times) is the proof; network data would add personal data without making
 * it stronger. See docs/adr/0018-consent-records.md.
 */
import { and, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../core/db';
import { keyedHash } from '../platform/secrets';
import { consentVersion, consentWording, SUPPRESSION_SCOPE, type ConsentPurpose } from './purposes';
import { consents, mailSuppressions, type ConsentChannel, type ConsentEvent, type ConsentStatus } from './schema';

export type ConsentRow = typeof consents.$inferSelect;

/** Proofs of withdrawn or lapsed consents: kept until three years after the end of that year (§§ 195, 199 BGB). */
export const PROOF_RETENTION_YEARS = 3;

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** The keyed hash that stays of an address after deletion. */
export function emailHash(email: string): string {
	return keyedHash('consent-email', normaliseEmail(email));
}

function entry(status: ConsentStatus, at: Date, channel: ConsentChannel): ConsentEvent {
	return { status, at: at.toISOString(), channel };
}

function appendHistory(event: ConsentEvent) {
	return sql`${consents.history} || ${JSON.stringify([event])}::jsonb`;
}

export interface ConsentRequest {
	subjectId: string;
	email: string;
	locale: string;
	/** Path of the form the person used. */
	source: string;
	purposes: readonly ConsentPurpose[];
	at?: Date;
}

/** Records one pending consent per purpose, with the wording exactly as shown in the person's language. */
export async function requestConsents(q: Executor, input: ConsentRequest): Promise<ConsentRow[]> {
	if (input.purposes.length === 0) return [];
	const at = input.at ?? new Date();
	const hash = emailHash(input.email);
	return q
		.insert(consents)
		.values(
			[...new Set(input.purposes)].map((purpose) => ({
				subjectId: input.subjectId,
				email: normaliseEmail(input.email),
				emailHash: hash,
				purpose,
				version: consentVersion(purpose),
				locale: input.locale,
				wording: consentWording(purpose, input.locale),
				source: input.source,
				status: 'pending' as const,
				requestedAt: at,
				history: [entry('pending', at, 'form')]
			}))
		)
		.returning();
}

/** Notes the confirmation mail (template with version, outbox message id) on the subject's pending consents. */
export async function noteConfirmationMail(
	q: Executor,
	subjectId: string,
	mail: { template: string; messageId: string; at?: Date }
): Promise<void> {
	await q
		.update(consents)
		.set({ confirmationSentAt: mail.at ?? new Date(), confirmationTemplate: mail.template, confirmationMessageId: mail.messageId })
		.where(and(eq(consents.subjectId, subjectId), eq(consents.status, 'pending')));
}

/**
 * The double opt-in click: every pending consent of the subject becomes
 * confirmed; a new confirmation lifts earlier suppressions of those purposes.
 */
export async function confirmConsents(q: Executor, subjectId: string, at = new Date()): Promise<ConsentRow[]> {
	const rows = await q
		.update(consents)
		.set({ status: 'confirmed', confirmedAt: at, history: appendHistory(entry('confirmed', at, 'link')) })
		.where(and(eq(consents.subjectId, subjectId), eq(consents.status, 'pending')))
		.returning();
	const scopes = [...new Set(rows.map((r) => SUPPRESSION_SCOPE[r.purpose as ConsentPurpose]).filter(Boolean))];
	if (rows[0] && scopes.length > 0) {
		await q.delete(mailSuppressions).where(and(eq(mailSuppressions.emailHash, rows[0].emailHash), inArray(mailSuppressions.scope, scopes)));
	}
	return rows;
}

/**
 * Withdrawal, for some purposes or all of the subject's: pending and
 * confirmed consents become withdrawn, and the address gets a suppression
 * entry per purpose (its keyed hash only).
 */
export async function withdrawConsents(
	q: Executor,
	subjectId: string,
	channel: ConsentChannel,
	purposes?: readonly ConsentPurpose[],
	at = new Date()
): Promise<ConsentRow[]> {
	const rows = await q
		.update(consents)
		.set({ status: 'withdrawn', withdrawnAt: at, withdrawnChannel: channel, history: appendHistory(entry('withdrawn', at, channel)) })
		.where(
			and(
				eq(consents.subjectId, subjectId),
				inArray(consents.status, ['pending', 'confirmed']),
				purposes ? inArray(consents.purpose, [...purposes]) : undefined
			)
		)
		.returning();
	const suppressions = [...new Map(rows.map((r) => [`${r.emailHash}\0${r.purpose}`, r])).values()].map((r) => ({
		emailHash: r.emailHash,
		scope: SUPPRESSION_SCOPE[r.purpose as ConsentPurpose] ?? r.purpose
	}));
	if (suppressions.length > 0) await q.insert(mailSuppressions).values(suppressions).onConflictDoNothing();
	return rows;
}

/**
 * A sign-up that was never confirmed (purged after 7 days): the pending
 * consents lapse and lose the address; the hashed record of the request stays
 * as proof of what was asked and mailed.
 */
export async function expireConsents(q: Executor, subjectIds: readonly string[], at = new Date()): Promise<number> {
	if (subjectIds.length === 0) return 0;
	const rows = await q
		.update(consents)
		.set({ status: 'expired', email: null, withdrawnAt: at, withdrawnChannel: 'purge', history: appendHistory(entry('expired', at, 'purge')) })
		.where(and(inArray(consents.subjectId, [...subjectIds]), eq(consents.status, 'pending')))
		.returning({ id: consents.id });
	return rows.length;
}

/** Deletion of a subject's data: consents are withdrawn (if still live) and keep only the hash of the address. */
export async function forgetSubject(q: Executor, subjectId: string, channel: ConsentChannel, at = new Date()): Promise<void> {
	await withdrawConsents(q, subjectId, channel, undefined, at);
	await q.update(consents).set({ email: null }).where(eq(consents.subjectId, subjectId));
}

/** Every consent record ever made for an address (live, withdrawn and hashed-only ones). */
export async function consentsForEmail(q: Executor, email: string): Promise<ConsentRow[]> {
	return q.select().from(consents).where(eq(consents.emailHash, emailHash(email))).orderBy(consents.requestedAt);
}

export async function consentsForSubject(q: Executor, subjectId: string): Promise<ConsentRow[]> {
	return q.select().from(consents).where(eq(consents.subjectId, subjectId)).orderBy(consents.requestedAt);
}

/** Whether an address withdrew from a scope ('newsletter', 'appeal', …) and has not opted in again since. */
export async function isSuppressed(q: Executor, email: string, scope: string): Promise<boolean> {
	const rows = await q
		.select({ scope: mailSuppressions.scope })
		.from(mailSuppressions)
		.where(and(eq(mailSuppressions.emailHash, emailHash(email)), eq(mailSuppressions.scope, scope)))
		.limit(1);
	return rows.length > 0;
}

/** The export form of a record: what a person or an auditor reads (D-05). */
export function consentForExport(row: ConsentRow) {
	return {
		id: row.id,
		purpose: row.purpose,
		version: row.version,
		language: row.locale,
		wording: row.wording,
		source: row.source,
		status: row.status,
		requestedAt: row.requestedAt.toISOString(),
		confirmationMail: row.confirmationSentAt
			? { sentAt: row.confirmationSentAt.toISOString(), template: row.confirmationTemplate, messageId: row.confirmationMessageId }
			: null,
		confirmedAt: row.confirmedAt?.toISOString() ?? null,
		withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
		withdrawnChannel: row.withdrawnChannel ?? null,
		history: row.history
	};
}

/** Start of the first day on which a proof withdrawn at `at` may be deleted. */
export function proofExpiry(at: Date): Date {
	return new Date(Date.UTC(at.getUTCFullYear() + PROOF_RETENTION_YEARS + 1, 0, 1));
}

/** Deletes proofs of withdrawn and lapsed consents whose retention ended. */
export async function purgeExpiredProofs(q: Executor, now = new Date()): Promise<number> {
	const cutoff = new Date(Date.UTC(now.getUTCFullYear() - PROOF_RETENTION_YEARS, 0, 1));
	const rows = await q
		.delete(consents)
		.where(and(or(eq(consents.status, 'withdrawn'), eq(consents.status, 'expired')), isNotNull(consents.withdrawnAt), lt(consents.withdrawnAt, cutoff)))
		.returning({ id: consents.id });
	return rows.length;
}
