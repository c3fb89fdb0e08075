/**
 * Supporters of the appeal (issue 4): sign as a person without JavaScript in
 * German and confirm by POST from the mailed link (GET changes nothing), see
 * oneself on the wall; sign as an institution with a logo in Arabic with
 * JavaScript; withdraw through the manage link; "my data": request the link,
 * export JSON, delete everything, and the wall and counters no longer include
 * the institution. axe on every page.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { mailCount, waitForMail, type InboxMail } from './lib/inbox';
import { signInAs } from './lib/signin';

const RUN = Date.now();
const PERSON = `Testperson ${RUN}`;
const PERSON_EMAIL = `sup-de-${RUN}@example.org`;
const ORG = `Verein Zusammen ${RUN}`;
const ORG_EMAIL = `sup-ar-${RUN}@example.org`;

let browser: Browser;
let db: pg.Client;
let jsContext: BrowserContext;

beforeAll(async () => {
	browser = await launch();
	jsContext = await browser.newContext();
	// A missing element fails the step that waits for it, not the whole test after three minutes.
	jsContext.setDefaultTimeout(30_000);
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

async function axeOn(url: string): Promise<string[]> {
	const page = await jsContext.newPage();
	await page.goto(url, { waitUntil: 'networkidle' });
	const found = describeViolations(url, await runAxe(page));
	await page.close();
	return found;
}

async function axeHere(page: Page): Promise<string[]> {
	return describeViolations(page.url(), await runAxe(page));
}

type Row = { id: string; status: string; public_display: boolean; logo_key: string | null; locale: string };
async function supporter(email: string): Promise<Row | undefined> {
	const res = await db.query<Row>('select id, status, public_display, logo_key, locale from supporters where lower(email) = lower($1)', [email]);
	return res.rows[0];
}

async function stats(): Promise<{ people: number; institutions: number; total: number }> {
	const res = await fetch(`${origin()}/api/v1/stats`);
	expect(res.headers.get('cache-control')).toBe('public, max-age=60');
	return ((await res.json()) as { supporters: { people: number; institutions: number; total: number } }).supporters;
}

/** Whether a wall search for the (unique) name lists an entry; the search box echoes the name, so count entries. */
async function onWall(name: string, locale = 'de'): Promise<boolean> {
	const html = await (await fetch(`${origin()}/${locale}/unterstuetzen/wand?q=${encodeURIComponent(name)}`)).text();
	return (html.match(/data-testid="wall-item"/g) ?? []).length > 0;
}

const humanPause = (page: Page) => page.waitForTimeout(2200);

describe('supporters of the appeal', () => {
	let manageUrl = '';

	it('signs as a person without JavaScript; GET of the link changes nothing, the POST confirms; the wall shows the person', async () => {
		const text = messages('supporters', 'de');
		const consent = messages('consent', 'de');
		const url = `${origin()}/de/unterstuetzen`;
		expect(await axeOn(url)).toEqual([]);
		const context = await browser.newContext({ javaScriptEnabled: false });
		context.setDefaultTimeout(30_000);
		const page = await context.newPage();
		await page.goto(url);
		expect((await page.locator('h1').textContent())?.trim()).toBe(text.sup_title);
		// Without JavaScript both groups are there, and the three consent boxes are unticked.
		await page.locator('[data-testid=group-person]').waitFor();
		await page.locator('[data-testid=group-institution]').waitFor();
		for (const id of ['consent-sign', 'consent-public', 'consent-newsletter']) expect(await page.locator(`#${id}`).isChecked()).toBe(false);
		expect((await page.locator('label[for=consent-sign]').textContent())?.trim()).toContain(consent.consent_appeal_sign);

		await page.locator('#field-kind-person').check();
		await page.locator('#field-p_name').fill(PERSON);
		await page.locator('#field-p_place').fill('Celle');
		await page.locator('#field-email').fill(PERSON_EMAIL);
		await page.locator('#consent-public').check();
		await humanPause(page);
		await page.locator('[data-testid=sign-submit]').click();
		await page.waitForLoadState();
		// Without the signature box: an error, every value kept, nothing stored.
		await expect(page.locator('[data-error-summary]').innerText()).resolves.toContain(text.sup_error_consent_sign);
		expect(await page.locator('#field-p_name').inputValue()).toBe(PERSON);
		expect(await page.locator('#consent-public').isChecked()).toBe(true);
		expect(await supporter(PERSON_EMAIL)).toBeUndefined();

		const before = await mailCount();
		await page.locator('#consent-sign').check();
		await humanPause(page);
		await page.locator('[data-testid=sign-submit]').click();
		await page.locator('[data-testid=sign-sent]').waitFor();
		expect(await supporter(PERSON_EMAIL)).toMatchObject({ status: 'pending', public_display: false });

		const mail = await waitForMail(PERSON_EMAIL, before);
		expect(mail.subject).toBe(text.sup_mail_confirm_subject);
		expect(mail.contentLanguage).toBe('de');
		const confirmUrl = linkIn(mail, '/de/unterstuetzen/bestaetigen');
		manageUrl = linkIn(mail, '/de/unterstuetzen/verwalten');
		for (let i = 0; i < 2; i++) {
			const res = await fetch(confirmUrl);
			expect(res.status).toBe(200);
			expect(await res.text()).toContain('data-testid="sign-confirm"');
		}
		expect(await supporter(PERSON_EMAIL)).toMatchObject({ status: 'pending' });
		const peopleBefore = (await stats()).people;

		await page.goto(confirmUrl);
		expect(await axeOn(confirmUrl)).toEqual([]);
		await page.locator('[data-testid=sign-confirm]').click();
		await page.locator('[data-testid=sign-confirmed]').waitFor();
		expect(await supporter(PERSON_EMAIL)).toMatchObject({ status: 'confirmed', public_display: true });
		expect((await stats()).people).toBe(peopleBefore + 1);

		const wallUrl = `${origin()}/de/unterstuetzen/wand?q=${encodeURIComponent(PERSON)}`;
		expect(await onWall(PERSON)).toBe(true);
		await page.goto(wallUrl);
		await expect(page.locator('[data-testid=wall-item]').allInnerTexts()).resolves.toEqual([expect.stringContaining(PERSON)]);
		expect(await axeOn(`${origin()}/de/unterstuetzen/wand`)).toEqual([]);
		// The link is spent now.
		await page.goto(confirmUrl);
		await page.locator('[data-testid=sign-confirm-invalid]').waitFor();
		await context.close();
	});

	it('signs as an institution with a logo in Arabic with JavaScript', async () => {
		const text = messages('supporters', 'ar');
		const page = await jsContext.newPage();
		await page.goto(`${origin()}/ar/unterstuetzen`, { waitUntil: 'networkidle' });
		expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await axeHere(page)).toEqual([]);
		await page.locator('#field-kind-institution').check();
		// With JavaScript only the chosen group is shown.
		await page.locator('[data-testid=group-person]').waitFor({ state: 'detached' });
		await page.locator('#field-i_name').fill(ORG);
		await page.locator('#field-i_kind').selectOption('initiative');
		await page.locator('#field-i_place').fill('Oldenburg');
		await page.locator('#field-i_website').fill('https://example.org/verein');
		await page.locator('#field-i_contact').fill('Samira H.');
		const logo = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#0a6' } }).png().toBuffer();
		await page.locator('#field-i_logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo });
		await page.locator('#field-i_logo_rights').fill('شعار الجمعية الخاص');
		await page.locator('#field-email').fill(ORG_EMAIL);
		await page.locator('#consent-sign').check();
		await page.locator('#consent-public').check();
		await humanPause(page);
		const before = await mailCount();
		await page.locator('[data-testid=sign-submit]').click();
		await page.locator('[data-testid=sign-sent]').waitFor({ timeout: 30_000 });
		expect(await page.locator('[data-testid=sign-sent] h1').textContent()).toBe(text.sup_sent_title);

		const mail = await waitForMail(ORG_EMAIL, before);
		expect(mail.contentLanguage).toBe('ar');
		expect(mail.subject).toBe(text.sup_mail_confirm_subject);
		await page.goto(linkIn(mail, '/ar/unterstuetzen/bestaetigen'), { waitUntil: 'networkidle' });
		expect(await axeHere(page)).toEqual([]);
		await page.locator('[data-testid=sign-confirm]').click();
		await page.locator('[data-testid=sign-confirmed]').waitFor();
		const row = await supporter(ORG_EMAIL);
		expect(row).toMatchObject({ status: 'confirmed', public_display: true, locale: 'ar' });
		expect(row!.logo_key).toMatch(/^supporters\/[0-9a-f]{32}-240x120\.webp$/);

		await page.goto(`${origin()}/ar/unterstuetzen/wand?art=institution&q=${encodeURIComponent(ORG)}`, { waitUntil: 'networkidle' });
		const img = page.locator('[data-testid=wall-item] img');
		expect(await img.getAttribute('width')).toBe('240');
		expect(await img.getAttribute('height')).toBe('120');
		const src = await img.getAttribute('src');
		expect(src).toMatch(/^\/ar\/unterstuetzen\/logo\//);
		const logoRes = await fetch(`${origin()}${src}`);
		expect(logoRes.headers.get('content-type')).toBe('image/webp');
		expect(await page.locator('[data-testid=wall-item] a').getAttribute('rel')).toContain('nofollow ugc');
		expect(await axeHere(page)).toEqual([]);
		await page.close();
	});

	it('withdraws through the manage link without signing in', async () => {
		expect(manageUrl).not.toBe('');
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(manageUrl);
		expect(await axeOn(manageUrl)).toEqual([]);
		await page.locator('[data-testid=manage-public-withdraw]').click();
		await page.locator('[data-testid=manage-public-off]').waitFor();
		expect(await supporter(PERSON_EMAIL)).toMatchObject({ status: 'confirmed', public_display: false });
		expect(await onWall(PERSON)).toBe(false);
		const peopleBefore = (await stats()).people;
		await page.locator('[data-testid=manage-withdraw]').click();
		await page.locator('[data-testid=manage-withdrawn]').waitFor();
		expect(await supporter(PERSON_EMAIL)).toBeUndefined();
		expect((await stats()).people).toBe(peopleBefore - 1);
		expect((await context.cookies()).length).toBe(0);
		await context.close();
	});

	it('my data: request a link, export JSON, delete all; the wall and counters no longer include the institution', async () => {
		const page = await jsContext.newPage();
		const url = `${origin()}/de/meine-daten`;
		await page.goto(url, { waitUntil: 'networkidle' });
		expect(await axeHere(page)).toEqual([]);
		await page.locator('#field-email').fill(ORG_EMAIL);
		await humanPause(page);
		const before = await mailCount();
		await page.locator('[data-testid=mydata-submit]').click();
		await page.locator('[data-testid=mydata-sent]').waitFor({ timeout: 30_000 });
		const mail = await waitForMail(ORG_EMAIL, before);
		const viewUrl = linkIn(mail, '/de/meine-daten/ansicht');
		await page.goto(viewUrl, { waitUntil: 'networkidle' });
		expect(await axeHere(page)).toEqual([]);
		await page.locator('[data-testid=mydata-supporter]').waitFor();

		const exportHref = await page.locator('[data-testid=mydata-export]').getAttribute('href');
		const res = await fetch(`${origin()}${exportHref}`);
		expect(res.headers.get('content-disposition')).toContain('attachment');
		const data = (await res.json()) as { supporters: { name: string }[]; consents: { purpose: string; status: string }[] };
		expect(data.supporters.map((s) => s.name)).toEqual([ORG]);
		expect(data.consents.map((c) => c.purpose).sort()).toEqual(['appeal.public', 'appeal.sign']);

		const counts = await stats();
		expect(await onWall(ORG)).toBe(true);
		await page.locator('[data-testid=mydata-delete]').click();
		await page.locator('[data-testid=mydata-deleted]').waitFor();
		expect(await supporter(ORG_EMAIL)).toBeUndefined();
		expect(await onWall(ORG)).toBe(false);
		expect(await stats()).toEqual({ ...counts, institutions: counts.institutions - 1, total: counts.total - 1 });
		// Only the hashed proofs stay: no record anywhere still holds the address.
		const left = await db.query<{ n: number }>('select count(*)::int as n from consents where lower(email) = lower($1)', [ORG_EMAIL]);
		expect(left.rows[0]!.n).toBe(0);
		expect((await jsContext.cookies()).length).toBe(0);
		await page.close();
	});

	it('staff: the list, a record and the CSV for the editor', async () => {
		const context = await browser.newContext();
		const page = await signInAs(context, 'demo-redaktion@example.org', 'de');
		await page.goto(`${origin()}/de/admin/unterstuetzende`, { waitUntil: 'networkidle' });
		expect(await axeHere(page)).toEqual([]);
		await page.locator('table a').first().click();
		await page.waitForLoadState('networkidle');
		expect(await axeHere(page)).toEqual([]);
		const csv = await page.request.get(`${origin()}/de/admin/unterstuetzende/export.csv`);
		expect(csv.headers()['content-type']).toContain('text/csv');
		expect((await csv.text()).startsWith('\uFEFFid;kind;status;name')).toBe(true);
		await context.close();
	});
});
