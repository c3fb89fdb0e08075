import { afterEach, describe, expect, it } from 'vitest';
import { config, parseConfig, setConfig } from '../core/config';
import { sessionCookieName, sessionCookieOptions, setSessionCookie, clearSessionCookie } from './session-cookie';

describe('session cookie', () => {
	const original = config();
	afterEach(() => setConfig(original));

	it('is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, path / and without Domain on an https origin', () => {
		setConfig(parseConfig({ NODE_ENV: 'test', ORIGIN: 'https://anpacken.example.org', LOG_LEVEL: 'silent' }));
		const expires = new Date('2030-01-01T00:00:00Z');
		expect(sessionCookieName()).toBe('__Host-anpacken_session');
		const options = sessionCookieOptions(expires);
		expect(options).toEqual({ path: '/', httpOnly: true, secure: true, sameSite: 'lax', expires });
		expect(options).not.toHaveProperty('domain');

		const set: unknown[][] = [];
		const deleted: unknown[][] = [];
		const cookies = { set: (...a: unknown[]) => set.push(a), delete: (...a: unknown[]) => deleted.push(a) };
		setSessionCookie(cookies as never, 'tok', expires);
		clearSessionCookie(cookies as never);
		expect(set).toEqual([['__Host-anpacken_session', 'tok', options]]);
		expect(deleted[0]?.[0]).toBe('__Host-anpacken_session');
		expect(deleted[0]?.[1]).toMatchObject({ path: '/', secure: true });
	});

	it('drops Secure and the prefix only on a plain-http development origin', () => {
		setConfig(parseConfig({ NODE_ENV: 'test', ORIGIN: 'http://localhost:5173', LOG_LEVEL: 'silent' }));
		expect(sessionCookieName()).toBe('anpacken_session');
		expect(sessionCookieOptions(new Date())).toMatchObject({ secure: false, httpOnly: true, sameSite: 'lax' });
	});
});
