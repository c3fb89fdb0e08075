/**
 * The atlas map: the server-rendered map and its table without JavaScript
 * (a cluster link leads to a list with the entries), the interactive map
 * loaded only when asked for and operable by keyboard, Arabic right-to-left,
 * axe on both forms of the page, no foreign requests and no console errors,
 * and "use my location" on the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkLangDir, describeViolations, launch, origin, recordRequests, runAxe } from './lib/browser';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

/** Console errors and uncaught exceptions of a page (CSP violations show up here too). */
function consoleErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error') errors.push(msg.text());
	});
	page.on('pageerror', (err) => errors.push(err.message));
	return errors;
}

/** Every script and stylesheet a page requested, in order (built file names are hashes only). */
function codeRequests(page: Page): string[] {
	const urls: string[] = [];
	page.on('request', (req) => {
		if (/\.(js|css)$/.test(new URL(req.url()).pathname)) urls.push(req.url());
	});
	return urls;
}

/** Every request of a page. */
function allRequests(page: Page): string[] {
	const urls: string[] = [];
	page.on('request', (req) => urls.push(req.url()));
	return urls;
}

/** Whether one of the files is Leaflet: its code or its stylesheet. */
async function containsLeaflet(urls: string[]): Promise<boolean> {
	for (const url of urls) {
		const text = await (await fetch(url)).text();
		if (/leaflet-(container|marker-pane)|L\.Map|leafletjs/.test(text)) return true;
	}
	return false;
}

async function loadInteractive(page: Page, button: RegExp): Promise<void> {
	await page.getByRole('button', { name: button }).click();
	await page.locator('.leaflet-container .atlas-map__cluster').first().waitFor({ state: 'visible' });
}

/** Presses Tab until a map cluster has the focus; returns its accessible name. */
async function tabToCluster(page: Page, wanted: RegExp, max = 40): Promise<string> {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => {
			const el = document.activeElement;
			return el?.classList.contains('atlas-map__cluster') ? (el.getAttribute('aria-label') ?? '') : null;
		});
		if (focused !== null && wanted.test(focused)) return focused;
	}
	throw new Error(`no cluster matching ${wanted} within ${max} Tab presses`);
}

describe('atlas map', () => {
	it('works without JavaScript: SVG map, table, and cluster links to a list with the entries', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		const requests = recordRequests(page);
		const code = codeRequests(page);
		// From the list, "show on the map" keeps the filters.
		await page.goto(`${origin()}/de/atlas?field=teilhabe`);
		await page.getByRole('link', { name: 'Auf der Karte zeigen' }).click();
		await page.waitForURL(/\/de\/atlas\/karte\?/);
		expect(new URL(page.url()).searchParams.getAll('field')).toEqual(['teilhabe']);

		await page.goto(`${origin()}/de/atlas/karte`);
		const svgLinks = page.locator('figure.static-map svg a');
		expect(await svgLinks.count()).toBeGreaterThan(3);
		// The text alternative lists the same clusters; their counts and the entries off the map add up to the total.
		const rows = page.locator('table.cluster-table tbody tr');
		expect(await rows.count()).toBe(await svgLinks.count());
		const counts = (await page.locator('table.cluster-table tbody td').allTextContents()).map((t) => Number(t.trim()));
		const summary = (await page.locator('.atlas-map__summary').textContent()) ?? '';
		const [total, located, unlocated] = [...summary.matchAll(/\d+/g)].map((m) => Number(m[0]));
		expect(counts.reduce((a, b) => a + b, 0)).toBe(located);
		expect(located! + unlocated!).toBe(total);
		expect(Number(/\d+/.exec((await page.locator('h2.atlas-map__count').textContent()) ?? '')?.[0])).toBe(total);
		// No interactive map without JavaScript, and nothing of it is loaded.
		expect(await page.getByRole('button', { name: /Interaktive Karte/ }).count()).toBe(0);
		expect(await page.getByRole('button', { name: /Standort/ }).count()).toBe(0);

		const hannover = page.locator('figure.static-map svg a[aria-label*="Region Hannover"]');
		expect(await hannover.getAttribute('aria-label')).toMatch(/^\d+ Angebote? in Region Hannover$/);
		await hannover.click();
		await page.waitForURL(/\/de\/atlas\?/);
		expect(new URL(page.url()).searchParams.getAll('district')).toEqual(['03241']);
		const titles = await page.locator('article.result h3').allTextContents();
		expect(titles.some((t) => /Deutschvermittler/.test(t))).toBe(true);

		await expect(containsLeaflet(code)).resolves.toBe(false);
		expect(requests.foreign()).toEqual([]);
		await context.close();
	});

	it('loads Leaflet only when asked, is keyboard-operable and stays on our origin', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		const errors = consoleErrors(page);
		const requests = recordRequests(page);
		const code = codeRequests(page);
		const all = allRequests(page);
		// Diepholz holds two examples 6 km apart (Bruchhausen-Vilsen, Asendorf): one cluster for the whole state.
		await page.goto(`${origin()}/de/atlas/karte?district=03251`, { waitUntil: 'networkidle' });
		// The static page, with JavaScript, before anything is asked for.
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		const beforeAsking = [...code];
		await expect(containsLeaflet(beforeAsking)).resolves.toBe(false);

		await loadInteractive(page, /^Interaktive Karte laden$/);
		const afterAsking = code.filter((u) => !beforeAsking.includes(u));
		await expect(containsLeaflet(afterAsking.filter((u) => u.endsWith('.js')))).resolves.toBe(true);
		await expect(containsLeaflet(afterAsking.filter((u) => u.endsWith('.css')))).resolves.toBe(true);
		// The static map gives way to the interactive one; the table stays.
		await expect(page.locator('figure.static-map').isVisible()).resolves.toBe(false);
		await expect(page.locator('table.cluster-table').isVisible()).resolves.toBe(true);
		await expect(page.locator('.interactive-map [role=status]').textContent()).resolves.toBe('Im Kartenausschnitt: 2 Angebote.');

		// Enter on the cluster zooms in until the two entries part, and keeps the focus on one of them.
		const before = await page.locator('.atlas-map__cluster').count();
		expect(before).toBe(1);
		const name = await tabToCluster(page, /^2 Angebote bei /);
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.querySelectorAll('.atlas-map__cluster').length === 2, undefined, { timeout: 10_000 });
		const after = (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '';
		expect(after).toMatch(/^1 Angebot bei /);
		expect(after).not.toBe(name);

		// Enter on a single entry opens its popup with a link to the detail page; Escape returns to the cluster.
		await page.keyboard.press('Enter');
		const link = page.locator('.leaflet-popup a[href^="/de/atlas/"]').first();
		await link.waitFor({ state: 'visible' });
		expect(await link.getAttribute('href')).toMatch(/^\/de\/atlas\/(lebenswege-begleiten-bruchhausen-vilsen|nachbarschaft-asendorf)$/);
		expect(await page.locator('.leaflet-popup-close-button').getAttribute('aria-label')).toBe('Schließen');
		expect(describeViolations(`${page.url()} (interactive, popup open)`, await runAxe(page))).toEqual([]);
		await page.keyboard.press('Escape');
		await page.locator('.leaflet-popup').waitFor({ state: 'detached' });
		await expect(page.evaluate(() => document.activeElement?.classList.contains('atlas-map__cluster'))).resolves.toBe(true);

		// Pan and zoom have buttons too (no dragging needed).
		await page.getByRole('button', { name: 'Ganz Niedersachsen zeigen' }).click();
		await page.locator('.atlas-map__cluster').first().waitFor();
		// Removing the filter navigates on the client: the interactive map stays and follows the new search.
		await page.locator('.atlas-map__main a', { hasText: /entfernen/ }).first().click();
		await page.waitForURL((url) => !url.searchParams.has('district'));
		await page.waitForFunction(
			(text) => document.querySelector('.interactive-map [role=status]')?.textContent !== text,
			'Im Kartenausschnitt: 2 Angebote.'
		);
		const located = Number(/(\d+) mit Ort/.exec((await page.locator('.atlas-map__summary').textContent()) ?? '')?.[1]);
		expect(located).toBeGreaterThan(2);
		await expect(page.locator('.interactive-map [role=status]').textContent()).resolves.toBe(`Im Kartenausschnitt: ${located} Angebote.`);
		await expect(page.locator('figure.static-map').isVisible()).resolves.toBe(false);

		await page.getByRole('button', { name: 'Nach Norden verschieben' }).click();
		await page.getByRole('button', { name: 'Vergrößern' }).click();

		// No Leaflet default marker images, nothing from another origin, no errors.
		await page.waitForLoadState('networkidle');
		expect(all.filter((u) => /marker-(icon|shadow)|\.png$/.test(u))).toEqual([]);
		expect(requests.foreign()).toEqual([]);
		expect(errors).toEqual([]);
		await context.close();
	});

	it('lays the map out right to left in Arabic and passes axe in both colour schemes', async () => {
		for (const colorScheme of ['light', 'dark'] as const) {
			const context: BrowserContext = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
			const page = await context.newPage();
			const errors = consoleErrors(page);
			await page.goto(`${origin()}/ar/atlas/karte?near=Hannover&radius_km=50`, { waitUntil: 'networkidle' });
			expect(await checkLangDir(page, 'ar')).toEqual([]);
			// The filters sit at the inline start, which is the right-hand side in Arabic.
			const filters = await page.locator('.atlas-map__filters').boundingBox();
			const main = await page.locator('.atlas-map__main').boundingBox();
			expect(filters!.x).toBeGreaterThan(main!.x);
			expect(await page.locator('figure.static-map svg circle.r').count()).toBe(1);
			expect(describeViolations(`${page.url()} (${colorScheme}, static)`, await runAxe(page))).toEqual([]);

			await loadInteractive(page, /^تحميل الخريطة التفاعلية$/);
			const label = await page.locator('.atlas-map__cluster').first().getAttribute('aria-label');
			expect(label).toMatch(/قرب/);
			expect(describeViolations(`${page.url()} (${colorScheme}, interactive)`, await runAxe(page))).toEqual([]);
			expect(errors).toEqual([]);
			await context.close();
		}
	});

	it('searches near the browser position, rounded to about 100 m, only with JavaScript', async () => {
		const context = await browser.newContext({ geolocation: { latitude: 52.3705123, longitude: 9.7331789 }, permissions: ['geolocation'] });
		const page = await context.newPage();
		await page.goto(`${origin()}/de/atlas?field=sprache`, { waitUntil: 'networkidle' });
		await page.getByRole('button', { name: 'Meinen Standort verwenden' }).click();
		await page.waitForURL(/lat=/);
		const url = new URL(page.url());
		expect(url.searchParams.get('lat')).toBe('52.371');
		expect(url.searchParams.get('lon')).toBe('9.733');
		expect(url.searchParams.get('near') ?? '').toBe('');
		expect(url.searchParams.getAll('field')).toEqual(['sprache']);
		await expect(page.locator('h2.atlas__count').textContent()).resolves.toMatch(/um Hannover/);
		await context.close();
	});

	it('answers the map API with clusters that add up, and 400 for a bad view', async () => {
		const res = await fetch(`${origin()}/api/v1/projects/map?zoom=7`);
		expect(res.status).toBe(200);
		const body = (await res.json()) as { total: number; located: number; unlocated: number; clusters: { count: number }[] };
		expect(body.clusters.reduce((s, c) => s + c.count, 0)).toBe(body.located);
		expect(body.located + body.unlocated).toBe(body.total);
		expect((await fetch(`${origin()}/api/v1/projects/map?zoom=99`)).status).toBe(400);
		expect((await fetch(`${origin()}/api/v1/projects/map?zoom=15&bbox=0,40,20,60`)).status).toBe(400);
	});
});
