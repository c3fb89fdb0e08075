/**
 * The sign-in journey end to end: form → mail through real SMTP → link →
 * confirm → account page → admin pages → sign out. Once in German without
 * JavaScript (the journey must work server-rendered), once in Arabic with it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { mailCount, signInLink, waitForMail } from './lib/inbox';

const ADMIN = 'demo-admin@example.org';
const ADMIN_PAGES = ['admin', 'admin/benutzer', 'admin/protokoll'];

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

function messages(locale: string): Record<string, string> {
	const file = new URL(`../../messages/auth/${locale}.json`, import.meta.url);
	return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

/** The submit button of the form that holds the e-mail field (the header may hold other forms). */
function signInForm(page: Page) {
	return page.locator('form', { has: page.locator('input[name=email]') });
}

async function signIn(context: BrowserContext, locale: string): Promise<Page> {
	const page = await context.newPage();
	const start = await page.goto(`${origin()}/${locale}/anmelden`, { waitUntil: 'networkidle' });
	expect(start?.status()).toBe(200);
	const before = await mailCount();
	await signInForm(page).locator('input[name=email]').fill(ADMIN);
	await signInForm(page).locator('button[type=submit], button:not([type])').first().click();
	await page.locator('[data-testid=signin-sent], [data-error-summary]').first().waitFor();
	const refused = page.locator('[data-error-summary]');
	if (await refused.count()) throw new Error(`sign-in request refused: ${await refused.innerText()}`);

	const mail = await waitForMail(ADMIN, before);
	const text = messages(locale);
	expect.soft(mail.text, 'the mail has a plain-text part').not.toBe('');
	expect.soft(mail.html, 'the mail has an HTML part').not.toBe('');
	expect.soft(mail.contentLanguage, 'Content-Language header of the mail').toBe(locale);
	expect.soft(mail.subject).toBe(text.auth_mail_subject);
	expect.soft(mail.text).toContain(text.auth_mail_intro);
	expect.soft(mail.html).toMatch(new RegExp(`<html[^>]*\\slang="${locale}"`));

	const link = signInLink(mail, origin(), locale);
	await page.goto(link);
	await Promise.all([page.waitForNavigation(), page.locator('[data-testid=signin-confirm]').click()]);
	// A second tab confirming the same (now used) link gets the explanation, not an error.
	const replay = await context.request.post(link, {
		form: { token: new URL(link).searchParams.get('token') ?? '' },
		headers: { origin: origin() },
		maxRedirects: 0
	});
	expect.soft(replay.status(), 'posting a used sign-in link again').toBe(200);
	const landed = new URL(page.url()).pathname;
	const shown = landed === `/${locale}/konto` ? '' : ` — the page says: ${(await page.content()).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 400)}`;
	expect(landed, `after confirming the link${shown}`).toBe(`/${locale}/konto`);
	await expect.poll(() => page.locator('[data-testid=account-email]').textContent()).toBe(ADMIN);

	const session = (await context.cookies()).filter((c) => c.httpOnly);
	expect(session.length, 'an HttpOnly session cookie is set').toBe(1);
	expect(session[0]!.sameSite).toBe('Lax');
	expect(session[0]!.path).toBe('/');
	return page;
}

/** axe needs JavaScript; for the no-JS journey it runs in a sibling context with the same session. */
async function checkAdminPages(page: Page, locale: string, axeContext: BrowserContext): Promise<void> {
	const axePage = await axeContext.newPage();
	const found: string[] = [];
	for (const path of ADMIN_PAGES) {
		const url = `${origin()}/${locale}/${path}`;
		const response = await page.goto(url);
		expect(response?.status(), url).toBe(200);
		expect(new URL(page.url()).pathname, `${url} is shown, not redirected`).toBe(`/${locale}/${path}`);
		await axePage.goto(url, { waitUntil: 'networkidle' });
		found.push(...describeViolations(url, await runAxe(axePage)));
	}
	await axePage.close();
	expect(found, found.length ? `\n  ${found.join('\n  ')}\n` : '').toEqual([]);
}

async function signOut(page: Page, locale: string): Promise<void> {
	await page.goto(`${origin()}/${locale}/konto`);
	const button = page.locator(`header form[action*="/abmelden"] button`).first();
	await Promise.all([page.waitForURL((u) => u.pathname.startsWith(`/${locale}/abmelden`)), button.click()]);
	await page.goto(`${origin()}/${locale}/konto`);
	expect(new URL(page.url()).pathname, '/konto after signing out').toBe(`/${locale}/anmelden`);
	expect((await page.context().cookies()).filter((c) => c.httpOnly)).toEqual([]);
}

describe('sign-in journey', () => {
	it('works in German without JavaScript, including the admin pages and signing out', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await signIn(context, 'de');
		const axeContext = await browser.newContext();
		await axeContext.addCookies(await context.cookies());
		await checkAdminPages(page, 'de', axeContext);
		await axeContext.close();
		await signOut(page, 'de');
		await context.close();
	});

	it('works in Arabic with JavaScript, with the mail in Arabic', async () => {
		const context = await browser.newContext();
		const page = await signIn(context, 'ar');
		await checkAdminPages(page, 'ar', context);
		await signOut(page, 'ar');
		await context.close();
	});
});
