/**
 * Where mails go: SMTP via nodemailer when SMTP_URL is set; otherwise (never in
 * production) the development mailbox, i.e. the outbox row itself, shown at /dev/mail.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../core/config';
import type { MailAttachment } from './schema';

export interface OutgoingMail {
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	messageId: string;
	headers: Record<string, string>;
	attachments?: MailAttachment[];
}

export interface MailTransport {
	name: string;
	send(mail: OutgoingMail): Promise<void>;
	close(): void;
}

let override: MailTransport | undefined;
let cached: MailTransport | undefined;

export function smtpTransport(url: string): MailTransport {
	const transporter: Transporter = nodemailer.createTransport(url);
	return {
		name: 'smtp',
		async send(mail) {
			await transporter.sendMail({
				from: mail.from,
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				html: mail.html,
				messageId: mail.messageId,
				headers: mail.headers,
				attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content }))
			});
		},
		close: () => transporter.close()
	};
}

const devMailbox: MailTransport = {
	name: 'devbox',
	async send() {
		// The outbox row is the mailbox: /dev/mail renders it.
	},
	close() {}
};

export function mailTransport(): MailTransport {
	if (override) return override;
	if (!cached) {
		const c = config();
		cached = c.SMTP_URL ? smtpTransport(c.SMTP_URL) : devMailbox;
	}
	return cached;
}

export function devMailboxEnabled(): boolean {
	const c = config();
	return !c.production && !c.SMTP_URL;
}

/** Tests: send through a given transport (or back to the configured one). */
export function setMailTransport(next: MailTransport | undefined): void {
	override = next;
	cached?.close();
	cached = undefined;
}
