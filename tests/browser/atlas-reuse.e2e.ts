/**
 * Reusing atlas searches: e-mail alerts (subscribe without JavaScript, the
 * double opt-in mail through real SMTP, GET changes nothing, POST confirms,
 * RFC 8058 one-click unsubscribe without cookies), the Arabic subscribe page,
 * and staff embeds shown in an iframe of a page on another origin.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { mailCount, waitForMail, type InboxMail } from './lib/inbox';
import { signInAs } from './lib/signin';
import { validateHtml } from './lib/vnu';

const ADMIN = 'demo-admin@example.org';

let browser: Browser;
/** Server HTML of each page of this feature, validated with vnu at the end (the crawl does not reach them all). */
const documents: { url: string; html: string }[] = [];
const keep = async (url: string, html?: string) => documents.push({ url, html: html ?? (await (await fetch(url)).text()) });

beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

function messages(locale: string): Record<string, string> {
	const file = new URL(`../../messages/atlas-reuse/${locale}.json`, import.meta.url);
	return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

function linkIn(mail: InboxMail, path: string): string {
	const escaped = `${origin()}${path}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const match = new RegExp(`${escaped}\\?(token|a)=[A-Za-z0-9_\\-.~%]+`).exec(mail.text);
	if (!match) throw new Error(`no ${path} link in the mail text:\n${mail.text}`);
	return match[0];
}

async function axeOn(context: BrowserContext, url: string): Promise<string[]> {
	const page = await context.newPage();
	await page.goto(url, { waitUntil: 'networkidle' });
	const found = describeViolations(url, await runAxe(page));
	await page.close();
	return found;
}

/** The form's fill-time check wants a person's pace (more than two seconds). */
const humanPause = (page: Page) => page.waitForTimeout(2200);

describe('e-mail alerts for a search', () => {
	it('subscribes without JavaScript, confirms only by POST, and unsubscribes with a one-click POST without cookies', async () => {
		const email = `alert-${Date.now()}@example.org`;
		const text = messages('de');
		const context = await browser.newContext({ javaScriptEnabled: false });
		const jsContext = await browser.newContext();
		const page = await context.newPage();

		await page.goto(`${origin()}/de/atlas?field=sprache`);
		const feed = page.locator('link[rel=alternate][type="application/atom+xml"]');
		expect(await feed.getAttribute('href')).toMatch(/^\/api\/v1\/projects\.atom\?.*field=sprache/);
		await page.locator('[data-testid=atlas-reuse] a', { hasText: text.reuse_list_subscribe }).click();
		await page.waitForURL(/\/de\/atlas\/benachrichtigung\?/);
		expect(new URL(page.url()).searchParams.getAll('field')).toEqual(['sprache']);
		const subscribeUrl = page.url();
		await keep(subscribeUrl);
		expect(await axeOn(jsContext, subscribeUrl)).toEqual([]);

		// Without the consent tick: an error summary, the address kept, nothing sent.
		const form = page.locator('form', { has: page.locator('input[name=email]') });
		await form.locator('input[name=email]').fill(email);
		expect(await form.locator('input[name=consent]').isChecked()).toBe(false);
		await humanPause(page);
		await form.locator('button[type=submit]').click();
		await page.waitForLoadState();
		await expect(page.locator('[data-error-summary]').innerText()).resolves.toContain(text.reuse_error_consent);
		expect(await form.locator('input[name=email]').inputValue()).toBe(email);

		const before = await mailCount();
		await form.locator('input[name=consent]').check();
		await humanPause(page);
		await form.locator('button[type=submit]').click();
		await page.locator('[data-testid=alert-sent]').waitFor();

		const doi = await waitForMail(email, before);
		expect(doi.contentLanguage).toBe('de');
		expect(doi.subject).toBe(text.reuse_mail_confirm_subject);
		expect(doi.headers['list-unsubscribe']).toBeUndefined();
		const confirmUrl = linkIn(doi, '/de/atlas/benachrichtigung/bestaetigen');

		// Mail scanners fetch links: any number of GETs leave the link usable and send nothing.
		for (let i = 0; i < 2; i++) {
			const res = await fetch(confirmUrl);
			expect(res.status).toBe(200);
			expect(await res.text()).toContain('data-testid="alert-confirm"');
		}
		expect(await axeOn(jsContext, confirmUrl)).toEqual([]);
		await keep(confirmUrl);
		const afterGets = await mailCount();
		// Had a GET activated the alert, its "alert is on" mail would arrive now (the worker polls every second).
		await expect(waitForMail(email, doi.index + 1, 4000)).rejects.toThrow(/no mail/);

		await page.goto(confirmUrl);
		await Promise.all([page.waitForNavigation(), page.locator('[data-testid=alert-confirm]').click()]);
		await page.locator('[data-testid=alert-confirmed]').waitFor();
		documents.push({ url: `${confirmUrl} (confirmed)`, html: await page.content() });
		const active = await waitForMail(email, afterGets);
		expect(active.subject).toBe(text.reuse_mail_active_subject);
		expect(active.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
		const oneClick = /^<([^>]+)>$/.exec(active.headers['list-unsubscribe'] ?? '')?.[1];
		expect(oneClick).toMatch(new RegExp(`^${origin().replace(/[.]/g, '\\.')}/api/v1/alerts/unsubscribe\\?a=`));
		const unsubscribePage = linkIn(active, '/de/atlas/benachrichtigung/abbestellen');

		// Single use: the same link now explains that it was used.
		await page.goto(confirmUrl);
		await page.locator('[data-testid=alert-confirm-invalid]').waitFor();
		expect(await page.locator('[data-testid=alert-confirm]').count()).toBe(0);

		// The unsubscribe page's GET only shows the button.
		const look = await fetch(unsubscribePage);
		expect(await look.text()).toContain('data-testid="alert-unsubscribe"');
		expect(await axeOn(jsContext, unsubscribePage)).toEqual([]);
		await keep(unsubscribePage);

		// Cross-site POSTs stay refused everywhere else …
		const foreign = await fetch(subscribeUrl, { method: 'POST', headers: { origin: 'https://mail.example' }, body: new URLSearchParams({ email }) });
		expect(foreign.status).toBe(403);
		// … but the mail provider's one-click POST (no cookie, another origin) unsubscribes at once.
		const res = await fetch(oneClick!, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('set-cookie')).toBeNull();
		await page.goto(unsubscribePage);
		await page.locator('[data-testid=alert-unsubscribed]').waitFor();
		await context.close();
		await jsContext.close();
	});

	it('offers the subscribe page in Arabic, right to left, and mails the confirmation in Arabic', async () => {
		const text = messages('ar');
		const email = `alert-ar-${Date.now()}@example.org`;
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${origin()}/ar/atlas/benachrichtigung?field=sprache&region=leine-weser`, { waitUntil: 'networkidle' });
		expect(await page.getAttribute('html', 'dir')).toBe('rtl');
		expect(await page.getAttribute('html', 'lang')).toBe('ar');
		expect((await page.locator('h1').textContent())?.trim()).toBe(text.reuse_alert_title);
		expect(await page.locator('label[for=field-consent]').textContent()).toBe(text.reuse_alert_consent_label);
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);

		const before = await mailCount();
		await page.locator('input[name=email]').fill(email);
		await page.locator('input[name=consent]').check();
		await humanPause(page);
		await page.locator('form button[type=submit]').click();
		await page.locator('[data-testid=alert-sent]').waitFor();
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		const mail = await waitForMail(email, before);
		expect(mail.contentLanguage).toBe('ar');
		expect(mail.subject).toBe(text.reuse_mail_confirm_subject);
		expect(mail.html).toMatch(/<html[^>]*\sdir="rtl"/);
		linkIn(mail, '/ar/atlas/benachrichtigung/bestaetigen');
		await context.close();
	});
});

/** Signs the demo admin in (mail link → confirm) in a context with JavaScript. */
async function signIn(context: BrowserContext): Promise<Page> {
	return signInAs(context, ADMIN, 'de');
}

/** A partner's page on another origin (localhost instead of 127.0.0.1, own port) that frames `src`. */
async function partnerSite(frames: string[]): Promise<{ url: string; close(): Promise<void> }> {
	const server = http.createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(
			`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Partner</title></head><body><h1>Partnerseite</h1>${frames
				.map((src, i) => `<iframe id="f${i}" src="${src}" title="Frame ${i}" width="800" height="700"></iframe>`)
				.join('')}</body></html>`
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return { url: `http://localhost:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('embeds', () => {
	it('are defined by staff and shown inside another site’s iframe with filters nobody can remove', async () => {
		const text = messages('de');
		const context = await browser.newContext();
		const page = await signIn(context);
		const adminUrl = `${origin()}/de/admin/atlas/einbettungen`;
		const adminRes = await page.goto(adminUrl, { waitUntil: 'networkidle' });
		await keep(adminUrl, await adminRes!.text());
		expect(describeViolations(adminUrl, await runAxe(page))).toEqual([]);

		const name = `Engagement Göttingen ${Date.now()}`;
		await page.locator('#field-name').fill(name);
		await page.locator('input[name=field][value=engagement]').check();
		await page.locator('select[name=district]').selectOption('03159');
		await page.locator('form[action="?/create"] button[type=submit]').click();
		await page.locator('[data-testid=embed-created]').waitFor();
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		const item = page.locator('[data-testid=embed-item]', { has: page.locator('h3', { hasText: name }) });
		const snippet = await item.locator('[data-testid=embed-snippet-de]').inputValue();
		expect(snippet).toContain(`title="${name} – Projektatlas Niedersachsen packt an"`);
		const src = /src="([^"]+)"/.exec(snippet)?.[1];
		expect(src).toMatch(new RegExp(`^${origin().replace(/[.]/g, '\\.')}/de/einbettung/[0-9a-f-]{36}$`));

		// Headers: the embed may be framed by anyone and sets no cookie; every other page stays unframeable.
		const embedRes = await fetch(src!);
		expect(embedRes.status).toBe(200);
		await keep(src!, await embedRes.text());
		expect(embedRes.headers.get('x-frame-options')).toBeNull();
		expect(embedRes.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
		expect(embedRes.headers.get('set-cookie')).toBeNull();
		const listRes = await fetch(`${origin()}/de/atlas`);
		expect(listRes.headers.get('x-frame-options')).toBe('DENY');
		expect(listRes.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);

		// A visitor (or the partner) tries to swap the fixed filters through the URL.
		const hostile = `${src}?district=03241&field=sprache&region=leine-weser&near=Hemmingen&per_page=100`;
		const partner = await partnerSite([hostile, `${origin()}/de/atlas`]);
		try {
			const visitor = await browser.newContext();
			const site = await visitor.newPage();
			await site.goto(partner.url, { waitUntil: 'networkidle' });
			const embed = site.frameLocator('#f0');
			await embed.locator('[data-testid=embed-count]').waitFor();
			const titles = await embed.locator('[data-testid=embed-result] h3 a').allTextContents();
			expect(titles.length).toBe(2);
			expect(titles.join(' ')).not.toMatch(/Deutschvermittler/);
			for (const link of await embed.locator('[data-testid=embed-result] a, [data-testid=embed-attribution]').all()) {
				expect(await link.getAttribute('target')).toBe('_blank');
				expect(await link.getAttribute('rel')).toContain('noopener');
			}
			await expect(embed.locator('[data-testid=embed-attribution]').textContent()).resolves.toBe(text.reuse_embed_attribution);
			// Words narrow inside the fixed set and never widen it.
			await embed.locator('input[name=q]').fill('Harz');
			await embed.locator('form[role=search] button').click();
			await embed.locator('[data-testid=embed-result]').first().waitFor();
			await expect.poll(() => embed.locator('[data-testid=embed-result]').count()).toBe(1);
			// The same page framing the ordinary list: the browser refuses to show it.
			const listFrame = await (await site.$('#f1'))?.contentFrame();
			expect(listFrame?.url()).toMatch(/^chrome-error:/);
			expect(await visitor.cookies()).toEqual([]);
			await visitor.close();
		} finally {
			await partner.close();
		}

		// The embed page itself, checked with axe.
		const embedPage = await context.newPage();
		await embedPage.goto(src!, { waitUntil: 'networkidle' });
		expect(describeViolations(src!, await runAxe(embedPage))).toEqual([]);
		await embedPage.close();

		// Switched off, it is gone.
		await page.goto(adminUrl);
		const again = page.locator('[data-testid=embed-item]', { has: page.locator('h3', { hasText: name }) });
		await Promise.all([page.waitForLoadState(), again.locator('form[action="?/toggle"] button').click()]);
		await expect.poll(async () => (await fetch(src!)).status).toBe(404);
		await context.close();
	});
});

describe('HTML of the reuse pages', () => {
	it('is valid (vnu)', async () => {
		expect(documents.length).toBeGreaterThanOrEqual(6);
		const errors = await validateHtml(documents);
		expect(errors, errors.join('\n')).toEqual([]);
	}, 180_000);
});
