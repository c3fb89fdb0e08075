/**
 * The Projektatlas journeys: search near a place with a facet, without
 * JavaScript (server-rendered GET form) and in Arabic with it; the detail page's
 * structured data; the JSON API's ranking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

describe('Projektatlas', () => {
	it('finds the Deutschvermittler first near Hemmingen with JavaScript disabled', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(`${origin()}/de/atlas`);
		await page.locator('input[name=near]').first().fill('Hemmingen');
		await page.locator('select[name=radius_km]').first().selectOption('10');
		// The filters sit in a <details> that a person opens first (closed by default without JS).
		const filters = page.locator('details:has(input[name=field])');
		if ((await filters.getAttribute('open')) === null) await filters.locator('summary').click();
		await page.locator('input[type=checkbox][name=field][value=sprache]').check();
		await page.locator('button[type=submit]', { hasText: /suchen/i }).first().click();
		await page.waitForLoadState();
		const url = new URL(page.url());
		expect(url.pathname).toBe('/de/atlas');
		expect(url.searchParams.get('near')).toBe('Hemmingen');
		expect(url.searchParams.getAll('field')).toContain('sprache');
		const first = page.locator('article.result').first();
		await expect(first.locator('h3').textContent()).resolves.toMatch(/Deutschvermittler/);
		const resultUrl = page.url();
		await context.close();
		// axe needs scripts: check the same result page in a context with JavaScript.
		const jsContext = await browser.newContext();
		const jsPage = await jsContext.newPage();
		await jsPage.goto(resultUrl, { waitUntil: 'networkidle' });
		expect(describeViolations(resultUrl, await runAxe(jsPage))).toEqual([]);
		await jsContext.close();
	});

	it('shows results and a detail page with structured data in Arabic', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${origin()}/ar/atlas?near=Hemmingen&radius_km=10&field=sprache`, { waitUntil: 'networkidle' });
		expect(await page.getAttribute('html', 'dir')).toBe('rtl');
		await page.locator('article.result h3 a').first().click();
		await page.waitForURL(/\/ar\/atlas\/[^/?]+/);
		const h1 = (await page.locator('h1').textContent()) ?? '';
		expect(h1.trim().length).toBeGreaterThan(0);
		const jsonLd = await page.locator('script[type="application/ld+json"]').first().textContent();
		const data = JSON.parse(jsonLd ?? '{}') as Record<string, unknown>;
		expect(data['@context']).toBe('https://schema.org');
		expect(typeof data.name).toBe('string');
		expect(await page.getAttribute('meta[property="og:title"]', 'content')).toBeTruthy();
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		await context.close();
	});

	it('ranks the Deutschvermittler first in GET /api/v1/projects near Hemmingen', async () => {
		const res = await fetch(`${origin()}/api/v1/projects?near=Hemmingen&radius_km=10&field=sprache`);
		expect(res.status).toBe(200);
		const body = (await res.json()) as { total: number; items: { title: string; distance_km: number | null }[] };
		expect(body.total).toBeGreaterThan(0);
		expect(body.items[0]?.title).toMatch(/Deutschvermittler/);
		expect(typeof body.items[0]?.distance_km).toBe('number');
	});

	it('answers nonsense parameters with a page, not an error', async () => {
		const res = await fetch(`${origin()}/de/atlas?near=%00%00&page=-1&radius_km=abc&field=x&district=1`);
		expect(res.status).toBe(200);
	});
});
