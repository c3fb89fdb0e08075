import type { Cookies } from '@sveltejs/kit';
import { config } from '../core/config';

/**
 * The session cookie: `__Host-` prefixed, Secure, HttpOnly, SameSite=Lax.
 * Only on a plain-http development origin (http://localhost) is it set
 * without Secure, and then without the prefix, which requires Secure.
 */
export function sessionCookieName(): string {
	return config().secureCookies ? '__Host-anpacken_session' : 'anpacken_session';
}

export function sessionCookieOptions(expires: Date) {
	return { path: '/', httpOnly: true, secure: config().secureCookies, sameSite: 'lax' as const, expires };
}

export function setSessionCookie(cookies: Cookies, token: string, expires: Date): void {
	cookies.set(sessionCookieName(), token, sessionCookieOptions(expires));
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(sessionCookieName(), { path: '/', secure: config().secureCookies });
}
