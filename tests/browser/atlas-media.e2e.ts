/**
 * Entry images and translations end to end: staff upload an image without
 * JavaScript and readers see it on the detail page with alt text and rights;
 * the file served carries no metadata. A translation written in the Arabic UI
 * appears for Arabic readers, and after the German source changes (through
 * the edit page) they see the "may be outdated" label. axe on every page.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { signInAs } from './lib/signin';

const ADMIN = 'demo-admin@example.org';
const IMAGE_SLUG = 'willkommenskultur-meppen';
const TRANSLATION_SLUG = 'ich-kann-helfen-goettingen';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

function messages(area: string, locale: string): Record<string, string> {
	return JSON.parse(readFileSync(new URL(`../../messages/${area}/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;
}

async function signIn(context: BrowserContext, locale: string): Promise<Page> {
	return signInAs(context, ADMIN, locale);
}

/** axe needs JavaScript: pages of a no-JS journey are checked in a sibling context with the same cookies. */
async function axe(context: BrowserContext, paths: string[]): Promise<string[]> {
	const page = await context.newPage();
	const found: string[] = [];
	for (const path of paths) {
		const url = `${origin()}${path}`;
		const response = await page.goto(url, { waitUntil: 'networkidle' });
		expect(response?.status(), url).toBe(200);
		found.push(...describeViolations(url, await runAxe(page)));
	}
	await page.close();
	return found;
}

/** A 640×320 JPEG with EXIF orientation, camera make and a GPS position. */
async function photo(): Promise<Buffer> {
	return sharp({ create: { width: 640, height: 320, channels: 3, background: { r: 30, g: 110, b: 160 } } })
		.jpeg()
		.withMetadata({ orientation: 6 })
		.withExif({ IFD0: { Make: 'BrowserTestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 41/1 0/1' } })
		.toBuffer();
}

describe('entry images', () => {
	it('staff upload an image without JavaScript; readers see it with alt text and rights, without metadata', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await signIn(context, 'de');
		const text = messages('atlas-media', 'de');
		const imagesPath = `/de/atlas/${IMAGE_SLUG}/bilder`;

		// The detail page links editors to the images page.
		await page.goto(`${origin()}/de/atlas/${IMAGE_SLUG}`);
		await page.locator(`a[href="${imagesPath}"]`).click();
		await page.waitForURL((u) => u.pathname === imagesPath);

		// A missing rights statement is refused with the error summary, and the alt text is kept.
		const alt = 'Zwei Frauen pflanzen Kräuter im Gemeinschaftsgarten';
		await page.locator('input[name=image]').setInputFiles({ name: 'garten.jpg', mimeType: 'image/jpeg', buffer: await photo() });
		await page.locator('textarea[name=alt]').fill(alt);
		await Promise.all([page.waitForLoadState(), page.locator('form[action="?/upload"] button[type=submit]').click()]);
		await expect(page.locator('[data-error-summary]').innerText()).resolves.toContain(text.media_error_rights_required);
		expect(await page.locator('textarea[name=alt]').inputValue()).toBe(alt);
		const axeContext = await browser.newContext();
		await axeContext.addCookies(await context.cookies());
		// axe on the page with errors shown: the same failing post in the JS context.
		const errorPage = await axeContext.newPage();
		await errorPage.goto(`${origin()}${imagesPath}`, { waitUntil: 'networkidle' });
		await errorPage.locator('textarea[name=alt]').fill(alt);
		await errorPage.locator('form[action="?/upload"] button[type=submit]').click();
		await errorPage.locator('[data-error-summary]').waitFor();
		expect(describeViolations(`${imagesPath} (errors)`, await runAxe(errorPage))).toEqual([]);
		await errorPage.close();

		// Now complete.
		await page.locator('input[name=image]').setInputFiles({ name: 'garten.jpg', mimeType: 'image/jpeg', buffer: await photo() });
		await page.locator('input[name=rights]').fill('Foto: Willkommenskultur Meppen, CC BY 4.0');
		await Promise.all([page.waitForLoadState(), page.locator('form[action="?/upload"] button[type=submit]').click()]);
		await expect(page.locator('[data-testid=media-done]').innerText()).resolves.toBe(text.media_added);
		expect(await page.locator('[data-testid=media-item]').count()).toBe(1);

		// A reader without an account sees the figure with alt text, rights caption and a lazy thumbnail of known size.
		const reader = await browser.newContext();
		const detail = await reader.newPage();
		await detail.goto(`${origin()}/de/atlas/${IMAGE_SLUG}`, { waitUntil: 'networkidle' });
		const figure = detail.locator('[data-testid=project-images] figure').first();
		const img = figure.locator('img');
		expect(await img.getAttribute('alt')).toBe(alt);
		expect(await img.getAttribute('loading')).toBe('lazy');
		expect(Number(await img.getAttribute('width'))).toBe(240);
		expect(Number(await img.getAttribute('height'))).toBe(480);
		expect((await figure.locator('figcaption').innerText()).trim()).toBe('Foto: Willkommenskultur Meppen, CC BY 4.0');
		const og = await detail.getAttribute('meta[property="og:image"]', 'content');
		expect(og).toMatch(new RegExp(`^${origin()}/media/atlas/[0-9a-f]{32}\\.webp$`));

		// The delivered file: right type, nosniff, cached for good, upright, no EXIF.
		const res = await reader.request.get(og!);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('image/webp');
		expect(res.headers()['x-content-type-options']).toBe('nosniff');
		expect(res.headers()['cache-control']).toContain('immutable');
		const meta = await sharp(await res.body()).metadata();
		expect([meta.width, meta.height, meta.exif, meta.orientation]).toEqual([320, 640, undefined, undefined]);
		expect((await reader.request.get(`${origin()}/media/atlas/${'0'.repeat(32)}.webp`)).status()).toBe(404);

		const found = await axe(axeContext, [imagesPath, `/de/atlas/${IMAGE_SLUG}`]);
		expect(found, found.join('\n')).toEqual([]);
		await axeContext.close();
		await reader.close();
		await context.close();
	});
});

describe('translations', () => {
	it('a translation written in the Arabic UI reaches Arabic readers and is labelled outdated after the German source changes', async () => {
		const context = await browser.newContext();
		const page = await signIn(context, 'ar');
		const text = messages('atlas-translate', 'ar');
		const atlasText = messages('atlas', 'ar');
		const path = `/ar/atlas/${TRANSLATION_SLUG}/uebersetzungen`;
		await page.goto(`${origin()}${path}`, { waitUntil: 'networkidle' });
		expect(await page.getAttribute('html', 'dir')).toBe('rtl');

		const section = page.locator('[data-testid=translation-ar]');
		const title = 'أستطيع المساعدة في غوتنغن';
		await section.locator('input[name=title]').fill(title);
		await section.locator('textarea[name=teaser]').fill('متطوعون يساعدون القادمين الجدد في الحياة اليومية في غوتنغن.');
		await section.locator('textarea[name=description]').fill('نلتقي كل أسبوع.\n\n- مرافقة إلى الدوائر الرسمية\n- مساعدة في الواجبات المدرسية');
		await section.locator('button[type=submit]').last().click();
		await page.locator('[data-testid=translate-done]').waitFor();
		expect(await page.locator('[data-testid=translation-status-ar]').innerText()).toContain(text.translate_status_current);
		const found = await axe(context, [path]);

		const reader = await browser.newContext();
		const detail = await reader.newPage();
		await detail.goto(`${origin()}/ar/atlas/${TRANSLATION_SLUG}`, { waitUntil: 'networkidle' });
		expect((await detail.locator('h1').innerText()).trim()).toBe(title);
		expect(await detail.locator('h1').getAttribute('lang')).toBeNull();
		expect(await detail.locator('.notice').allInnerTexts()).not.toContain(atlasText.atlas_text_outdated);

		// Staff change the German teaser on the edit page; the Arabic translation is now outdated.
		const edit = await context.newPage();
		await edit.goto(`${origin()}/de/atlas/${TRANSLATION_SLUG}/bearbeiten`, { waitUntil: 'networkidle' });
		const teaser = edit.locator('textarea[name=teaser]');
		await teaser.fill(`${(await teaser.inputValue()).slice(0, 150)} Neu: auch samstags.`);
		await Promise.all([edit.waitForURL(/gespeichert=/), edit.locator('[data-testid=edit-save]').click()]);

		await detail.reload({ waitUntil: 'networkidle' });
		expect((await detail.locator('h1').innerText()).trim()).toBe(title);
		expect(await detail.locator('.notice').allInnerTexts()).toContain(atlasText.atlas_text_outdated);
		await page.goto(`${origin()}${path}`, { waitUntil: 'networkidle' });
		expect(await page.locator('[data-testid=translation-status-ar]').innerText()).toContain(text.translate_status_outdated);
		found.push(...(await axe(reader, [`/ar/atlas/${TRANSLATION_SLUG}`])), ...(await axe(context, [path])));

		// "Still correct" after checking: the label goes away.
		await Promise.all([page.waitForLoadState(), page.locator('[data-testid=translation-ar] form[action="?/confirm"] button').click()]);
		await page.locator('[data-testid=translate-done]').waitFor();
		await detail.reload({ waitUntil: 'networkidle' });
		expect(await detail.locator('.notice').allInnerTexts()).not.toContain(atlasText.atlas_text_outdated);
		expect(found, found.join('\n')).toEqual([]);
		await reader.close();
		await context.close();
	});
});
