/**
 * Every public page × every locale: crawled from /de, /en and /ar along
 * same-origin links, then checked for accessibility (axe), lang/dir, the
 * footer links, requests to other origins, cookies and storage, security
 * headers, and valid HTML (vnu, one batch). The crawl runs once; each check
 * is its own test so a report names exactly what failed where.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
	LOCALES,
	checkFooter,
	checkHeaders,
	checkLangDir,
	describeViolations,
	launch,
	origin,
	recordRequests,
	runAxe
} from './lib/browser';
import { validateHtml } from './lib/vnu';

const MAX_PAGES = Number(process.env.BROWSER_MAX_PAGES ?? 150);
const SKIP = [/^\/api\//, /^\/dev\//, /\/abmelden(\/|$)/, /token=/, /\.[a-z0-9]{2,5}$/i];

type Check = 'status' | 'axe' | 'langDir' | 'footer' | 'requests' | 'storage' | 'headers' | 'console';
const problems: Record<Check, string[]> = {
	status: [],
	axe: [],
	langDir: [],
	footer: [],
	requests: [],
	storage: [],
	headers: [],
	console: []
};
const documents: { url: string; html: string }[] = [];
const visited: string[] = [];
let browser: Browser;

function keyOf(url: URL): string {
	// `suche` only carries the list query for a back link; the page is the same.
	const search = new URLSearchParams(url.search);
	search.delete('suche');
	const query = search.toString();
	return `${url.pathname.replace(/(.)\/$/, '$1')}${query ? `?${query}` : ''}`;
}

function localeOf(pathname: string): string | undefined {
	const first = pathname.split('/')[1] ?? '';
	return (LOCALES as readonly string[]).includes(first) ? first : undefined;
}

function report(list: string[]): string {
	return list.length ? `\n  ${list.join('\n  ')}\n` : '';
}

beforeAll(async () => {
	browser = await launch();
	// Reduced motion switches CSS transitions off, so axe never measures colours mid-transition
	// right after the colour scheme changes.
	const context = await browser.newContext({ reducedMotion: 'reduce' });
	const page = await context.newPage();
	const requests = recordRequests(page);
	// CSP violations and script errors show up as console errors.
	let consoleErrors: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error') consoleErrors.push(msg.text().slice(0, 300));
	});
	page.on('pageerror', (err) => consoleErrors.push(err.message.slice(0, 300)));
	const own = origin();
	const perLocale = Math.ceil(MAX_PAGES / LOCALES.length);
	const queues = new Map<string, { path: string; from: string }[]>(LOCALES.map((l) => [l, [{ path: `/${l}`, from: '(start)' }]]));
	const counted = new Map<string, number>(LOCALES.map((l) => [l, 0]));
	const seen = new Set<string>(LOCALES.map((l) => `/${l}`));
	const overCap: string[] = [];

	// Round-robin over the locales, so a bound on pages still covers all three.
	while ([...queues.values()].some((q) => q.length > 0)) {
		for (const locale of LOCALES) {
			const queue = queues.get(locale)!;
			// New paths before query variants of paths already seen (filtered lists, sort orders):
			// a bound on pages should cover every kind of page first.
			const plain = queue.findIndex((q) => !q.path.includes('?'));
			const next = plain >= 0 ? queue.splice(plain, 1)[0] : queue.shift();
			if (!next) continue;
			if (counted.get(locale)! >= perLocale) {
				overCap.push(next.path);
				continue;
			}
			counted.set(locale, counted.get(locale)! + 1);
			const url = `${own}${next.path}`;
			requests.reset();
			consoleErrors = [];
			const response = await page.goto(url, { waitUntil: 'networkidle' });
			if (!response) {
				problems.status.push(`${url}: no response`);
				continue;
			}
			const finalUrl = new URL(page.url());
			const finalKey = keyOf(finalUrl);
			// A redirect to a page already checked (e.g. /de/konto → sign-in) adds nothing.
			if (finalKey !== next.path && visited.includes(finalKey)) continue;
			seen.add(finalKey);
			visited.push(finalKey);
			const where = finalKey === next.path ? url : `${url} → ${finalKey}`;
			if (response.status() !== 200) {
				problems.status.push(`${where}: HTTP ${response.status()} (linked from ${next.from})`);
				continue;
			}
			const pageLocale = localeOf(finalUrl.pathname) ?? locale;
			documents.push({ url: finalUrl.href, html: await response.text() });
			problems.headers.push(...(await checkHeaders(response)).map((p) => `${where}: ${p}`));
			problems.langDir.push(...(await checkLangDir(page, pageLocale)).map((p) => `${where}: ${p}`));
			problems.footer.push(...(await checkFooter(page, pageLocale)).map((p) => `${where}: ${p}`));
			problems.axe.push(...describeViolations(where, await runAxe(page)));
			// A-01 asks for both colour schemes.
			await page.emulateMedia({ colorScheme: 'dark' });
			// Let the new colours reach a rendered frame before sampling them.
			await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
			problems.axe.push(...describeViolations(`${where} (dark)`, await runAxe(page)));
			await page.emulateMedia({ colorScheme: 'light' });
			problems.console.push(...consoleErrors.map((e) => `${where}: ${e}`));
			problems.requests.push(...requests.foreign().map((r) => `${where}: request to ${r}`));
			const cookies = await context.cookies();
			if (cookies.length) problems.storage.push(`${where}: cookies set: ${cookies.map((c) => c.name).join(', ')}`);
			const stored = await page.evaluate(() => ({
				local: Object.keys(localStorage),
				session: Object.keys(sessionStorage)
			}));
			// SvelteKit's router keeps scroll positions and snapshots per tab in
			// sessionStorage (written when leaving a page, so they show up one page
			// late); they never leave the browser. Anything else counts.
			const session = stored.session.filter((k) => !k.startsWith('sveltekit:'));
			if (stored.local.length) problems.storage.push(`${where}: localStorage keys: ${stored.local.join(', ')}`);
			if (session.length) problems.storage.push(`${where}: sessionStorage keys: ${session.join(', ')}`);
			if (cookies.length || stored.local.length || stored.session.length) {
				await context.clearCookies();
				await page.evaluate(() => {
					localStorage.clear();
					sessionStorage.clear();
				});
			}

			const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
			for (const href of links) {
				let target: URL;
				try {
					target = new URL(href);
				} catch {
					continue;
				}
				if (target.origin !== own) continue;
				const key = keyOf(target);
				const targetLocale = localeOf(target.pathname);
				if (!targetLocale || seen.has(key) || SKIP.some((re) => re.test(key))) continue;
				seen.add(key);
				queues.get(targetLocale)!.push({ path: key, from: finalKey });
			}
		}
	}
	await context.close();
	console.log(`[pages] checked ${visited.length} pages:\n  ${visited.join('\n  ')}`);
	if (overCap.length) {
		console.warn(`[pages] NOT checked (over BROWSER_MAX_PAGES=${MAX_PAGES}): ${overCap.length} pages, e.g. ${overCap.slice(0, 5).join(', ')}`);
	}
}, 600_000);

afterAll(async () => {
	await browser?.close();
});

describe('every page × every locale', () => {
	it('found pages in every locale', () => {
		for (const locale of LOCALES) expect(visited.filter((p) => localeOf(p) === locale).length).toBeGreaterThan(0);
	});
	it('answers 200 for every linked page (no broken links)', () => {
		expect(problems.status, report(problems.status)).toEqual([]);
	});
	it('has no axe violations (WCAG 2.2 AA tags), in light and dark colour schemes', () => {
		expect(problems.axe, report(problems.axe)).toEqual([]);
	});
	it('sets <html lang> to the locale and dir="rtl" only for RTL locales (I-01)', () => {
		expect(problems.langDir, report(problems.langDir)).toEqual([]);
	});
	it('links the legal, accessibility, feedback, Leichte Sprache, sign-language and contact pages in the footer (A-02, D-12)', () => {
		expect(problems.footer, report(problems.footer)).toEqual([]);
	});
	it('logs no console errors (CSP violations, script errors)', () => {
		expect(problems.console, report(problems.console)).toEqual([]);
	});
	it('makes no request to another origin (D-01)', () => {
		expect(problems.requests, report(problems.requests)).toEqual([]);
	});
	it('sets no cookie and stores nothing in the browser on public pages (D-02)', () => {
		expect(problems.storage, report(problems.storage)).toEqual([]);
	});
	it("sends CSP default-src 'self' without unsafe-inline scripts, nosniff and a Referrer-Policy (D-03)", () => {
		expect(problems.headers, report(problems.headers)).toEqual([]);
	});
	it('serves valid HTML (Nu Html Checker, errors only)', async () => {
		const errors = await validateHtml(documents);
		expect(errors, report(errors)).toEqual([]);
	}, 180_000);
});
