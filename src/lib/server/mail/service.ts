/**
 * Mail: queue a message (a row in the outbox plus a job in the same
 * transaction); the mail.send job delivers it exactly once or marks it.
 */
import { randomUUID } from 'node:crypto';
import { config } from '../core/config';
import { db, transaction, type Db } from '../core/db';
import { enqueue } from '../core/jobs';
import { log, maskEmail } from '../core/log';
import { requireAccess, type Actor } from '../access/policy';
import {
	claimForSending,
	findOutbox,
	insertOutbox,
	listOutbox,
	markRetryable,
	markSent,
	markStuckUncertain,
	purgeFinished,
	type OutboxRow
} from './repository';
import { devMailboxEnabled, mailTransport } from './transport';
import type { RenderedMail } from './render';
import type { MailAttachment } from './schema';

export const SEND_JOB = 'mail.send';

export interface QueueMailInput extends RenderedMail {
	to: string;
	locale: string;
	template: string;
	headers?: Record<string, string>;
	/** Small text files (e.g. an event's .ics), stored with the outbox row. */
	attachments?: MailAttachment[];
}

function messageIdFor(id: string): string {
	const host = new URL(config().origin).hostname || 'localhost';
	return `<${id}@${host}>`;
}

/** Queue a mail. With `tx`/`client`, both the row and the job commit with the caller's transaction. */
export async function queueMail(
	input: QueueMailInput,
	within?: { tx: Db; client: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } }
): Promise<string> {
	const run = async (tx: Db, client: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }) => {
		const id = randomUUID();
		await insertOutbox(tx, {
			id,
			toAddress: input.to,
			locale: input.locale,
			template: input.template,
			subject: input.subject,
			textBody: input.text,
			htmlBody: input.html,
			headers: { 'Content-Language': input.locale, ...input.headers },
			attachments: input.attachments ?? [],
			messageId: messageIdFor(id)
		});
		await enqueue(SEND_JOB, { id }, { tx: client, singletonKey: id });
		return id;
	};
	const id = within ? await run(within.tx, within.client) : await transaction(run);
	log.info({ mailId: id, to: maskEmail(input.to), template: input.template }, 'mail queued');
	return id;
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

/** Permanent SMTP rejections (5xx) are not retried. */
function isPermanent(err: unknown): boolean {
	const code = (err as { responseCode?: number }).responseCode;
	return typeof code === 'number' && code >= 500 && code < 600;
}

/** Delivers one outbox row. Idempotent: a row that is not 'queued' is never sent again. */
export async function deliver(id: string, final = false): Promise<DeliveryOutcome> {
	const row = await claimForSending(db(), id, new Date());
	if (!row) return 'skipped';
	const transport = mailTransport();
	try {
		await transport.send({
			from: config().MAIL_FROM,
			to: row.toAddress,
			subject: row.subject,
			text: row.textBody,
			html: row.htmlBody,
			messageId: row.messageId,
			headers: row.headers,
			attachments: row.attachments
		});
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		const permanent = isPermanent(err);
		await markRetryable(db(), id, message, permanent || final);
		log.warn({ mailId: id, permanent, err: message }, 'mail delivery failed');
		return permanent || final ? 'failed' : 'retry';
	}
	await markSent(db(), id, transport.name, new Date());
	if (transport.name === 'devbox') {
		log.info({ mailId: id, subject: row.subject, mailbox: `${config().origin}/dev/mail/${id}` }, 'mail delivered to development mailbox');
	} else {
		log.info({ mailId: id, to: maskEmail(row.toAddress) }, 'mail sent');
	}
	return 'sent';
}

export async function sweepStuck(now = new Date()): Promise<number> {
	return markStuckUncertain(db(), new Date(now.getTime() - 10 * 60_000));
}

/** Mails hold personal data (addresses, feedback texts): finished ones are kept 30 days, then deleted. */
export const OUTBOX_RETENTION_DAYS = 30;

export async function purgeOldMail(now = new Date()): Promise<number> {
	return purgeFinished(db(), new Date(now.getTime() - OUTBOX_RETENTION_DAYS * 24 * 3600_000));
}

/** The development mailbox (only when no SMTP is configured and not in production). */
export async function devMailbox(limit = 100): Promise<OutboxRow[] | undefined> {
	if (!devMailboxEnabled()) return undefined;
	return listOutbox(db(), limit);
}

export async function devMail(id: string): Promise<OutboxRow | undefined> {
	if (!devMailboxEnabled()) return undefined;
	return findOutbox(db(), id);
}

export async function outboxForStaff(actor: Actor, limit = 100): Promise<OutboxRow[]> {
	requireAccess(actor, 'mail.outbox.read');
	return listOutbox(db(), limit);
}
