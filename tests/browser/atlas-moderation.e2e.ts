/**
 * Atlas moderation in the browser, on the seeded demo content: a moderator
 * approves a submitted entry with JavaScript disabled and it appears on the
 * public list; a stale decision and a missing reason are refused; the owner
 * edit is marked as reviewed and the ownership request approved. Then a
 * regional moderator (Weser-Ems) rejects their region's entry with a reason
 * in the Arabic interface, and the owner gets the reason in Arabic. axe runs
 * on the hub, the queue, the review page, the change list and the requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { mailCount, waitForMail } from './lib/inbox';
import { signInAs } from './lib/signin';

const MODERATOR = 'demo-moderation@example.org';
const REGIONAL = 'demo-weser-ems@example.org';
const OWNER = 'demo-traeger@example.org';
const OWNER_AR = 'demo-verein-ar@example.org';
const REQUESTER = 'demo-anfrage@example.org';

let browser: Browser;
/** The review page of the Lüneburg entry, which the Weser-Ems moderator must not open. */
let lueneburgReviewPath = '';

beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

async function signIn(context: BrowserContext, email: string, locale: string): Promise<Page> {
	return signInAs(context, email, locale);
}

/**
 * axe needs JavaScript: the no-JS journey checks its pages in a sibling
 * context with the same session, in the light and the dark colour scheme.
 */
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

/** Clicks a submit button and waits for the page the server answers with. */
async function submitAndWait(page: Page, button: string | Locator): Promise<void> {
	await Promise.all([page.waitForNavigation(), (typeof button === 'string' ? page.locator(button) : button).click()]);
}

/** Other browser files may add entries; the demo entries must keep their order among them. */
function inOrder(all: string[], expected: string[]): string[] {
	return all.filter((t) => expected.includes(t));
}

describe('atlas moderation', () => {
	it('a moderator approves a submitted entry without JavaScript and it appears on the public list', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await signIn(context, MODERATOR, 'de');
		const axeContext = await browser.newContext();
		await axeContext.addCookies(await context.cookies());

		// Admin dashboard → atlas hub → queue.
		await page.goto(`${origin()}/de/admin`);
		await page.locator('main a[href="/de/admin/atlas"]').first().click();
		expect(new URL(page.url()).pathname).toBe('/de/admin/atlas');
		const open = Number(/^Offen: (\d+)$/.exec(await page.locator('[data-testid=hub-queue-count]').innerText())?.[1]);
		expect(open).toBeGreaterThanOrEqual(3);
		await page.locator('a[href="/de/admin/atlas/warteschlange"]').click();
		expect(await page.locator('[data-testid=queue-count]').innerText()).toBe(`Einträge in der Warteschlange: ${open}`);
		const rows = page.locator('table.queue tbody tr th a');
		const demo = ['Sprachcafé Kaltenmoor', 'Begegnungsgarten Leer', 'Sprachcafé der Deutschvermittler Hemmingen'];
		expect(inOrder(await rows.allInnerTexts(), demo)).toEqual(demo);

		// Review page of the Lüneburg entry: full entry with private contact fields, then approve.
		await rows.filter({ hasText: 'Sprachcafé Kaltenmoor' }).click();
		lueneburgReviewPath = new URL(page.url()).pathname;
		expect(lueneburgReviewPath).toMatch(/^\/de\/admin\/atlas\/eintrag\/[0-9a-f-]{36}$/);
		expect(await page.locator('[data-testid=entry-status]').innerText()).toBe('Wartet auf Prüfung');
		const body = await page.locator('main').innerText();
		expect(body).toContain('+49 4131 000000');
		expect(body).toContain('nicht öffentlich');
		expect(body).toContain(OWNER);
		const mailsBefore = await mailCount();
		await submitAndWait(page, '[data-testid=approve]');
		expect(new URL(page.url()).searchParams.get('erledigt')).toBe('approve');
		expect(await page.locator('[data-testid=decision-done]').innerText()).toContain('freigegeben');
		expect(await page.locator('[data-testid=entry-status]').innerText()).toBe('Veröffentlicht');

		const mail = await waitForMail(OWNER, mailsBefore);
		expect(mail.subject).toBe('Ihr Eintrag „Sprachcafé Kaltenmoor“ ist jetzt im Projektatlas');
		expect(mail.text).toContain(`${origin()}/de/atlas/sprachcafe-kaltenmoor-lueneburg`);

		// The public list finds it now.
		await page.goto(`${origin()}/de/atlas?q=Kaltenmoor`);
		expect(await page.locator('article.result h3').allInnerTexts()).toContain('Sprachcafé Kaltenmoor');
		const detail = await page.goto(`${origin()}/de/atlas/sprachcafe-kaltenmoor-lueneburg`);
		expect(detail?.status()).toBe(200);

		// Hemmingen: a likely duplicate is shown; a rejection without a reason is refused with the values kept.
		await page.goto(`${origin()}/de/admin/atlas/warteschlange`);
		await page.locator('table.queue a', { hasText: 'Hemmingen' }).click();
		const hemmingen = page.url();
		expect(await page.locator('[data-testid=duplicates]').innerText()).toContain('Deutschvermittler Hemmingen');
		const refused = await Promise.all([page.waitForNavigation(), page.locator('[data-testid=reject]').click()]);
		expect(refused[0]?.status()).toBe(400);
		expect(await page.locator('[data-error-summary]').innerText()).toContain('Bitte geben Sie eine Begründung an.');
		expect(await page.title()).toMatch(/^Fehler: /);

		// A decision on a state that changed meanwhile is refused: a second tab asks for changes first.
		const second = await context.newPage();
		await second.goto(hemmingen);
		await page.goto(hemmingen);
		await second.locator('textarea[name=note]').fill('Bitte nennen Sie die Uhrzeiten des Sprachcafés.');
		await submitAndWait(second, '[data-testid=request-changes]');
		expect(await second.locator('[data-testid=entry-status]').innerText()).toBe('Entwurf');
		const stale = await Promise.all([page.waitForNavigation(), page.locator('[data-testid=approve]').click()]);
		expect(stale[0]?.status()).toBe(409);
		expect(await page.locator('[data-error-summary]').innerText()).toContain('inzwischen geändert');
		expect(await page.locator('[data-testid=entry-status]').innerText()).toBe('Entwurf');
		await second.close();

		const violations = await axeOn(axeContext, [
			'/de/admin/atlas',
			'/de/admin/atlas/warteschlange',
			lueneburgReviewPath,
			new URL(hemmingen).pathname,
			'/de/admin/atlas/aenderungen',
			'/de/admin/atlas/anfragen'
		]);
		expect(violations, violations.join('\n')).toEqual([]);

		// The owner edit: a readable diff, then "mark as reviewed".
		await page.goto(`${origin()}/de/admin/atlas/aenderungen`);
		const edit = page.locator('[data-testid=owner-edit]', { has: page.locator('h2', { hasText: 'iChor Harzer Land' }) });
		expect(await edit.count()).toBe(1);
		expect(await edit.locator('ins').count()).toBeGreaterThan(0);
		expect(await edit.locator('del').count()).toBeGreaterThan(0);
		expect(await edit.locator('ins .visually-hidden').first().textContent()).toContain('Einfügung:');
		expect(await edit.innerText()).toContain('Kinderprobe');
		await submitAndWait(page, edit.locator('[data-testid=mark-reviewed]'));
		expect(await page.locator('[role=status]', { hasText: 'als geprüft markiert' }).count()).toBe(1);
		expect(await page.locator('[data-testid=owner-edit]', { has: page.locator('h2', { hasText: 'iChor Harzer Land' }) }).count()).toBe(0);

		// The ownership request: approve, the requester is told.
		await page.goto(`${origin()}/de/admin/atlas/anfragen`);
		const beforeRequest = await mailCount();
		const request = () => page.locator('[data-testid=ownership-request]', { hasText: REQUESTER });
		expect(await request().getAttribute('data-status')).toBe('pending');
		await submitAndWait(page, request().locator('[data-testid=approve-request]'));
		expect(await request().getAttribute('data-status')).toBe('approved');
		const answer = await waitForMail(REQUESTER, beforeRequest);
		expect(answer.text).toContain(`${origin()}/de/atlas/gewerkepass-osnabrueck/bearbeiten`);

		await axeContext.close();
		await context.close();
	});

	it('a regional moderator rejects their region’s entry with a reason in the Arabic interface', async () => {
		const context = await browser.newContext();
		const page = await signIn(context, REGIONAL, 'ar');

		await page.goto(`${origin()}/ar/admin/atlas/warteschlange`, { waitUntil: 'networkidle' });
		expect(await page.getAttribute('html', 'dir')).toBe('rtl');
		// Only the Weser-Ems entry, and no region filter for a regional moderator.
		const titles = await page.locator('table.queue tbody tr th a').allInnerTexts();
		expect(titles).toContain('Begegnungsgarten Leer');
		expect(titles.filter((t) => /Kaltenmoor|Hemmingen/.test(t))).toEqual([]);
		expect(await page.locator('select[name=region]').count()).toBe(0);
		const found = describeViolations(page.url(), await runAxe(page));

		// Another region's entry is closed to them.
		const forbidden = await page.goto(`${origin()}${lueneburgReviewPath.replace(/^\/de\//, '/ar/')}`);
		expect(forbidden?.status()).toBe(403);

		await page.goto(`${origin()}/ar/admin/atlas/warteschlange`, { waitUntil: 'networkidle' });
		await page.locator('table.queue a', { hasText: 'Begegnungsgarten Leer' }).click();
		await page.waitForURL(/\/ar\/admin\/atlas\/eintrag\//);
		await page.waitForLoadState('networkidle');
		found.push(...describeViolations(page.url(), await runAxe(page)));
		expect(found, found.join('\n')).toEqual([]);

		const before = await mailCount();
		const reason = 'الحديقة تقع على أرض خاصة ولا يمكن الوصول إليها للعموم.';
		await page.locator('textarea[name=reason]').fill(reason);
		await submitAndWait(page, '[data-testid=reject]');
		expect(await page.locator('[data-testid=decision-done]').innerText()).toContain('رُفض الإدخال');
		expect(await page.locator('[data-testid=entry-status]').innerText()).toBe('مرفوض');

		const mail = await waitForMail(OWNER_AR, before);
		expect(mail.contentLanguage).toBe('ar');
		expect(mail.subject).toBe('لن يُنشر إدخالك «Begegnungsgarten Leer»');
		expect(mail.text).toContain(reason);
		expect(mail.html).toMatch(/<html[^>]*dir="rtl"/);

		const gone = await page.goto(`${origin()}/ar/atlas/begegnungsgarten-leer`);
		expect(gone?.status()).toBe(404);
		await context.close();
	});
});
