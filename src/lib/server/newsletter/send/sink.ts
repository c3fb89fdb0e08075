/**
 * A counting SMTP sink on loopback for the sending tests and the benchmark:
 * it counts accepted RCPT TO per address and keeps only the headers of each
 * message (not 10,000 full bodies). Addresses can be made to fail
 * temporarily (451) or permanently (550). Never used by the application.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface SinkMessage {
	to: string[];
	headers: string;
}

export interface CountingSink {
	url: string;
	/** Accepted messages per recipient address (lower case). */
	received: Map<string, number>;
	/** Header block of every accepted message, when keepHeaders is on. */
	messages: SinkMessage[];
	total(): number;
	/** The next n RCPT TO for `address` get 451 (temporary). */
	failTemporarily(address: string, n: number): void;
	/** Every RCPT TO for `address` gets 550 (permanent). */
	rejectAlways(address: string): void;
	close(): Promise<void>;
}

export async function startCountingSink(opts: { keepHeaders?: boolean } = {}): Promise<CountingSink> {
	const received = new Map<string, number>();
	const messages: SinkMessage[] = [];
	const temporary = new Map<string, number>();
	const permanent = new Set<string>();
	let total = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		size: 1024 * 1024,
		onRcptTo(address, _session, callback) {
			const a = address.address.toLowerCase();
			if (permanent.has(a)) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
			const t = temporary.get(a) ?? 0;
			if (t > 0) {
				temporary.set(a, t - 1);
				return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
			}
			callback();
		},
		onData(stream, session, callback) {
			let head = '';
			let headDone = !opts.keepHeaders;
			stream.on('data', (c: Buffer) => {
				if (headDone) return;
				head += c.toString('utf8');
				const end = head.indexOf('\r\n\r\n');
				if (end >= 0) {
					head = head.slice(0, end);
					headDone = true;
				}
			});
			stream.on('end', () => {
				const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
				for (const a of to) received.set(a, (received.get(a) ?? 0) + 1);
				total++;
				if (opts.keepHeaders) messages.push({ to, headers: head });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as AddressInfo).port;
	return {
		url: `smtp://127.0.0.1:${port}`,
		received,
		messages,
		total: () => total,
		failTemporarily: (address, n) => void temporary.set(address.toLowerCase(), n),
		rejectAlways: (address) => void permanent.add(address.toLowerCase()),
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
