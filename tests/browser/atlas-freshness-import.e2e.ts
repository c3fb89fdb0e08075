/**
 * Keeping the atlas current, in the browser. (1) A staff member uploads a
 * small CSV with JavaScript disabled, sees the preview with one geocoding
 * problem and one duplicate, takes over the selected rows and finds the new
 * entry on the public list. (2) The yearly question in Arabic: staff start
 * the freshness run from the moderators' list (the same run as the daily job,
 * so the suite needs no database access), the seeded demo owner's mail
 * arrives through real SMTP, opening its link changes nothing, "still
 * correct" is a POST, and the link is used up afterwards. axe runs on the
 * import pages, the moderators' list and the answer page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { mailCount, waitForMail, type InboxMail } from './lib/inbox';
import { signInAs } from './lib/signin';

const ADMIN = 'demo-admin@example.org';
/** Seeded by src/lib/server/atlas/freshness/demo.ts: owner (Arabic) of an entry unconfirmed for 13 months. */
const FRESHNESS_OWNER = 'demo-frage-ar@example.org';
const FRESHNESS_ENTRY = 'frauentreff-am-sande-lueneburg';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

async function signIn(context: BrowserContext, email: string, locale: string): Promise<Page> {
	return signInAs(context, email, locale);
}

/** axe needs JavaScript: pages of a no-JS journey are checked in a context with the same cookies, light and dark. */
async function axeOn(context: BrowserContext, paths: string[]): Promise<string[]> {
	const page = await context.newPage();
	const found: string[] = [];
	for (const path of paths) {
		const url = `${origin()}${path}`;
		for (const colorScheme of ['light', 'dark'] as const) {
			await page.emulateMedia({ colorScheme });
			const response = await page.goto(url, { waitUntil: 'networkidle' });
			expect(response?.status(), url).toBe(200);
			found.push(...describeViolations(`${url} (${colorScheme})`, await runAxe(page)));
		}
	}
	await page.close();
	return found;
}

async function submitAndWait(page: Page, selector: string): Promise<void> {
	await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
}

function answerLink(mail: InboxMail, locale: string): string {
	const escaped = origin().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const match = new RegExp(`${escaped}/${locale}/atlas/aktuell\\?token=[A-Za-z0-9_-]+(?!&)`).exec(mail.text);
	if (!match) throw new Error(`no answer link in the mail:\n${mail.text}`);
	return match[0];
}

describe('atlas freshness and import', () => {
	it('imports the selected rows of a CSV without JavaScript, after a preview with a geocoding problem and a duplicate', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await signIn(context, ADMIN, 'de');
		const axeContext = await browser.newContext();
		await axeContext.addCookies(await context.cookies());

		await page.goto(`${origin()}/de/admin/atlas`);
		await page.locator('main a[href="/de/admin/atlas/import"]').click();
		expect(new URL(page.url()).pathname).toBe('/de/admin/atlas/import');

		// Nothing chosen: a translated error, focusable summary, no 500.
		await submitAndWait(page, '[data-testid=import-upload]');
		await expect(page.locator('[data-error-summary]').innerText()).resolves.toContain('CSV-Datei');

		const suffix = Date.now().toString(36);
		const title = `Nähcafé Kaltenmoor ${suffix}`;
		const csv = [
			'Titel;Kurzbeschreibung;Handlungsfelder;Zielgruppen;Standort 1 PLZ;Standort 1 Ort',
			`"${title}";"Gemeinsam nähen und dabei Deutsch sprechen; offen für alle.";Sprache;Frauen | Zugewanderte;21337;Lüneburg`,
			'Lernwerkstatt im Nirgendwo;Ein Ort, den es nicht gibt.;Sprache;Kinder;;Xyzzyhausen',
			'Deutschvermittler Hemmingen;Ehrenamtliche vermitteln Deutsch im Alltag.;sprache;gefluechtete;30966;Hemmingen'
		].join('\r\n');
		await page.locator('input[name=datei]').setInputFiles({ name: 'e2e-import.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`, 'utf8') });
		await submitAndWait(page, '[data-testid=import-upload]');
		const previewPath = new URL(page.url()).pathname;
		expect(previewPath).toMatch(/^\/de\/admin\/atlas\/import\/[0-9a-f-]{36}$/);

		const row = (n: number) => page.locator(`[data-testid=import-row][data-row="${n}"]`);
		await expect(row(2).getAttribute('data-status')).resolves.toBe('ok');
		await expect(row(2).innerText()).resolves.toContain('Gefunden: Lüneburg');
		await expect(row(2).locator('input[name=zeile]').isChecked()).resolves.toBe(true);
		await expect(row(3).getAttribute('data-status')).resolves.toBe('error');
		await expect(row(3).innerText()).resolves.toContain('Nicht gefunden: „Xyzzyhausen“');
		expect(await row(3).locator('input[name=zeile]').count()).toBe(0);
		await expect(row(4).getAttribute('data-status')).resolves.toBe('duplicate');
		await expect(row(4).locator('input[name=zeile]').isChecked()).resolves.toBe(false);
		expect(await row(4).locator('[data-testid=import-duplicates] a[href="/de/atlas/deutschvermittler-hemmingen"]').count()).toBe(1);

		expect(await axeOn(axeContext, ['/de/admin/atlas/import', previewPath])).toEqual([]);

		await submitAndWait(page, '[data-testid=import-commit]');
		await expect(page.locator('[data-testid=import-done]').innerText()).resolves.toContain('1 Einträge übernommen, 2 Zeilen');
		expect(await page.locator('[data-testid=import-created]').count()).toBe(1);
		expect(await page.locator('[data-testid=import-commit]').count()).toBe(0);
		expect(await axeOn(axeContext, [previewPath])).toEqual([]);

		// The new entry is public at once.
		await page.goto(`${origin()}/de/atlas?q=${encodeURIComponent(`Nähcafé Kaltenmoor ${suffix}`)}`);
		await expect(page.locator('article.result h3').first().innerText()).resolves.toContain(title);
		await page.locator('article.result h3 a').first().click();
		await expect(page.locator('h1').innerText()).resolves.toContain(title);

		await axeContext.close();
		await context.close();
	});

	it('answers the yearly question in Arabic: the link only shows, "still correct" is a POST, then the link is used up', async () => {
		const staffContext = await browser.newContext();
		const staff = await signIn(staffContext, ADMIN, 'ar');
		const listPath = '/ar/admin/atlas/unbeantwortet';
		await staff.goto(`${origin()}${listPath}`, { waitUntil: 'networkidle' });
		expect(await staff.getAttribute('html', 'dir')).toBe('rtl');
		expect(await staff.locator(`[data-testid=fresh-list-ownerless] a[href="/ar/atlas/hausaufgabenhilfe-kreyenbrueck-oldenburg"]`).count()).toBe(1);
		expect(describeViolations(staff.url(), await runAxe(staff))).toEqual([]);

		const before = await mailCount();
		await submitAndWait(staff, '[data-testid=fresh-run]');
		await staff.locator('[data-testid=fresh-run-done]').waitFor();
		const mailed = staff.locator(`[data-testid=fresh-list-mailed] a[href="/ar/atlas/${FRESHNESS_ENTRY}"]`);
		expect(await mailed.count()).toBe(1);
		expect(describeViolations(staff.url(), await runAxe(staff))).toEqual([]);

		const mail = await waitForMail(FRESHNESS_OWNER, before);
		expect(mail.contentLanguage).toBe('ar');
		expect(mail.subject).toContain('ملتقى النساء');
		const link = answerLink(mail, 'ar');
		expect(mail.text).toContain(`${link}&antwort=stimmt`);

		// The owner opens the link twice (mail scanners do too): nothing changes.
		const owner = await browser.newContext();
		const page = await owner.newPage();
		for (let i = 0; i < 2; i++) {
			const response = await page.goto(link, { waitUntil: 'networkidle' });
			expect(response?.status()).toBe(200);
			expect(response?.headers()['cache-control']).toContain('no-store');
			expect(await page.getAttribute('html', 'dir')).toBe('rtl');
			await expect(page.locator('[data-testid=fresh-entry-title]').innerText()).resolves.toContain('ملتقى النساء');
			expect(await page.locator('[data-testid=fresh-confirm]').count()).toBe(1);
		}
		expect(describeViolations(link, await runAxe(page))).toEqual([]);
		await staff.reload();
		expect(await mailed.count(), 'still unanswered after the GETs').toBe(1);

		// A link with a preselected answer still needs the button.
		await page.goto(`${link}&antwort=stimmt`, { waitUntil: 'networkidle' });
		expect(await page.locator('[data-testid=fresh-chosen]').innerText()).toContain('المعلومات ما زالت صحيحة');
		await submitAndWait(page, '[data-testid=fresh-confirm]');
		const shown = (await page.locator('main').innerText().catch(() => '')).slice(0, 600);
		expect(await page.locator('[data-testid=fresh-done-confirm]').count(), `after "still correct" at ${page.url()}: ${shown}`).toBe(1);
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);

		await page.goto(link);
		expect(await page.locator('[data-testid=fresh-problem]').getAttribute('data-problem')).toBe('used');
		await staff.reload();
		expect(await mailed.count(), 'answered: gone from the list').toBe(0);

		await owner.close();
		await staffContext.close();
	});
});
