/**
 * Community events and stands in the browser. An initiative submits an event
 * in German without JavaScript (bad input first: values kept), confirms the
 * address from the real SMTP inbox (the GET shows a button, the POST
 * verifies); the office approves it in the queue and it appears in the
 * calendar. Then, in Arabic with JavaScript, the owner of an atlas entry asks
 * for a stand at the demo market, the office approves it, the owner gets the
 * Arabic mail, and the event page lists the stand with a link to the entry.
 * axe (light and dark) runs on every page of this part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { mailCount, waitForMail } from './lib/inbox';
import { signInAs } from './lib/signin';

const ADMIN = 'demo-admin@example.org';
const SUBMITTER = 'initiative.browser@example.org';
const STAND_OWNER = 'demo-stand-ar@example.org';
const STAND_PROJECT = 'nachbarschaft-asendorf';
const MARKET = 'markt-der-moeglichkeiten-osnabrueck';
const TITLE = 'Nachbarschaftsfest Browser-Test Kaltenmoor';
const DATE = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

let browser: Browser;
let admin: BrowserContext;
let adminPage: Page;
let verifyPath = '';
let reviewPath = '';

beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await admin?.close();
	await browser?.close();
});

async function submitAndWait(page: Page, selector: string) {
	const [response] = await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
	return response;
}

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

describe('community events and stands', () => {
	it('an initiative submits an event without JavaScript in German and confirms by the mailed link', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(`${origin()}/de/veranstaltungen`);
		await page.locator('[data-testid=events-submit-link]').click();
		await page.waitForURL('**/de/veranstaltungen/eintragen');

		// Missing address and place: refused, values kept, error summary.
		await page.locator('#field-title').fill(TITLE);
		await page.locator('#field-start_date').fill(DATE);
		await page.locator('#field-submitter_name').fill('Leyla Aydın');
		await page.waitForTimeout(2100);
		const refused = await submitAndWait(page, '[data-testid=submission-submit]');
		expect(refused?.status()).toBe(400);
		const summary = await page.locator('[data-error-summary]').innerText();
		expect(summary).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
		expect(await page.locator('#field-title').inputValue()).toBe(TITLE);
		expect(await page.locator('#field-submitter_name').inputValue()).toBe('Leyla Aydın');

		await page.locator('#field-description').fill('Musik, Essen und Begegnung für alle im Stadtteil.');
		await page.locator('#field-start_time').fill('15:00');
		await page.locator('#field-end_time').fill('19:00');
		await page.locator('#field-venue_name').fill('Stadtteilhaus Kaltenmoor');
		await page.locator('#field-postcode').fill('21337');
		await page.locator('#field-place').fill('Lüneburg');
		await page.locator('#field-languages-ar').check();
		await page.locator('#field-organiser').fill('Nachbarschaftsverein Kaltenmoor');
		await page.locator('#field-submitter_email').fill(SUBMITTER);
		const before = await mailCount();
		await page.waitForTimeout(2100);
		await submitAndWait(page, '[data-testid=submission-submit]');
		expect(await page.locator('[data-testid=submission-sent]').count()).toBe(1);

		const mail = await waitForMail(SUBMITTER, before);
		expect(mail.contentLanguage).toBe('de');
		expect(mail.subject).toBe(`Bitte bestätigen: Ihre Veranstaltung „${TITLE}“`);
		const escaped = origin().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const match = new RegExp(`${escaped}/de/veranstaltungen/eintragen/bestaetigen\\?token=[A-Za-z0-9_\\-%]+`).exec(mail.text);
		if (!match) throw new Error(`no verification link in:\n${mail.text}`);
		verifyPath = new URL(match[0]).pathname + new URL(match[0]).search;

		// The GET shows a button only; the POST verifies; a second POST says the link was used.
		await page.goto(match[0]);
		expect(await page.locator('[data-testid=verify-submit]').count()).toBe(1);
		await submitAndWait(page, '[data-testid=verify-submit]');
		expect(await page.locator('[data-testid=verify-done]').innerText()).toContain(TITLE);
		await page.goto(match[0]);
		expect(await page.locator('[data-testid=verify-problem]').innerText()).toContain('schon benutzt');

		await context.close();
	}, 300_000);

	it('the submission pages pass axe in light and dark', async () => {
		// axe runs as a script in the page, so this context has JavaScript.
		const context = await browser.newContext();
		const violations = await axeOn(context, ['/de/veranstaltungen/eintragen', verifyPath]);
		expect(violations, violations.join('\n')).toEqual([]);
		await context.close();
	}, 300_000);

	it('the office approves the submission in the queue; the event appears in the calendar', async () => {
		admin = await browser.newContext();
		adminPage = await signInAs(admin, ADMIN, 'de');
		await adminPage.goto(`${origin()}/de/admin`);
		expect(await adminPage.locator('[data-testid=admin-event-submissions]').innerText()).toMatch(/\(\d+\)/);
		await Promise.all([adminPage.waitForURL('**/de/admin/veranstaltungen/einreichungen'), adminPage.locator('[data-testid=admin-event-submissions]').click()]);
		await Promise.all([adminPage.waitForURL(/einreichungen\/[0-9a-f-]{36}$/), adminPage.locator('[data-testid=submission-queue] a', { hasText: TITLE }).click()]);
		reviewPath = new URL(adminPage.url()).pathname;
		expect(reviewPath).toMatch(/^\/de\/admin\/veranstaltungen\/einreichungen\/[0-9a-f-]{36}$/);
		expect(await adminPage.locator('main').innerText()).toContain(SUBMITTER);
		const queueViolations = await axeOn(admin, ['/de/admin/veranstaltungen/einreichungen', reviewPath]);
		expect(queueViolations, queueViolations.join('\n')).toEqual([]);

		const before = await mailCount();
		await adminPage.locator('#field-note').fill('Danke, viel Freude beim Fest!');
		await submitAndWait(adminPage, '[data-testid=review-approve]');
		expect(await adminPage.locator('[data-testid=review-approved]').count()).toBe(1);
		const mail = await waitForMail(SUBMITTER, before);
		expect(mail.subject).toBe(`Veröffentlicht: ${TITLE}`);
		expect(mail.text).toContain('Danke, viel Freude beim Fest!');

		const page = await admin.newPage();
		await page.goto(`${origin()}/de/veranstaltungen?kind=community`);
		await Promise.all([page.waitForURL(/\/de\/veranstaltungen\/nachbarschaftsfest-browser-test-kaltenmoor$/), page.locator('a', { hasText: TITLE }).click()]);
		expect(await page.locator('h1').innerText()).toBe(TITLE);
		await page.close();
	}, 300_000);

	it('in Arabic with JavaScript, an owner asks for a stand; the office approves; the event page lists it', async () => {
		const context = await browser.newContext();
		const page = await signInAs(context, STAND_OWNER, 'ar');
		await page.goto(`${origin()}/ar/veranstaltungen/${MARKET}`, { waitUntil: 'networkidle' });
		await Promise.all([page.waitForURL(`**/ar/veranstaltungen/${MARKET}/stand`), page.locator('[data-testid=apply-stand]').click()]);
		const standViolations = await axeOn(context, [`/ar/veranstaltungen/${MARKET}/stand`]);
		expect(standViolations, standViolations.join('\n')).toEqual([]);
		await page.locator('#field-needs').fill('طاولة وكرسيان');
		await page.locator('[data-testid=stand-submit]').click();
		await page.locator('[data-testid=stand-sent]').waitFor();
		expect(await page.locator('[data-testid=stand-requests]').innerText()).toContain('قيد الطلب');

		// The office finds the market in the staff list and approves the request.
		await adminPage.goto(`${origin()}/de/admin/veranstaltungen`);
		// The edit link names the event for screen readers.
		await Promise.all([
			adminPage.waitForURL(/\/de\/admin\/veranstaltungen\/[0-9a-f-]{36}$/),
			adminPage.locator('main a[href^="/de/admin/veranstaltungen/"]', { hasText: 'Markt der Möglichkeiten Osnabrück' }).first().click()
		]);
		await Promise.all([adminPage.waitForURL(/\/aussteller$/), adminPage.locator('[data-testid=event-exhibitors-link]').click()]);
		const exhibitorsPath = new URL(adminPage.url()).pathname;
		expect(exhibitorsPath).toMatch(/\/aussteller$/);
		const before = await mailCount();
		const stand = adminPage.locator(`[data-testid=stand-${STAND_PROJECT}]`);
		await stand.locator('textarea').fill('Stand 7, neben dem Eingang');
		await submitAndWait(adminPage, `[data-testid=stand-${STAND_PROJECT}] [data-testid=stand-approve]`);
		expect(await adminPage.locator('[data-testid=stand-decided]').count()).toBe(1);
		const adminViolations = await axeOn(admin, [exhibitorsPath]);
		expect(adminViolations, adminViolations.join('\n')).toEqual([]);

		const mail = await waitForMail(STAND_OWNER, before);
		expect(mail.contentLanguage).toBe('ar');
		expect(mail.subject).toBe('تم قبول الجناح: Markt der Möglichkeiten Osnabrück');
		expect(mail.text).toContain('Stand 7, neben dem Eingang');

		await page.goto(`${origin()}/ar/veranstaltungen/${MARKET}`, { waitUntil: 'networkidle' });
		const list = page.locator('[data-testid=event-exhibitors]');
		const link = list.locator(`a[href="/ar/atlas/${STAND_PROJECT}"]`);
		expect(await link.count()).toBe(1);
		await Promise.all([page.waitForURL(`**/ar/atlas/${STAND_PROJECT}`), link.click()]);
		expect(await page.locator('[data-testid=project-exhibits]').innerText()).toContain('Markt der Möglichkeiten Osnabrück');
		const pageViolations = await axeOn(context, [`/ar/veranstaltungen/${MARKET}`, `/ar/atlas/${STAND_PROJECT}`]);
		expect(pageViolations, pageViolations.join('\n')).toEqual([]);
		await context.close();
	}, 300_000);
});
