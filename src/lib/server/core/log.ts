/**
 * Structured logging (pino). Personal data never goes to the log: use
 * maskEmail() for addresses and never log tokens, cookies or bodies.
 */
import pino from 'pino';

const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');

export const log = pino({
	level,
	base: { app: 'anpacken' },
	redact: {
		paths: [
			'req.headers.cookie',
			'req.headers.authorization',
			'*.token',
			'*.password',
			'*.email',
			'token',
			'email'
		],
		censor: '[redacted]'
	},
	timestamp: pino.stdTimeFunctions.isoTime
});

/** "jane.doe@example.org" → "j***@e***.org" */
export function maskEmail(address: string): string {
	const at = address.lastIndexOf('@');
	if (at < 1) return '***';
	const local = address.slice(0, at);
	const domain = address.slice(at + 1);
	const dot = domain.lastIndexOf('.');
	const tld = dot > 0 ? domain.slice(dot) : '';
	return `${local[0]}***@${domain[0] ?? ''}***${tld}`;
}
