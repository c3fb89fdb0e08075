/**
 * Newsletter issues (issue 4): an editor writes an issue with an Arabic
 * version without JavaScript (error summary, values kept), previews it in
 * Arabic, sends a test to herself, sends it to a segment (Arabic readers)
 * that includes a subscriber who signed up through the public Arabic form;
 * the real SMTP inbox receives the issue in Arabic with List-Unsubscribe and
 * List-Unsubscribe-Post; a one-click POST from outside the browser removes
 * the subscriber; the archive shows the issue. axe on every page.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { mailCount, waitForMail, type InboxMail } from './lib/inbox';
import { signInAs } from './lib/signin';
import { validateHtml } from './lib/vnu';

const EDITOR = 'demo-redaktion@example.org';
const RUN = Date.now();

let browser: Browser;
let db: pg.Client;
/** Server HTML of every page visited, for the HTML validator at the end. */
const documents: { url: string; html: string }[] = [];
const keep = async (page: Page) => documents.push({ url: page.url(), html: await page.content() });

beforeAll(async () => {
	browser = await launch();
	db = new pg.Client({ connectionString: inject('databaseUrl') });
	await db.connect();
});
afterAll(async () => {
	await db?.end();
	await browser?.close();
});

function messages(area: string, locale: string): Record<string, string> {
	return JSON.parse(readFileSync(new URL(`../../messages/${area}/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;
}

function linkIn(mail: InboxMail, path: string): string {
	const escaped = `${origin()}${path}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const match = new RegExp(`${escaped}\\?(t|s)=[A-Za-z0-9_\\-.~%]+`).exec(mail.text);
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

async function subscriberId(email: string): Promise<string | undefined> {
	return (await db.query<{ id: string }>(`select id from newsletter_subscribers where lower(email) = lower($1) and status = 'active'`, [email])).rows[0]?.id;
}

/** An active Arabic subscriber through the public form and the mailed confirmation (another test covers that journey in depth). */
async function subscribeInArabic(email: string): Promise<void> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${origin()}/ar/newsletter`, { waitUntil: 'networkidle' });
	const before = await mailCount();
	await page.locator('input[name=email]').fill(email);
	await page.locator('input[name=consent]').check();
	// The form's fill-time check wants a person's pace.
	await page.waitForTimeout(2200);
	await page.locator('[data-testid=nl-subscribe-form] button[type=submit]').click();
	await page.locator('[data-testid=nl-sent]').waitFor();
	const doi = await waitForMail(email, before);
	await page.goto(linkIn(doi, '/ar/newsletter/bestaetigen'), { waitUntil: 'networkidle' });
	await page.locator('[data-testid=nl-confirm]').click();
	await page.locator('[data-testid=nl-confirmed]').waitFor();
	await context.close();
	expect(await subscriberId(email)).toBeDefined();
}

const submit = async (page: Page, selector: string) => {
	await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
};

describe('newsletter issues', () => {
	it('editor writes, previews, tests and sends an issue with an Arabic version (no JavaScript); the Arabic subscriber receives it', async () => {
		const de = messages('newsletter-admin', 'de');
		const ar = messages('newsletter-admin', 'ar');
		const reader = `nla-ar-${RUN}@example.org`;
		await subscribeInArabic(reader);
		const readerId = (await subscriberId(reader))!;

		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await signInAs(context, EDITOR, 'de');
		const jsContext = await browser.newContext();
		await signInAs(jsContext, EDITOR, 'de');
		const darkContext = await browser.newContext({ colorScheme: 'dark' });
		await signInAs(darkContext, EDITOR, 'ar');

		const listUrl = `${origin()}/de/admin/newsletter`;
		await page.goto(listUrl);
		expect((await page.locator('h1').textContent())?.trim()).toBe(de.nla_list_title);
		expect(await axeOn(jsContext, listUrl)).toEqual([]);
		await keep(page);
		const subject = `Frühlingsausgabe ${RUN}`;
		await page.locator('#field-subject').fill(subject);
		await submit(page, '[data-testid=nla-create]');
		expect(page.url()).toMatch(/\/de\/admin\/newsletter\/ausgaben\/[0-9a-f-]{36}$/);
		const editUrl = page.url();

		// A missing German text: the error summary, every value kept.
		const form = page.locator('[data-testid=nla-edit-form]');
		await form.locator('#field-subject_ar').fill(`عدد الربيع ${RUN}`);
		await form.locator('#field-body_ar').fill('أهلاً بكم في **نشرة** التحالف.\n\n- لقاء اللغة\n- يوم المتطوعين');
		await form.locator('#seg-locale-ar').check();
		await submit(page, '[data-testid=nla-save]');
		await expect(page.locator('[data-error-summary]').innerText()).resolves.toContain(de.nla_error_body_required);
		expect(await form.locator('#field-subject_ar').inputValue()).toBe(`عدد الربيع ${RUN}`);
		expect(await form.locator('#seg-locale-ar').isChecked()).toBe(true);
		await keep(page);

		await form.locator('#field-body_de').fill('Willkommen zum **Newsletter** des Bündnisses.\n\n- Sprachcafé\n- Tag des Ehrenamts');
		await submit(page, '[data-testid=nla-save]');
		await page.locator('[data-testid=nla-saved]').waitFor();
		const reach = Number(/\d+/.exec((await page.locator('[data-testid=nla-reach]').innerText()) ?? '')?.[0]);
		expect(reach).toBeGreaterThanOrEqual(1);
		expect(await axeOn(jsContext, editUrl)).toEqual([]);

		// Preview in Arabic, then a test mail to the editor in that language.
		await page.locator('#preview-locale').selectOption('ar');
		await submit(page, '[data-testid=nla-preview-show]');
		expect(page.url()).toContain('vorschau=ar');
		await expect(page.locator('[data-testid=nla-preview-html]').innerHTML()).resolves.toContain('<strong>نشرة</strong>');
		await expect(page.locator('[data-testid=nla-preview-text]').innerText()).resolves.toContain('لقاء اللغة');
		expect(await axeOn(jsContext, `${editUrl}?vorschau=ar`)).toEqual([]);
		await keep(page);
		// The editor pages in Arabic (right to left).
		expect(await axeOn(jsContext, editUrl.replace('/de/', '/ar/'))).toEqual([]);
		expect(await axeOn(jsContext, listUrl.replace('/de/', '/ar/'))).toEqual([]);
		// Dark scheme too (contrast of hints, notices and the preview frame).
		expect(await axeOn(darkContext, `${editUrl.replace('/de/', '/ar/')}?vorschau=ar`)).toEqual([]);
		const beforeTest = await mailCount();
		await submit(page, '[data-testid=nla-test]');
		await page.locator('[data-testid=nla-test-sent]').waitFor();
		const test = await waitForMail(EDITOR, beforeTest);
		expect(test.subject).toBe(`${ar.nla_mail_test_prefix} عدد الربيع ${RUN}`);
		expect(test.contentLanguage).toBe('ar');

		// Send now to the Arabic readers.
		const beforeSend = await mailCount();
		await submit(page, '[data-testid=nla-send-now]');
		const mail = await waitForMail(reader, beforeSend, 60_000);
		expect(mail.subject).toBe(`عدد الربيع ${RUN}`);
		expect(mail.contentLanguage).toBe('ar');
		expect(mail.html).toMatch(/<html[^>]*\sdir="rtl"/);
		expect(mail.html).toContain('<strong>نشرة</strong>');
		expect(mail.html).not.toMatch(/<img/);
		expect(mail.text).toContain(ar.nla_mail_unsubscribe);
		expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
		const oneClick = /^<([^>]+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1] ?? '';
		expect(oneClick).toMatch(new RegExp(`^${origin().replace(/[.]/g, '\\.')}/api/v1/newsletter/unsubscribe\\?s=`));
		expect(mail.headers['message-id']).toMatch(new RegExp(`^<[0-9a-f-]{36}\\.${readerId}@`));

		// Progress: without JavaScript a refresh link; the issue ends 'sent'.
		await expect
			.poll(
				async () => {
					await page.goto(editUrl);
					return (await page.locator('[data-testid=nla-status]').innerText()).trim();
				},
				{ timeout: 60_000, interval: 1000 }
			)
			.toContain(de.nla_status_sent);
		expect(Number(await page.locator('[data-testid=nla-progress-sent]').innerText())).toBeGreaterThanOrEqual(1);
		expect(Number(await page.locator('[data-testid=nla-progress-queued]').innerText())).toBe(0);
		expect(await axeOn(jsContext, editUrl)).toEqual([]);
		await keep(page);

		// RFC 8058 one-click from outside the browser: no cookies, another origin.
		const res = await fetch(oneClick, {
			method: 'POST',
			body: 'List-Unsubscribe=One-Click',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', origin: 'https://mail.example' }
		});
		expect(res.status).toBe(200);
		expect(await subscriberId(reader)).toBeUndefined();

		// The archive, in Arabic, shows the issue without personal links.
		const archiveUrl = `${origin()}/ar/newsletter/archiv`;
		await page.goto(archiveUrl);
		const link = page.locator('[data-testid=nla-archive] a', { hasText: `عدد الربيع ${RUN}` });
		expect(await link.count()).toBe(1);
		expect(await axeOn(jsContext, archiveUrl)).toEqual([]);
		await keep(page);
		await submit(page, `[data-testid=nla-archive] a:has-text("عدد الربيع ${RUN}")`);
		expect((await page.locator('h1').textContent())?.trim()).toBe(`عدد الربيع ${RUN}`);
		const archived = await page.locator('[data-testid=nla-archive-issue]').innerHTML();
		expect(archived).toContain('<strong>نشرة</strong>');
		expect(archived).not.toMatch(/einstellungen|abmelden|\?s=/);
		expect(await axeOn(jsContext, page.url())).toEqual([]);
		await keep(page);
		// English readers get the German version, and are told so.
		await page.goto(page.url().replace('/ar/', '/en/'));
		expect(await page.locator('[data-testid=nla-archive-fallback]').count()).toBe(1);
		expect((await page.locator('h1').textContent())?.trim()).toBe(subject);
		await keep(page);
		expect(await axeOn(darkContext, page.url())).toEqual([]);
		expect(await axeOn(darkContext, `${origin()}/ar/newsletter/archiv`)).toEqual([]);
		await context.close();
		await jsContext.close();
		await darkContext.close();
	});

	it('serves valid HTML on every page visited', async () => {
		expect(documents.length).toBeGreaterThanOrEqual(7);
		const errors = await validateHtml(documents);
		expect(errors, errors.join('\n')).toEqual([]);
	}, 180_000);

	it('refuses the editor pages to visitors and non-editors', async () => {
		const res = await fetch(`${origin()}/de/admin/newsletter`, { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/\/de\/anmelden\?next=/);
	});
});
