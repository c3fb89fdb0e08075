/**
 * The rendered-page cache and response compression on the real launcher
 * (docs/adr/0021-rendered-page-cache.md): anonymous atlas list pages are
 * served byte-identical from the cache, requests with a cookie never are, the
 * hash-mode CSP lists exactly the inline scripts of the cached page (so an
 * injected script would be blocked), and pages still work in Chromium with and
 * without JavaScript, in German and Arabic.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkLangDir, describeViolations, launch, origin, runAxe } from './lib/browser';

let browser: Browser;

beforeAll(async () => {
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<{ res: Response; body: Buffer }> {
	const res = await fetch(origin() + path, { headers: { 'accept-encoding': 'identity', ...headers } });
	return { res, body: Buffer.from(await res.arrayBuffer()) };
}

function cspDirectives(header: string | null): Map<string, string[]> {
	return new Map(
		(header ?? '')
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((parts) => parts[0])
			.map((parts) => [parts[0]!.toLowerCase(), parts.slice(1)] as const)
	);
}

/** The inline scripts of a page that a browser would execute (not JSON-LD data blocks). */
function inlineScripts(html: string): string[] {
	return [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)]
		.filter((m) => !/\ssrc=/.test(m[1] ?? '') && !/type="application\/(ld\+)?json"/.test(m[1] ?? ''))
		.map((m) => m[2]!);
}

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('rendered-page cache', () => {
	const path = `/de/atlas?near=Hannover&radius_km=25&t=${Date.now()}`;

	it('serves the second anonymous request byte-identical from the cache, in German and Arabic', async () => {
		for (const p of [path, `/ar/atlas?field=sprache&t=${Date.now()}`]) {
			const first = await get(p);
			expect(first.res.status, p).toBe(200);
			expect(first.res.headers.get('x-page-cache'), p).toBe('miss');
			const second = await get(p);
			expect(second.res.headers.get('x-page-cache'), p).toBe('hit');
			expect(second.body.equals(first.body), p).toBe(true);
			// Every hit still carries the security headers of a fresh response.
			expect(second.res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(second.res.headers.get('content-security-policy')).toBe(first.res.headers.get('content-security-policy'));
		}
		const ar = (await get(`/ar/atlas?field=sprache&t=x`)).body.toString();
		expect(ar).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="ar"/);
	});

	it('never serves a request with a cookie from the cache, nor stores it', async () => {
		const p = `/de/atlas?q=sprachcafe&t=${Date.now()}`;
		const withCookie = await get(p, { cookie: 'anpacken_session=not-a-session' });
		expect(withCookie.res.status).toBe(200);
		expect(withCookie.res.headers.get('x-page-cache')).toBeNull();
		// Had the cookie request been stored, this would be a hit.
		expect((await get(p)).res.headers.get('x-page-cache')).toBe('miss');
		expect((await get(p)).res.headers.get('x-page-cache')).toBe('hit');
		expect((await get(p, { cookie: 'x=1' })).res.headers.get('x-page-cache')).toBeNull();
	});

	it('lists exactly the inline scripts of the cached page in a hash-mode CSP, without unsafe-inline or a nonce', async () => {
		await get(path);
		const { res, body } = await get(path);
		expect(res.headers.get('x-page-cache')).toBe('hit');
		const csp = cspDirectives(res.headers.get('content-security-policy'));
		const scriptSrc = csp.get('script-src') ?? [];
		expect(scriptSrc).toContain("'self'");
		expect(scriptSrc).not.toContain("'unsafe-inline'");
		expect(scriptSrc.some((s) => s.startsWith("'nonce-"))).toBe(false);
		const scripts = inlineScripts(body.toString());
		expect(scripts.length).toBeGreaterThan(0);
		const hashes = scriptSrc.filter((s) => s.startsWith("'sha256-"));
		expect(new Set(hashes)).toEqual(new Set(scripts.map(sha)));
		expect(hashes).not.toContain(sha('alert(1)'));
	});

	it('runs the cached page in Chromium without CSP violations; an injected inline script is blocked', async () => {
		await get(path);
		const context = await browser.newContext();
		const page = await context.newPage();
		const problems: string[] = [];
		page.on('console', (msg) => {
			if (msg.type() === 'error') problems.push(msg.text());
		});
		page.on('pageerror', (err) => problems.push(err.message));
		const response = await page.goto(origin() + path);
		expect(response?.status()).toBe(200);
		// SvelteKit's inline bootstrap script (allowed only by its hash) ran: it defines window.__sveltekit_<version>.
		await page.waitForFunction(() => Object.keys(window).some((k) => k.startsWith('__sveltekit_')), undefined, { timeout: 10_000 });
		expect(problems, problems.join('\n')).toEqual([]);
		const blocked = await page.evaluate(
			() =>
				new Promise<boolean>((resolve) => {
					document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
					const s = document.createElement('script');
					s.textContent = 'window.__injected = true';
					document.body.append(s);
					setTimeout(() => resolve(false), 1000);
				})
		);
		expect(blocked).toBe(true);
		expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
		expect(await runAxe(page).then((v) => describeViolations(path, v))).toEqual([]);
		await context.close();
	});

	it('shows the cached Arabic list page without JavaScript, right to left and accessible', async () => {
		const p = `/ar/atlas?near=Hannover&t=${Date.now()}`;
		await get(p);
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		const response = await page.goto(origin() + p);
		expect(response?.status()).toBe(200);
		expect(response?.headers()['x-page-cache']).toBe('hit');
		expect(await checkLangDir(page, 'ar')).toEqual([]);
		expect(await page.locator('main h1').count()).toBeGreaterThan(0);
		await context.close();
		// axe needs JavaScript in the page; the same cached bytes with it on.
		const jsContext = await browser.newContext();
		const jsPage = await jsContext.newPage();
		await jsPage.goto(origin() + p);
		expect(describeViolations(p, await runAxe(jsPage))).toEqual([]);
		await jsContext.close();
	});
});

describe('first view of a protected form', () => {
	it('links no ALTCHA stylesheet without JavaScript; with JavaScript the widget comes with its styles', async () => {
		const { body } = await get('/de/atlas/eintragen');
		const html = body.toString();
		expect(html).toContain('name="form_started"');
		expect(html).not.toMatch(/--altcha-color-base/);
		const context = await browser.newContext();
		const page = await context.newPage();
		const problems: string[] = [];
		page.on('console', (msg) => {
			if (msg.type() === 'error') problems.push(msg.text());
		});
		await page.goto(origin() + '/de/atlas/eintragen');
		await page.locator('altcha-widget').waitFor({ state: 'attached', timeout: 15_000 });
		const styled = await page.waitForFunction(
			() =>
				[...document.styleSheets].some((sheet) => {
					try {
						return [...sheet.cssRules].some((r) => r.cssText.includes('--altcha-color-base'));
					} catch {
						return false;
					}
				}),
			undefined,
			{ timeout: 15_000 }
		);
		expect(await styled.jsonValue()).toBe(true);
		expect(problems, problems.join('\n')).toEqual([]);
		await context.close();
	});
});

describe('compression', () => {
	it('compresses pages and JSON with brotli or gzip by Accept-Encoding, and marks Vary', async () => {
		for (const p of ['/de', '/de/atlas/eintragen', '/api/v1/projects?near=Hannover', `/de/atlas?near=Hannover&t=${Date.now()}`]) {
			const plain = await get(p);
			for (const encoding of ['br', 'gzip']) {
				const res = await fetch(origin() + p, { headers: { 'accept-encoding': encoding } });
				expect(res.headers.get('content-encoding'), `${p} ${encoding}`).toBe(encoding);
				expect(res.headers.get('vary') ?? '', p).toMatch(/accept-encoding/i);
				const text = await res.text();
				if (!p.startsWith('/de/atlas/eintragen')) expect(text.length, p).toBe(plain.body.toString().length);
			}
			expect(plain.res.headers.get('content-encoding'), p).toBeNull();
		}
	});
});
