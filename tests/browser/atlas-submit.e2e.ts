/**
 * Submitting, confirming and editing an atlas entry end to end: in German
 * without JavaScript (form → error summary → another place block → mail
 * through real SMTP → a GET of the link changes nothing → confirm by POST →
 * "my entries" → edit → a stale edit is refused), and a shorter journey in
 * Arabic with JavaScript (ALTCHA proof of work). axe runs on every form page,
 * with and without errors shown (in a JavaScript context: axe needs scripts).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { mailCount, waitForMail, type InboxMail } from './lib/inbox';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

function messages(locale: string): Record<string, string> {
	return JSON.parse(readFileSync(new URL(`../../messages/atlas-submit/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;
}

function confirmLink(mail: InboxMail, locale: string): string {
	const escaped = origin().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const match = new RegExp(`${escaped}/${locale}/atlas/eintragen/bestaetigen\\?token=[A-Za-z0-9_-]+`).exec(mail.text);
	if (!match) throw new Error(`no confirmation link in the mail:\n${mail.text}`);
	return match[0];
}

async function axeClean(context: BrowserContext, url: string, prepare?: (page: Page) => Promise<void>): Promise<string[]> {
	const page = await context.newPage();
	await page.goto(url, { waitUntil: 'networkidle' });
	if (prepare) await prepare(page);
	const found = describeViolations(page.url(), await runAxe(page));
	await page.close();
	return found;
}

/** Submits the form the way a person does: the fill-time check wants at least two seconds (ADR 0004). */
async function submit(page: Page, button = '[data-testid=submit-entry]'): Promise<void> {
	await page.waitForTimeout(2100);
	await Promise.all([page.waitForNavigation(), page.locator(button).click()]);
}

describe('atlas submission journey', () => {
	it('works in German without JavaScript: submit, confirm by POST, see it, edit it, refuse a stale edit', async () => {
		const suffix = randomBytes(3).toString('hex');
		const email = `fahrrad-${suffix}@example.org`;
		const title = `Fahrradwerkstatt für alle ${suffix}`;
		const text = messages('de');
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		const start = await page.goto(`${origin()}/de/atlas`);
		expect(start?.status()).toBe(200);
		await Promise.all([page.waitForNavigation(), page.locator('[data-testid=atlas-submit-link]').click()]);
		expect(new URL(page.url()).pathname).toBe('/de/atlas/eintragen');

		// Nothing filled in: the error summary lists the problems, the title says "Fehler".
		await submit(page);
		const summary = page.locator('[data-error-summary]');
		await expect(summary.innerText()).resolves.toContain(text.submit_error_title);
		await expect(summary.innerText()).resolves.toContain(text.submit_error_field);
		await expect(summary.innerText()).resolves.toContain(text.submit_error_email);
		expect(await page.title()).toMatch(/^Fehler/);

		await page.fill('#field-title', title);
		await page.fill('#field-teaser', 'Gemeinsam Fahrräder reparieren, Ersatzteile teilen und sicher fahren lernen.');
		await page.fill('#field-description', 'Jeden **Samstag** in der Werkstatt.\n\n- Reparatur\n- Fahrschule für Erwachsene');
		await page.check('#field-field-teilhabe');
		await page.check('#field-language-ar');
		await page.fill('#field-loc0_place', 'Hildesheim');
		await page.fill('#field-loc0_postcode', '31134');
		// Another place without JavaScript: a submit button that brings the form back with one more block.
		await Promise.all([page.waitForNavigation(), page.locator('button[name=intent][value=add_location]').click()]);
		expect(await page.locator('#field-loc1_place').count()).toBe(1);
		expect(await page.inputValue('#field-title')).toBe(title);
		expect(await page.isChecked('#field-language-ar')).toBe(true);
		await page.fill('#field-loc1_place', 'Sarstedt');
		await page.fill('#field-day6_0_from', '10:00');
		await page.fill('#field-day6_0_to', '14:00');
		await page.fill('#field-contact_website', 'www.example.org/fahrrad');
		await page.fill('#field-email', email);
		const before = await mailCount();
		await submit(page);
		const sent = page.locator('[data-testid=submit-sent]');
		await expect(sent.innerText()).resolves.toContain(email);

		const mail = await waitForMail(email, before);
		expect(mail.subject).toBe(text.submit_mail_verify_subject);
		expect(mail.contentLanguage).toBe('de');
		expect(mail.text).toContain(title);
		const link = confirmLink(mail, 'de');

		// A GET (as a mail scanner does) only shows a button, twice in a row; nobody is signed in by it.
		for (let i = 0; i < 2; i++) {
			await page.goto(link);
			expect(await page.locator('[data-testid=submit-confirm]').count()).toBe(1);
		}
		expect((await context.cookies()).filter((c) => c.httpOnly)).toEqual([]);
		await Promise.all([page.waitForNavigation(), page.locator('[data-testid=submit-confirm]').click()]);
		expect(new URL(page.url()).pathname).toBe('/de/konto/eintraege');
		await expect(page.locator('[data-testid=mine-confirmed]').count()).resolves.toBe(1);
		const entry = page.locator('.mine__entry', { hasText: title });
		await expect(entry.locator('[data-testid=entry-status]').innerText()).resolves.toBe(text.submit_status_submitted);
		expect((await context.cookies()).filter((c) => c.httpOnly)).toHaveLength(1);

		// The link is single use: a second POST says so.
		await page.goto(link);
		expect(await page.locator('[data-testid=link-state]').getAttribute('data-state')).toBe('used');

		// Edit: from "my entries" to the form, change the teaser, save.
		await page.goto(`${origin()}/de/konto/eintraege`);
		await Promise.all([page.waitForNavigation(), entry.locator('a', { hasText: text.submit_mine_edit }).click()]);
		const editUrl = page.url();
		expect(await page.inputValue('#field-title')).toBe(title);
		expect(await page.inputValue('#field-loc1_place')).toBe('Sarstedt');
		await page.fill('#field-teaser', 'Gemeinsam Fahrräder reparieren – jetzt auch mit Lastenrad.');
		await Promise.all([page.waitForNavigation(), page.locator('[data-testid=edit-save]').click()]);
		await expect(page.locator('[data-testid=edit-saved]').innerText()).resolves.toBe(text.submit_edit_saved);
		expect(await page.inputValue('#field-teaser')).toBe('Gemeinsam Fahrräder reparieren – jetzt auch mit Lastenrad.');

		// Two tabs from the same revision: the first save wins, the second is refused and shows the current values.
		const tabA = await context.newPage();
		const tabB = await context.newPage();
		await tabA.goto(editUrl);
		await tabB.goto(editUrl);
		await tabA.fill('#field-teaser', 'Fassung aus Tab A.');
		await Promise.all([tabA.waitForNavigation(), tabA.locator('[data-testid=edit-save]').click()]);
		await tabB.fill('#field-teaser', 'Fassung aus Tab B.');
		const [refused] = await Promise.all([tabB.waitForNavigation(), tabB.locator('[data-testid=edit-save]').click()]);
		expect(refused?.status()).toBe(409);
		await expect(tabB.locator('[data-testid=edit-stale]').innerText()).resolves.toContain(text.submit_edit_stale_title);
		expect(await tabB.inputValue('#field-teaser')).toBe('Fassung aus Tab A.');
		await expect(tabB.locator('[data-testid=edit-stale] details').textContent()).resolves.toContain('Fassung aus Tab B.');

		// axe on the form pages, with and without errors, in a JavaScript context with the same session.
		const jsContext = await browser.newContext();
		await jsContext.addCookies(await context.cookies());
		const found = [
			...(await axeClean(jsContext, `${origin()}/de/atlas/eintragen`)),
			...(await axeClean(jsContext, `${origin()}/de/atlas/eintragen`, async (p) => {
				await p.waitForTimeout(2100);
				await Promise.all([p.waitForNavigation(), p.locator('[data-testid=submit-entry]').click()]);
				await p.locator('[data-error-summary]').waitFor();
			})),
			...(await axeClean(jsContext, editUrl)),
			...(await axeClean(jsContext, editUrl, async (p) => {
				await p.fill('#field-title', '');
				await p.fill('#field-day1_0_from', '12:00');
				await Promise.all([p.waitForNavigation(), p.locator('[data-testid=edit-save]').click()]);
				await p.locator('[data-error-summary]').waitFor();
			})),
			...(await axeClean(jsContext, `${origin()}/de/konto/eintraege`)),
			...(await axeClean(jsContext, editUrl.replace('/bearbeiten', '/mitwirkende'))),
			...(await axeClean(jsContext, link))
		];
		expect(found, found.length ? `\n  ${found.join('\n  ')}\n` : '').toEqual([]);
		await jsContext.close();
		await context.close();
	});

	it('works in Arabic with JavaScript, with the mail in Arabic', async () => {
		const suffix = randomBytes(3).toString('hex');
		const email = `arabic-${suffix}@example.org`;
		const title = `مقهى اللغة ${suffix}`;
		const text = messages('ar');
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${origin()}/ar/atlas/eintragen`, { waitUntil: 'networkidle' });
		expect(await page.getAttribute('html', 'dir')).toBe('rtl');
		await page.selectOption('#field-source_locale', 'ar');
		await page.fill('#field-title', title);
		await page.fill('#field-teaser', 'نلتقي كل أسبوع لممارسة اللغة الألمانية معًا.');
		await page.check('#field-field-sprache');
		await page.fill('#field-loc0_place', 'Meppen');
		await page.fill('#field-email', email);
		const before = await mailCount();
		await submit(page);
		await page.locator('[data-testid=submit-sent], [data-error-summary]').first().waitFor();
		const refused = page.locator('[data-error-summary]');
		if (await refused.count()) throw new Error(`submission refused: ${await refused.innerText()}`);

		const mail = await waitForMail(email, before);
		expect(mail.contentLanguage).toBe('ar');
		expect(mail.subject).toBe(text.submit_mail_verify_subject);
		expect(mail.html).toMatch(/<html[^>]*\sdir="rtl"/);
		await page.goto(confirmLink(mail, 'ar'), { waitUntil: 'networkidle' });
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		await Promise.all([page.waitForURL((u) => u.pathname === '/ar/konto/eintraege'), page.locator('[data-testid=submit-confirm]').click()]);
		const entry = page.locator('.mine__entry', { hasText: title });
		await expect(entry.locator('[data-testid=entry-status]').innerText()).resolves.toBe(text.submit_status_submitted);
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		await context.close();
	});
});
