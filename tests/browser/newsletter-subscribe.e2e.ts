/**
 * Newsletter subscription (issue 4): subscribe without JavaScript with topics
 * and regions, the double opt-in through real SMTP (GET changes nothing, POST
 * confirms), the preference centre in Arabic with JavaScript, the unsubscribe
 * page, the RFC 8058 one-click POST from outside the browser (no cookie,
 * another origin), and "for the newsletter": a submission that an editor
 * approves in the queue. axe on every page; vnu on the server HTML.
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
const documents: { url: string; html: string }[] = [];
const keep = async (url: string, html?: string) => documents.push({ url, html: html ?? (await (await fetch(url)).text()) });

beforeAll(async () => {
	browser = await launch();
	db = new pg.Client({ connectionString: inject('databaseUrl') });
	await db.connect();
});
afterAll(async () => {
	await db?.end();
	await browser?.close();
});

function messages(locale: string): Record<string, string> {
	const file = new URL(`../../messages/newsletter/${locale}.json`, import.meta.url);
	return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
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

type SubscriberRow = { id: string; status: string; topics: string[]; regions: string[]; locale: string };

async function subscriber(email: string): Promise<SubscriberRow | undefined> {
	const res = await db.query<SubscriberRow>(
		'select id, status, topics, regions, locale from newsletter_subscribers where lower(email) = lower($1)',
		[email]
	);
	return res.rows[0];
}

/** The form's fill-time check wants a person's pace (more than two seconds). */
const humanPause = (page: Page) => page.waitForTimeout(2200);

describe('newsletter subscription', () => {
	let oneClick = '';
	let unsubscribePage = '';
	const email = `nl-de-${RUN}@example.org`;

	it('subscribes without JavaScript with topics and regions; the confirmation link confirms only by POST', async () => {
		const text = messages('de');
		const context = await browser.newContext({ javaScriptEnabled: false });
		const jsContext = await browser.newContext();
		const page = await context.newPage();
		const subscribeUrl = `${origin()}/de/newsletter`;
		await page.goto(subscribeUrl);
		expect((await page.locator('h1').textContent())?.trim()).toBe(text.nl_title);
		expect(await axeOn(jsContext, subscribeUrl)).toEqual([]);
		await keep(subscribeUrl);

		const form = page.locator('[data-testid=nl-subscribe-form]');
		await form.locator('input[name=email]').fill(email);
		await form.locator('#field-topics-sprache').check();
		await form.locator('#field-topics-arbeit').check();
		await form.locator('#field-regions-leine-weser').check();
		expect(await form.locator('#field-language-de').isChecked()).toBe(true);
		// Without the consent tick: an error summary, every value kept, nothing stored.
		await humanPause(page);
		await form.locator('button[type=submit]').click();
		await page.waitForLoadState();
		await expect(page.locator('[data-error-summary]').innerText()).resolves.toContain(text.nl_error_consent);
		expect(await form.locator('input[name=email]').inputValue()).toBe(email);
		expect(await form.locator('#field-topics-arbeit').isChecked()).toBe(true);
		expect(await form.locator('#field-regions-leine-weser').isChecked()).toBe(true);
		expect(await subscriber(email)).toBeUndefined();
		documents.push({ url: `${subscribeUrl} (errors)`, html: await page.content() });

		const before = await mailCount();
		await form.locator('input[name=consent]').check();
		await humanPause(page);
		await form.locator('button[type=submit]').click();
		await page.locator('[data-testid=nl-sent]').waitFor();
		expect(await subscriber(email)).toMatchObject({ status: 'pending', topics: ['sprache', 'arbeit'], regions: ['leine-weser'], locale: 'de' });

		const doi = await waitForMail(email, before);
		expect(doi.contentLanguage).toBe('de');
		expect(doi.subject).toBe(text.nl_mail_confirm_subject);
		expect(doi.headers['list-unsubscribe']).toBeUndefined();
		const confirmUrl = linkIn(doi, '/de/newsletter/bestaetigen');

		// Mail scanners fetch links: GETs leave the link usable and the subscriber pending.
		for (let i = 0; i < 2; i++) {
			const res = await fetch(confirmUrl);
			expect(res.status).toBe(200);
			expect(await res.text()).toContain('data-testid="nl-confirm"');
		}
		expect(await axeOn(jsContext, confirmUrl)).toEqual([]);
		await keep(confirmUrl);
		expect((await subscriber(email))?.status).toBe('pending');
		await page.goto(confirmUrl);
		expect(await page.locator('[data-testid=nl-confirm]').count()).toBe(1);
		expect((await subscriber(email))?.status).toBe('pending');

		const afterGets = await mailCount();
		await Promise.all([page.waitForNavigation(), page.locator('[data-testid=nl-confirm]').click()]);
		await page.locator('[data-testid=nl-confirmed]').waitFor();
		documents.push({ url: `${confirmUrl} (confirmed)`, html: await page.content() });
		expect((await subscriber(email))?.status).toBe('active');

		const welcome = await waitForMail(email, afterGets);
		expect(welcome.subject).toBe(text.nl_mail_welcome_subject);
		expect(welcome.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
		oneClick = /^<([^>]+)>$/.exec(welcome.headers['list-unsubscribe'] ?? '')?.[1] ?? '';
		expect(oneClick).toMatch(new RegExp(`^${origin().replace(/[.]/g, '\\.')}/api/v1/newsletter/unsubscribe\\?s=`));
		unsubscribePage = linkIn(welcome, '/de/newsletter/abmelden');
		const preferences = linkIn(welcome, '/de/newsletter/einstellungen');

		// Single use: the same link now explains that it was used.
		await page.goto(confirmUrl);
		await page.locator('[data-testid=nl-confirm-invalid][data-state=used]').waitFor();

		// The preference centre without JavaScript shows what is stored, including the consent record.
		await page.goto(preferences);
		await expect(page.locator('[data-testid=nl-prefs-stored]').innerText()).resolves.toContain(email);
		expect(await page.locator('[data-testid=nl-prefs-consent]').count()).toBe(1);
		expect(await axeOn(jsContext, preferences)).toEqual([]);
		await keep(preferences);

		// The unsubscribe page's GET only shows the button.
		const look = await fetch(unsubscribePage);
		expect(await look.text()).toContain('data-testid="nl-unsubscribe"');
		expect(await axeOn(jsContext, unsubscribePage)).toEqual([]);
		await keep(unsubscribePage);
		expect((await subscriber(email))?.status).toBe('active');

		// A forged preference link shows the "link not valid" page, no detail.
		const forged = `${preferences.slice(0, -4)}AAAA`;
		await page.goto(forged);
		await page.locator('[data-testid=nl-link-invalid]').waitFor();
		expect(await page.content()).not.toContain(email);
		await context.close();
		await jsContext.close();
	});

	it('unsubscribes with a one-click POST from outside the browser: no cookie, another origin, idempotent', async () => {
		expect(oneClick).not.toBe('');
		// A GET only leads to the page with the button.
		const get = await fetch(oneClick, { redirect: 'manual' });
		expect(get.status).toBe(303);
		const { id } = (await subscriber(email))!;
		expect((await subscriber(email))?.status).toBe('active');

		const post = () =>
			fetch(oneClick, {
				method: 'POST',
				body: 'List-Unsubscribe=One-Click',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', origin: 'https://mail.example' }
			});
		const res = await post();
		expect(res.status).toBe(200);
		expect(res.headers.get('set-cookie')).toBeNull();
		expect(await subscriber(email)).toBeUndefined();
		expect((await post()).status).toBe(200);
		const proof = await db.query('select status, withdrawn_channel, email, source from consents where subject_id = $1', [id]);
		expect(proof.rows).toEqual([{ status: 'withdrawn', withdrawn_channel: 'one-click', email: null, source: '/de/newsletter' }]);

		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(unsubscribePage);
		await page.locator('[data-testid=nl-unsubscribed]').waitFor();
		await context.close();
	});

	it('works in Arabic with JavaScript: subscribe, confirm, change preferences, unsubscribe by the page', async () => {
		const text = messages('ar');
		const arEmail = `nl-ar-${RUN}@example.org`;
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${origin()}/ar/newsletter`, { waitUntil: 'networkidle' });
		expect(await page.getAttribute('html', 'dir')).toBe('rtl');
		expect(await page.getAttribute('html', 'lang')).toBe('ar');
		expect(await page.locator('#field-language-ar').isChecked()).toBe(true);
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);

		const before = await mailCount();
		await page.locator('input[name=email]').fill(arEmail);
		await page.locator('input[name=consent]').check();
		await humanPause(page);
		await page.locator('[data-testid=nl-subscribe-form] button[type=submit]').click();
		await page.locator('[data-testid=nl-sent]').waitFor();
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		const doi = await waitForMail(arEmail, before);
		expect(doi.contentLanguage).toBe('ar');
		expect(doi.subject).toBe(text.nl_mail_confirm_subject);
		expect(doi.html).toMatch(/<html[^>]*\sdir="rtl"/);

		const afterDoi = await mailCount();
		await page.goto(linkIn(doi, '/ar/newsletter/bestaetigen'), { waitUntil: 'networkidle' });
		await page.locator('[data-testid=nl-confirm]').click();
		await page.locator('[data-testid=nl-confirmed]').waitFor();
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		const welcome = await waitForMail(arEmail, afterDoi);
		expect(welcome.subject).toBe(text.nl_mail_welcome_subject);

		await page.goto(linkIn(welcome, '/ar/newsletter/einstellungen'), { waitUntil: 'networkidle' });
		expect((await page.locator('h1').textContent())?.trim()).toBe(text.nl_prefs_title);
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		await page.locator('#field-topics-wohnen').check();
		await page.locator('#field-regions-weser-ems').check();
		await page.locator('[data-testid=nl-prefs-form] button[type=submit]').click();
		await page.locator('[data-testid=nl-prefs-saved]').waitFor();
		expect(await subscriber(arEmail)).toMatchObject({ status: 'active', topics: ['wohnen'], regions: ['weser-ems'], locale: 'ar' });
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);

		await page.locator('[data-testid=nl-prefs-unsubscribe]').click();
		await page.waitForURL(/\/ar\/newsletter\/abmelden\?s=/);
		await page.locator('[data-testid=nl-unsubscribe]').waitFor();
		expect(await subscriber(arEmail)).toBeDefined();
		await page.locator('[data-testid=nl-unsubscribe]').click();
		await page.locator('[data-testid=nl-unsubscribed]').waitFor();
		expect(describeViolations(page.url(), await runAxe(page))).toEqual([]);
		expect(await subscriber(arEmail)).toBeUndefined();
		await context.close();
	});
});

describe('for the newsletter', () => {
	it('takes a submission without JavaScript, and an editor approves it in the queue', async () => {
		const text = messages('de');
		const title = `Sprachcafé am Maschsee ${RUN}`;
		const submitter = `nl-sub-${RUN}@example.org`;
		const context = await browser.newContext({ javaScriptEnabled: false });
		const jsContext = await browser.newContext();
		const page = await context.newPage();
		const formUrl = `${origin()}/de/newsletter/beitrag`;
		await page.goto(formUrl);
		expect(await axeOn(jsContext, formUrl)).toEqual([]);
		await keep(formUrl);

		const form = page.locator('[data-testid=nl-submission-form]');
		await form.locator('#field-kind-event').check();
		await form.locator('input[name=title]').fill(title);
		await form.locator('textarea[name=body]').fill('Jeden **Dienstag** um 17 Uhr.\n\n- Tee\n- Gespräche');
		await form.locator('input[name=link]').fill('javascript:alert(1)');
		await form.locator('select[name=region]').selectOption('leine-weser');
		await form.locator('input[name=name]').fill('Amal Haddad');
		await form.locator('input[name=email]').fill(submitter);
		await humanPause(page);
		await form.locator('button[type=submit]').click();
		await page.waitForLoadState();
		await expect(page.locator('[data-error-summary]').innerText()).resolves.toContain(text.nl_error_link);
		expect(await form.locator('input[name=title]').inputValue()).toBe(title);
		expect(await form.locator('select[name=region]').inputValue()).toBe('leine-weser');

		await form.locator('input[name=link]').fill('https://example.org/sprachcafe');
		const before = await mailCount();
		await humanPause(page);
		await form.locator('button[type=submit]').click();
		await page.locator('[data-testid=nl-submission-sent]').waitFor();
		const receipt = await waitForMail(submitter, before);
		expect(receipt.subject).toBe(text.nl_mail_receipt_subject);
		await context.close();

		const staff = await browser.newContext();
		const admin = await signInAs(staff, EDITOR, 'de');
		const queueUrl = `${origin()}/de/admin/newsletter/beitraege`;
		await admin.goto(queueUrl, { waitUntil: 'networkidle' });
		expect(describeViolations(queueUrl, await runAxe(admin))).toEqual([]);
		await Promise.all([admin.waitForNavigation(), admin.locator('[data-testid=nl-queue] a', { hasText: title }).click()]);
		await admin.waitForLoadState('networkidle');
		expect(await admin.locator('.markdown strong').textContent()).toBe('Dienstag');
		expect(describeViolations(admin.url(), await runAxe(admin))).toEqual([]);
		await admin.locator('[data-testid=nl-approve]').click();
		await admin.locator('[data-testid=nl-decided]').waitFor();
		expect(await admin.locator('[data-testid=nl-submission-status]').textContent()).toBe(text.nl_status_approved);
		expect(describeViolations(admin.url(), await runAxe(admin))).toEqual([]);
		const row = await db.query<{ status: string; moderated_by: string | null }>('select status, moderated_by from newsletter_submissions where title = $1', [title]);
		expect(row.rows[0]?.status).toBe('approved');
		expect(row.rows[0]?.moderated_by).not.toBeNull();
		await staff.close();
		await jsContext.close();
	});

	it('serves valid HTML on every page of the feature', async () => {
		const errors = await validateHtml(documents);
		expect(errors, errors.join('\n')).toEqual([]);
	}, 180_000);
});
