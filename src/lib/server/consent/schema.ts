import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const CONSENT_STATUSES = ['pending', 'confirmed', 'withdrawn', 'expired'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** How a consent changed state: the DOI link, RFC 8058 one-click, the self-service page, staff. */
export const CONSENT_CHANNELS = ['form', 'link', 'one-click', 'self-service', 'admin', 'purge'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export interface ConsentEvent {
	status: ConsentStatus;
	/** ISO 8601 with offset. */
	at: string;
	channel: ConsentChannel;
}

/**
 * The consent record (requirements §2.2, D-05): one row per declaration and
 * purpose — separate purposes are separate rows, never coupled (D-10).
 * The wording is stored exactly as shown, with its version and language.
 * After withdrawal or deletion the address is cleared and only its keyed
 * hash stays with the proof (D-08); proofs are purged three years after the
 * end of the year of withdrawal.
 */
export const consents = pgTable(
	'consents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Pseudonymous subject: the supporter's or subscriber's id at the time. */
		subjectId: uuid('subject_id').notNull(),
		/** The address; null once the subject's data were deleted. */
		email: text('email'),
		/** keyedHash('consent-email', normalised address): links proofs after deletion. */
		emailHash: text('email_hash').notNull(),
		/** e.g. 'appeal.sign', 'appeal.public', 'newsletter'. */
		purpose: text('purpose').notNull(),
		/** e.g. 'v1': the version of the wording. */
		version: text('version').notNull(),
		locale: text('locale').notNull(),
		/** The checkbox wording exactly as shown. */
		wording: text('wording').notNull(),
		/** Where the declaration was made (path of the form). */
		source: text('source').notNull(),
		status: text('status').$type<ConsentStatus>().notNull().default('pending'),
		requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
		confirmationSentAt: timestamp('confirmation_sent_at', { withTimezone: true }),
		/** Template name and version of the confirmation mail, e.g. 'supporters.confirm.v1'. */
		confirmationTemplate: text('confirmation_template'),
		confirmationMessageId: text('confirmation_message_id'),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
		withdrawnChannel: text('withdrawn_channel').$type<ConsentChannel>(),
		history: jsonb('history').$type<ConsentEvent[]>().notNull().default([])
	},
	(t) => [
		index('consents_email_hash_idx').on(t.emailHash),
		index('consents_subject_idx').on(t.subjectId, t.purpose),
		check('consents_status_check', sql`${t.status} in ('pending', 'confirmed', 'withdrawn', 'expired')`)
	]
);

/**
 * Addresses that withdrew: only keyedHash('consent-email', address) per scope
 * ('newsletter', 'appeal'). A new double opt-in removes the entry.
 */
export const mailSuppressions = pgTable(
	'mail_suppressions',
	{
		emailHash: text('email_hash').notNull(),
		scope: text('scope').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.emailHash, t.scope] })]
);

/**
 * Single-use (or, for the self-service page, short-lived) links mailed to
 * people without an account: supporter and newsletter confirmation, the
 * "my data" page, community event verification. Only the SHA-256 is stored.
 */
export const emailTokens = pgTable(
	'email_tokens',
	{
		tokenHash: text('token_hash').primaryKey(),
		/** e.g. 'supporter.confirm', 'newsletter.confirm', 'mydata', 'event.submission'. */
		purpose: text('purpose').notNull(),
		/** The row the token acts on (supporter, subscriber, event); null for 'mydata'. */
		targetId: uuid('target_id'),
		email: text('email').notNull(),
		locale: text('locale').notNull().default('de'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [index('email_tokens_target_idx').on(t.targetId), index('email_tokens_expires_idx').on(t.expiresAt)]
);
