/** Chromium (Debian's, driven by playwright-core), axe and the page checks shared by the e2e files. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import axe from 'axe-core';
import { inject } from 'vitest';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium phones Google, which the
// closed network refuses and which would also show up in the request log.
const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const LOCALES = ['de', 'en', 'ar'] as const;
const RTL = new Set(['ar', 'fa', 'prs', 'ps', 'ckb']);

export function origin(): string {
	return inject('appOrigin');
}

export async function launch(): Promise<Browser> {
	if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (set CHROMIUM_PATH)`);
	return chromium.launch({ executablePath: chromiumPath, args: ARGS });
}

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	helpUrl: string;
	nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe in the page. page.evaluate goes through the DevTools protocol, so
 * the page's CSP (script-src 'self') does not block it; the page needs
 * JavaScript enabled though, since axe.run is asynchronous.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
	const first = await runAxeOnce(page);
	if (!first.some((v) => v.id === 'color-contrast')) return first;
	// On a loaded 2-core machine a colour sample right after the colour scheme
	// changed (or while hydration re-renders) was seen to fail once in ~60 pages
	// and never again on the same page. A real contrast problem is deterministic,
	// so it survives a second look after the page has settled.
	await page.waitForTimeout(400);
	return runAxeOnce(page);
}

async function runAxeOnce(page: Page): Promise<AxeViolation[]> {
	const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
	if (!loaded) await page.evaluate(axe.source);
	return page.evaluate(async (tags) => {
		const w = window as unknown as { axe: typeof import('axe-core') };
		const result = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact ?? null,
			help: v.help,
			helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary }))
		}));
	}, AXE_TAGS);
}

export function describeViolations(url: string, violations: AxeViolation[]): string[] {
	return violations.flatMap((v) =>
		v.nodes.map((n) => `${url}: [${v.id}] ${n.target.join(' ')} — ${v.help} (${v.impact ?? 'n/a'})`)
	);
}

/** `<html lang dir>` must match the locale (I-01). */
export async function checkLangDir(page: Page, locale: string): Promise<string[]> {
	const { lang, dir } = await page.evaluate(() => ({
		lang: document.documentElement.getAttribute('lang') ?? '',
		dir: document.documentElement.getAttribute('dir') ?? ''
	}));
	const problems: string[] = [];
	if (lang !== locale) problems.push(`<html lang="${lang}">, expected "${locale}"`);
	const rtl = RTL.has(locale);
	if (rtl ? dir !== 'rtl' : dir === 'rtl') problems.push(`<html dir="${dir}">, expected ${rtl ? '"rtl"' : 'not rtl'}`);
	return problems;
}

// A-02 and D-12: legal, accessibility, feedback, Easy German and sign-language pages on every page.
export const FOOTER_PAGES = ['impressum', 'datenschutz', 'barrierefreiheit', 'barrierefreiheit/feedback', 'leichte-sprache', 'gebaerdensprache', 'kontakt'];

/** The footer links every page must carry (D-12), in the page's own locale. */
export async function checkFooter(page: Page, locale: string): Promise<string[]> {
	const hrefs = await page.$$eval('footer a[href]', (links) =>
		links.map((a) => new URL((a as HTMLAnchorElement).href, document.baseURI).pathname.replace(/\/$/, ''))
	);
	if (hrefs.length === 0) return ['no <footer> with links'];
	return FOOTER_PAGES.filter((slug) => !hrefs.includes(`/${locale}/${slug}`)).map(
		(slug) => `footer has no link to /${locale}/${slug}`
	);
}

/** Security and privacy headers of an HTML response (D-03, S-01). */
export async function checkHeaders(response: Response): Promise<string[]> {
	const h = await response.allHeaders();
	const problems: string[] = [];
	const csp = h['content-security-policy'];
	if (!csp) problems.push('no Content-Security-Policy header');
	else {
		const directives = new Map(
			csp
				.split(';')
				.map((d) => d.trim().split(/\s+/))
				.filter((parts) => parts[0])
				.map((parts) => [parts[0]!.toLowerCase(), parts.slice(1)] as const)
		);
		if (!directives.get('default-src')?.includes("'self'")) problems.push(`CSP without default-src 'self': ${csp}`);
		const scriptSrc = directives.get('script-src') ?? directives.get('default-src') ?? [];
		if (scriptSrc.includes("'unsafe-inline'")) problems.push(`CSP script-src allows 'unsafe-inline': ${csp}`);
	}
	if (h['x-content-type-options']?.toLowerCase() !== 'nosniff') problems.push('X-Content-Type-Options is not nosniff');
	if (!h['referrer-policy']) problems.push('no Referrer-Policy header');
	return problems;
}

/** Records every request a page makes; everything must stay on our origin (D-01). */
export function recordRequests(page: Page): { foreign(): string[]; reset(): void } {
	let urls: string[] = [];
	page.on('request', (req) => urls.push(req.url()));
	return {
		reset: () => {
			urls = [];
		},
		foreign: () => {
			const own = origin();
			return urls.filter((u) => !/^(data|blob|about):/.test(u) && new URL(u).origin !== own);
		}
	};
}
