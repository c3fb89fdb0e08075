/**
 * The error summary: after a failed submit it exists, takes focus,
 * links to the field, and the title starts with "Fehler:" — with JavaScript
 * (client-side update) and without (server-rendered answer to the POST).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, origin } from './lib/browser';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

async function submitInvalid(javaScriptEnabled: boolean) {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await page.goto(`${origin()}/de/anmelden`, { waitUntil: 'networkidle' });
	const form = page.locator('form', { has: page.locator('input[name=email]') });
	await form.locator('input[name=email]').fill('keine-adresse');
	await form.locator('button[type=submit], button:not([type])').first().click();
	const summary = page.locator('[data-error-summary]');
	await summary.waitFor();
	return { context, page, summary };
}

describe('error summary on /de/anmelden (A-13)', () => {
	it('appears with JavaScript, has focus, links to #field-email and prefixes the title', async () => {
		const { context, page, summary } = await submitInvalid(true);
		const focused = () => summary.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
		// Focus moves once the page has hydrated, which takes a moment on a busy machine.
		for (const until = Date.now() + 10_000; !(await focused()) && Date.now() < until; ) await page.waitForTimeout(100);
		if (!(await focused())) {
			const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? 'none');
			expect.fail(`the error summary (or an element inside it) should have focus; it is on: ${active}`);
		}
		expect(await summary.locator('a[href="#field-email"]').count()).toBe(1);
		expect(await page.locator('#field-email').count(), 'the link target exists').toBe(1);
		await expect.poll(() => page.title(), { timeout: 10_000 }).toMatch(/^Fehler:/);
		await context.close();
	});

	it('is rendered by the server without JavaScript', async () => {
		const { context, page, summary } = await submitInvalid(false);
		expect(await summary.locator('a[href="#field-email"]').count()).toBe(1);
		expect(await page.locator('#field-email').count(), 'the link target exists').toBe(1);
		expect(await page.title()).toMatch(/^Fehler:/);
		// Without script nothing can move focus; autofocus on the summary is the server-side way.
		expect(await summary.getAttribute('tabindex')).toBe('-1');
		await context.close();
	});
});
