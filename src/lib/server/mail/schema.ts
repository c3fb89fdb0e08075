import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'uncertain'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** A file sent with a mail (e.g. an event's .ics); text content only, stored with the row. */
export interface MailAttachment {
	filename: string;
	contentType: string;
	content: string;
}

/**
 * The outbox: every mail is a row first, then a job sends it. The row id is
 * the idempotency key — a row that reached 'sending' is never sent again.
 */
export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		toAddress: text('to_address').notNull(),
		locale: text('locale').notNull(),
		template: text('template').notNull(),
		subject: text('subject').notNull(),
		textBody: text('text_body').notNull(),
		htmlBody: text('html_body').notNull(),
		headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
		attachments: jsonb('attachments').$type<MailAttachment[]>().notNull().default([]),
		status: text('status').$type<MailStatus>().notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		messageId: text('message_id').notNull(),
		transport: text('transport'),
		sendingAt: timestamp('sending_at', { withTimezone: true }),
		sentAt: timestamp('sent_at', { withTimezone: true })
	},
	(t) => [index('mail_outbox_status_idx').on(t.status, t.createdAt)]
);
