/**
 * The newsletter's own SMTP transport: one pooled nodemailer transport per
 * process (a few long-lived connections instead of one per message). Without
 * SMTP_URL (development) it falls back to the platform transport, i.e. the
 * development mailbox, which keeps nothing for newsletters.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../../core/config';
import { mailTransport } from '../../mail/transport';

export interface NewsletterMail {
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	messageId: string;
	headers: Record<string, string>;
}

export interface NewsletterTransport {
	name: string;
	send(mail: NewsletterMail): Promise<void>;
	close(): void;
}

export function pooledSmtpTransport(url: string, connections: number): NewsletterTransport {
	const transporter: Transporter = nodemailer.createTransport({ url, pool: true, maxConnections: connections, maxMessages: 1000 });
	return {
		name: 'smtp-pool',
		async send(mail) {
			await transporter.sendMail({ ...mail });
		},
		close: () => transporter.close()
	};
}

let override: NewsletterTransport | undefined;
let cached: NewsletterTransport | undefined;

export function newsletterTransport(): NewsletterTransport {
	if (override) return override;
	if (!cached) {
		const c = config();
		cached = c.SMTP_URL ? pooledSmtpTransport(c.SMTP_URL, c.NEWSLETTER_SMTP_CONNECTIONS) : { ...mailTransport(), name: 'devbox' };
	}
	return cached;
}

/** Tests and the benchmark: send through a given transport (or back to the configured one). */
export function setNewsletterTransport(next: NewsletterTransport | undefined): void {
	override?.close();
	override = next;
	cached?.close();
	cached = undefined;
}
