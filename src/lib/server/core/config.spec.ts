import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('configuration', () => {
	it('has working defaults for a fresh checkout', () => {
		const c = parseConfig({});
		expect(c).toMatchObject({ PORT: 3000, ANPACKEN_ROLE: 'all', origin: 'http://localhost:3000', secureCookies: false, production: false });
	});

	it('names the bad variable', () => {
		expect(() => parseConfig({ PORT: 'abc' })).toThrow(/PORT/);
		expect(() => parseConfig({ ANPACKEN_ROLE: 'boss' })).toThrow(/ANPACKEN_ROLE/);
		expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL \(value hidden\)/);
	});

	it('demands secrets, https and SMTP in production', () => {
		try {
			parseConfig({ NODE_ENV: 'production' });
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(ConfigError);
			const text = (err as ConfigError).problems.join('\n');
			expect(text).toMatch(/SECRET_KEY/);
			expect(text).toMatch(/ORIGIN/);
			expect(text).toMatch(/SMTP_URL/);
		}
		const ok = parseConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(40), ORIGIN: 'https://anpacken.example', SMTP_URL: 'smtp://mail:25' });
		expect(ok.secureCookies).toBe(true);
	});

	it('treats empty strings as unset', () => {
		expect(parseConfig({ PORT: '', DATABASE_URL: ' ' }).PORT).toBe(3000);
	});
});
