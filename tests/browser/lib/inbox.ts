/** The test side of the loopback inbox that the global setup serves. */
import { inject } from 'vitest';

export interface InboxMail {
	index: number;
	to: string[];
	subject: string;
	text: string;
	html: string;
	contentLanguage: string;
	/** Header values by lower-case name (unfolded). */
	headers: Record<string, string>;
	/** Attachments with their content as UTF-8 text (e.g. an event's .ics). */
	attachments?: { filename: string; contentType: string; content: string }[];
}

async function all(): Promise<InboxMail[]> {
	const res = await fetch(inject('inboxUrl'));
	if (!res.ok) throw new Error(`inbox answered ${res.status}`);
	return (await res.json()) as InboxMail[];
}

/** How many mails arrived so far; pass it to waitForMail to see only newer ones. */
export async function mailCount(): Promise<number> {
	return (await all()).length;
}

/** The first mail to `to` that arrived after the first `after` mails. Sending goes through the job queue. */
export async function waitForMail(to: string, after: number, timeoutMs = 45_000): Promise<InboxMail> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const found = (await all()).find((m) => m.index >= after && m.to.some((a) => a.toLowerCase() === to.toLowerCase()));
		if (found) return found;
		if (Date.now() > until) throw new Error(`no mail to ${to} within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** The sign-in link in a mail's text part. */
export function signInLink(mail: InboxMail, origin: string, locale: string): string {
	const escaped = origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const match = new RegExp(`${escaped}/${locale}/anmelden/link\\?token=[A-Za-z0-9_\\-.~%]+`).exec(mail.text);
	if (!match) throw new Error(`no ${origin}/${locale}/anmelden/link?token=… in the mail text:\n${mail.text}`);
	return match[0];
}
