/**
 * Signs a person in through the real form and the emailed link (real SMTP
 * inbox), for test files that need a signed-in page. The sign-in journey
 * itself is tested in signin.e2e.ts.
 */
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { origin } from './browser';
import { mailCount, signInLink, waitForMail } from './inbox';

export async function signInAs(context: BrowserContext, email: string, locale: string): Promise<Page> {
	const page = await context.newPage();
	// Wait for hydration: text typed before it can be lost when the form hydrates.
	await page.goto(`${origin()}/${locale}/anmelden`, { waitUntil: 'networkidle' });
	const before = await mailCount();
	const form = page.locator('form', { has: page.locator('input[name=email]') });
	await form.locator('input[name=email]').fill(email);
	await form.locator('button[type=submit], button:not([type])').first().click();
	await page.locator('[data-testid=signin-sent], [data-error-summary]').first().waitFor();
	const refused = page.locator('[data-error-summary]');
	if (await refused.count()) throw new Error(`sign-in refused: ${await refused.innerText()}`);
	const mail = await waitForMail(email, before);
	await page.goto(signInLink(mail, origin(), locale));
	await Promise.all([page.waitForNavigation(), page.locator('[data-testid=signin-confirm]').click()]);
	expect(new URL(page.url()).pathname).toBe(`/${locale}/konto`);
	return page;
}
