/** Vitest hooks around the test SMTP server (kept apart: smtp.ts also runs in global setups, where vitest cannot be imported). */
import { afterEach, beforeEach } from 'vitest';
import { setMailTransport, smtpTransport } from '../../src/lib/server/mail/transport';
import { startTestSmtp, type TestSmtp } from './smtp';

/**
 * For each test in the calling file: a fresh SMTP server, and the platform's
 * mail transport pointed at it. Returns a getter for the current server.
 */
export function useTestSmtp(): () => TestSmtp {
	let current: TestSmtp | undefined;
	beforeEach(async () => {
		current = await startTestSmtp();
		setMailTransport(smtpTransport(current.url));
	});
	afterEach(async () => {
		setMailTransport(undefined);
		await current?.close();
		current = undefined;
	});
	return () => {
		if (!current) throw new Error('no test SMTP server: call inside a test');
		return current;
	};
}
