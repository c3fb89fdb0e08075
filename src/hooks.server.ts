import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { overwriteServerAsyncLocalStorage } from '$lib/paraglide/runtime';
import { baseLocale, dirOf, localeFromPath } from '$lib/i18n';
import { config } from '$lib/server/core/config';
import { log } from '$lib/server/core/log';
import { ANONYMOUS } from '$lib/server/access/policy';
import { resolveSession } from '$lib/server/accounts/service';
import { sessionCookieName } from '$lib/server/web/session-cookie';
import { startPlatform, stopPlatform } from '$lib/server/platform/runtime';
import { applyFramingPolicy } from '$lib/server/atlas/reuse/framing';
import { compression } from '$lib/server/web/compression';
import { atlasPageCacheHandle } from '$lib/server/web/atlas-page-cache';

export const init: ServerInit = async () => {
	if (building) return;
	await startPlatform();
	(globalThis as { __anpackenStop?: () => Promise<void> }).__anpackenStop = stopPlatform;
};

const localeStorage = new AsyncLocalStorage<{ locale?: string; origin?: string; messageCalls?: Set<string> }>();
overwriteServerAsyncLocalStorage(localeStorage as never);

/** Paths that accept cross-site POSTs without cookies (RFC 8058 one-click unsubscribe). */
const CROSS_SITE_POST_ALLOWED: RegExp[] = [/^\/api\/v1\/alerts\/unsubscribe$/, /^\/api\/v1\/newsletter\/unsubscribe$/];

const requestContext: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	event.locals.requestId = randomUUID();
	event.locals.actor = ANONYMOUS;
	event.locals.user = null;
	const response = await resolve(event);
	const ms = Math.round(performance.now() - started);
	// Route id, not the URL: query strings may carry tokens.
	log.info(
		{ reqId: event.locals.requestId, method: event.request.method, route: event.route.id ?? 'unmatched', status: response.status, ms },
		'request'
	);
	response.headers.set('X-Request-Id', event.locals.requestId);
	return response;
};

const originCheck: Handle = async ({ event, resolve }) => {
	const method = event.request.method;
	if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
		const origin = event.request.headers.get('origin');
		const allowed = CROSS_SITE_POST_ALLOWED.some((re) => re.test(event.url.pathname));
		if (!allowed && origin !== event.url.origin) {
			return new Response('Cross-site request refused', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
		}
	}
	return resolve(event);
};

const locale: Handle = ({ event, resolve }) => {
	const current = localeFromPath(event.url.pathname) ?? baseLocale;
	event.locals.locale = current;
	return localeStorage.run({ locale: current, origin: event.url.origin, messageCalls: new Set() }, () =>
		resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%lang%', current).replace('%dir%', dirOf(current))
		})
	);
};

const session: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName());
	if (token) {
		const found = await resolveSession(token);
		if (found) {
			event.locals.actor = found.actor;
			event.locals.user = found.user;
		} else {
			event.cookies.delete(sessionCookieName(), { path: '/' });
		}
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Cross-Origin-Resource-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), payment=(), usb=(), interest-cohort=()');
	if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	if (config().secureCookies) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	const personal = event.locals.user !== null || /^\/[a-z]{2}\/(admin|konto|anmelden)(\/|$)/.test(event.url.pathname) || event.url.pathname.startsWith('/dev/');
	// /media/ sets its own caching: public images are immutable, the others private, no-store (atlas/media/service.ts).
	if (personal && !event.url.pathname.startsWith('/media/')) h.set('Cache-Control', 'no-store');
	h.delete('X-Powered-By');
	// Atlas embeds are the one thing other sites may frame.
	applyFramingPolicy(event.url.pathname, h);
	return response;
};

// compression wraps securityHeaders (it must see Cache-Control: no-store on personal responses);
// the rendered-page cache is innermost, so its hits still get every security header (ADR 0021).
export const handle = sequence(requestContext, originCheck, locale, session, compression, securityHeaders, atlasPageCacheHandle);

export const handleError: HandleServerError = ({ error, event, status }) => {
	const requestId = event.locals.requestId ?? randomUUID();
	if (status >= 500) {
		log.error({ reqId: requestId, route: event.route.id, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'unhandled error');
	}
	return { message: status === 404 ? 'not_found' : 'error', requestId };
};
