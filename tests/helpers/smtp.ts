/**
 * A real SMTP server on loopback for tests: receives mail over SMTP and
 * parses it with mailparser, so tests see exactly what a mail client would.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
	to: string[];
	parsed: ParsedMail;
	raw: string;
}

export interface TestSmtp {
	url: string;
	port: number;
	mails: ReceivedMail[];
	/** Waits until `count` mails (in total) arrived, or fails after `timeoutMs`. */
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
	/** Makes the next `n` deliveries fail with a temporary (4xx) error. */
	failNext(n: number): void;
	close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
	const mails: ReceivedMail[] = [];
	let failures = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				if (failures > 0) {
					failures--;
					const err = Object.assign(new Error('try again later'), { responseCode: 451 });
					callback(err);
					return;
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				simpleParser(raw).then(
					(parsed) => {
						mails.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed, raw });
						callback();
					},
					(err: Error) => callback(err)
				);
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as AddressInfo).port;
	return {
		url: `smtp://127.0.0.1:${port}`,
		port,
		mails,
		failNext(n) {
			failures = n;
		},
		async waitFor(count, timeoutMs = 15_000) {
			const until = Date.now() + timeoutMs;
			while (mails.length < count) {
				if (Date.now() > until) throw new Error(`expected ${count} mails, got ${mails.length}`);
				await new Promise((r) => setTimeout(r, 50));
			}
			return mails;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

