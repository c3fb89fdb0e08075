/**
 * Events in the browser: the office creates a one-seat event in the staff
 * area; a person registers in German without JavaScript (double opt-in from
 * the real SMTP inbox: the GET of the link changes nothing, the POST
 * confirms); a second person registers in Arabic with JavaScript and lands
 * on the waitlist; the first cancels by the mailed link, the second gets the
 * offer and accepts it. The attendee list, CSV and check-in follow. Then the
 * Arabic person cancels with JavaScript, and a third person, German without
 * JavaScript, is promoted from the waitlist and accepts the seat — so
 * register, confirm, cancel and promotion each run with and without
 * JavaScript and in German and Arabic. Last, the office cancels the event:
 * the registrant gets the mail with an iTIP CANCEL .ics, and the public page,
 * list, JSON and .ics say so. axe runs on the calendar, the detail page with
 * its form, the link pages and the staff pages.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, launch, origin, runAxe } from './lib/browser';
import { mailCount, waitForMail, type InboxMail } from './lib/inbox';
import { signInAs } from './lib/signin';

const ADMIN = 'demo-admin@example.org';
const FIRST = 'erste.person@example.org';
const SECOND = 'zweite.person@example.org';
const THIRD = 'dritte.person@example.org';
const REASON = 'Die Referentin ist erkrankt; ein neuer Termin folgt im Kalender.';
const TITLE = 'Werkstattforum Browser-Test: Sprache im Beruf';
/** Far enough ahead that the event is upcoming whenever the suite runs. */
const DATE = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);

let browser: Browser;
let slug = '';
let eventAdminPath = '';
let firstConfirmed: InboxMail | undefined;
let secondSeat: InboxMail | undefined;

beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

async function signIn(context: BrowserContext, email: string, locale: string): Promise<Page> {
	return signInAs(context, email, locale);
}

async function submitAndWait(page: Page, selector: string) {
	const [response] = await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
	return response;
}

function link(mail: InboxMail, locale: string, path: string): string {
	const escaped = origin().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const match = new RegExp(`${escaped}/${locale}/veranstaltungen/${path}\\?token=[A-Za-z0-9_\\-%]+`).exec(mail.text);
	if (!match) throw new Error(`no ${path} link in:\n${mail.text}`);
	return match[0];
}

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

describe('events', () => {
	it('the office creates a one-seat event in the staff area', async () => {
		const context = await browser.newContext();
		const page = await signIn(context, ADMIN, 'de');
		await page.goto(`${origin()}/de/admin`);
		await page.locator('main a[href="/de/admin/veranstaltungen"]').first().click();
		await page.locator('[data-testid=staff-new-event]').click();
		// A bad submission keeps every value and names the problems.
		await page.locator('#field-title').fill(TITLE);
		await page.locator('#field-place').fill('Atlantis');
		const refused = await submitAndWait(page, '[data-testid=event-save]');
		expect(refused?.status()).toBe(400);
		expect(await page.locator('[data-error-summary]').innerText()).toContain('Diesen Ort finden wir in Niedersachsen nicht');
		expect(await page.locator('#field-title').inputValue()).toBe(TITLE);

		await page.locator('#field-kind').selectOption('workshop_forum');
		await page.locator('#field-status').selectOption('published');
		await page.locator('#field-start_date').fill(DATE);
		await page.locator('#field-start_time').fill('10:00');
		await page.locator('#field-end_time').fill('15:00');
		await page.locator('#field-venue_name').fill('Leuphana, Zentralgebäude');
		await page.locator('#field-place').fill('Lüneburg');
		await page.locator('#field-postcode').fill('21335');
		await page.locator('#field-interpretation-dgs').check();
		await page.locator('#field-registration_enabled').check();
		await page.locator('#field-capacity').fill('1');
		await page.locator('#field-consent_text').fill('Ich bin einverstanden, dass die Geschäftsstelle meine Angaben für diese Veranstaltung verarbeitet.');
		await page.locator('#field-questions-dietary').check();
		await submitAndWait(page, '[data-testid=event-save]');
		expect(await page.locator('[data-testid=event-created]').innerText()).toContain('1');
		eventAdminPath = new URL(page.url()).pathname;
		expect(eventAdminPath).toMatch(/^\/de\/admin\/veranstaltungen\/[0-9a-f-]{36}$/);
		slug = new URL(await page.locator('[data-testid=event-public-link]').evaluate((a) => (a as HTMLAnchorElement).href)).pathname.split('/').pop()!;
		expect(slug).toBe('werkstattforum-browser-test-sprache-im-beruf');
		const violations = await axeOn(context, ['/de/admin/veranstaltungen', '/de/admin/veranstaltungen/neu', eventAdminPath]);
		expect(violations, violations.join('\n')).toEqual([]);
		await context.close();
	});

	it('registers without JavaScript in German: the link’s GET changes nothing, the POST confirms', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(`${origin()}/de/veranstaltungen?region=lueneburg&kind=workshop_forum`);
		await page.locator('a', { hasText: TITLE }).click();
		expect(new URL(page.url()).pathname).toBe(`/de/veranstaltungen/${slug}`);
		expect(await page.locator('[data-testid=seats-left]').innerText()).toBe('Freie Plätze: 1');
		expect(await page.locator('[data-testid=event-when]').innerText()).toContain('10:00');
		const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}') as Record<string, unknown>;
		expect(jsonLd).toMatchObject({ '@type': 'Event', name: TITLE, eventStatus: 'https://schema.org/EventScheduled' });

		// Without the consent tick: refused, values kept, error summary.
		await page.locator('#field-name').fill('Erste Person');
		await page.locator('#field-email').fill(FIRST);
		await page.waitForTimeout(2100);
		const refused = await submitAndWait(page, '[data-testid=registration-submit]');
		expect(refused?.status()).toBe(400);
		expect(await page.locator('[data-error-summary]').innerText()).toContain('Bitte stimmen Sie der Verarbeitung');
		expect(await page.locator('#field-name').inputValue()).toBe('Erste Person');

		await page.locator('#field-consent').check();
		await page.locator('#field-dietary').fill('vegetarisch');
		const before = await mailCount();
		await page.waitForTimeout(2100);
		await submitAndWait(page, '[data-testid=registration-submit]');
		expect(await page.locator('[data-testid=registration-sent]').count()).toBe(1);
		const doi = await waitForMail(FIRST, before);
		expect(doi.contentLanguage).toBe('de');
		expect(doi.subject).toBe(`Bitte bestätigen Sie Ihre Anmeldung: ${TITLE}`);

		// The GET only shows a button; the seat is still free.
		const confirmUrl = link(doi, 'de', 'anmeldung');
		await page.goto(confirmUrl);
		expect(await page.locator('[data-testid=confirm-registration]').count()).toBe(1);
		const check = await context.newPage();
		await check.goto(`${origin()}/de/veranstaltungen/${slug}`);
		expect(await check.locator('[data-testid=seats-left]').innerText()).toBe('Freie Plätze: 1');

		const beforeConfirmed = await mailCount();
		await submitAndWait(page, '[data-testid=confirm-registration]');
		expect(await page.locator('[data-testid=registration-confirmed]').count()).toBe(1);
		const confirmed = await waitForMail(FIRST, beforeConfirmed);
		firstConfirmed = confirmed;
		expect(confirmed.subject).toBe(`Ihre Anmeldung ist bestätigt: ${TITLE}`);
		await check.reload();
		expect(await check.locator('[data-testid=registration-full]').count()).toBe(1);
		// The used link says so.
		await page.goto(confirmUrl);
		expect(await page.locator('[data-testid=event-link-used]').count()).toBe(1);
		await context.close();
	});

	it('a second person registers in Arabic with JavaScript, is waitlisted, and gets the seat when the first cancels', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${origin()}/ar/veranstaltungen/${slug}`, { waitUntil: 'networkidle' });
		expect(await page.getAttribute('html', 'dir')).toBe('rtl');
		expect(await page.locator('[data-testid=registration-full]').count()).toBe(1);
		await page.locator('#field-name').fill('نور الخطيب');
		await page.locator('#field-email').fill(SECOND);
		await page.locator('#field-consent').check();
		await page.waitForTimeout(2100);
		const before = await mailCount();
		await page.locator('[data-testid=registration-submit]').click();
		await page.locator('[data-testid=registration-sent]').waitFor({ timeout: 30_000 });
		// Enhanced: the page stayed, the outcome has the focus.
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('registration-sent');
		const doi = await waitForMail(SECOND, before);
		expect(doi.contentLanguage).toBe('ar');
		// The proof of work runs on submit and sends the form itself: one registration, one mail.
		await page.waitForTimeout(1500);
		const inbox = (await (await fetch(inject('inboxUrl'))).json()) as InboxMail[];
		expect(inbox.filter((m) => m.to.includes(SECOND))).toHaveLength(1);
		expect(doi.subject).toContain('يرجى تأكيد تسجيلك');

		await page.goto(link(doi, 'ar', 'anmeldung'), { waitUntil: 'networkidle' });
		const found = describeViolations(page.url(), await runAxe(page));
		const beforeWait = await mailCount();
		await page.locator('[data-testid=confirm-registration]').click();
		await page.locator('[data-testid=registration-waitlisted]').waitFor();
		const waitMail = await waitForMail(SECOND, beforeWait);
		expect(waitMail.subject).toContain('قائمة الانتظار');

		// The first person cancels with the link from the confirmation mail (German, without JavaScript).
		const noJs = await browser.newContext({ javaScriptEnabled: false });
		const first = await noJs.newPage();
		const cancelUrl = link(firstConfirmed!, 'de', 'abmelden');
		await first.goto(cancelUrl);
		expect(await first.locator('main').innerText()).toContain('Ihr Stand: bestätigt');
		const beforeOffer = await mailCount();
		await submitAndWait(first, '[data-testid=cancel-registration]');
		expect(await first.locator('[data-testid=registration-cancelled]').count()).toBe(1);

		// The seat is offered to the second person, in Arabic; accepting takes it.
		const offer = await waitForMail(SECOND, beforeOffer);
		expect(offer.contentLanguage).toBe('ar');
		expect(offer.subject).toContain('شغر مقعد');
		const offerUrl = link(offer, 'ar', 'platz');
		await page.goto(offerUrl, { waitUntil: 'networkidle' });
		found.push(...describeViolations(page.url(), await runAxe(page)));
		const beforeAccept = await mailCount();
		await page.locator('[data-testid=accept-offer]').click();
		await page.locator('[data-testid=offer-accepted]').waitFor();
		const seat = await waitForMail(SECOND, beforeAccept);
		expect(seat.subject).toContain('تم تأكيد تسجيلك');
		secondSeat = seat;

		// The link pages after use, and the public pages, in both languages.
		found.push(
			...(await axeOn(context, [
				'/de/veranstaltungen',
				'/ar/veranstaltungen',
				'/de/veranstaltungen?time=past',
				`/de/veranstaltungen/${slug}`,
				new URL(cancelUrl).pathname + new URL(cancelUrl).search,
				new URL(offerUrl).pathname + new URL(offerUrl).search
			]))
		);
		await noJs.close();
		await context.close();
		expect(found, found.join('\n')).toEqual([]);
	});

	it('the attendee list shows confirmed people only; CSV and check-in on a phone', async () => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
		const page = await signIn(context, ADMIN, 'de');
		await page.goto(`${origin()}${eventAdminPath}/teilnehmende`);
		const table = await page.locator('[data-testid=attendees]').innerText();
		expect(table).toContain('نور الخطيب');
		expect(table).not.toContain('Erste Person');
		const csv = await page.request.get(`${origin()}${eventAdminPath}/teilnehmende.csv`);
		expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
		const text = await csv.text();
		expect(text).toContain(SECOND);
		expect(text).not.toContain(FIRST);

		await page.goto(`${origin()}${eventAdminPath}/einlass`);
		expect(await page.locator('[data-testid=checkin-progress]').innerText()).toBe('0 von 1 sind da');
		await page.locator('#checkin-q').fill('نور');
		await submitAndWait(page, 'form[role=search] button');
		await page.locator('[data-testid=checkin-mark]').click();
		await page.locator('[data-testid=checkin-done]').waitFor();
		expect(await page.locator('[data-testid=checkin-progress]').innerText()).toBe('1 von 1 sind da');
		const scroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
		expect(scroll).toBe(true);
		const violations = await axeOn(context, [`${eventAdminPath}/teilnehmende`, `${eventAdminPath}/einlass`, '/de/admin/veranstaltungen?zeit=vergangen']);
		expect(violations, violations.join('\n')).toEqual([]);
		await context.close();
	});

	it('serves the public calendar as JSON, iCalendar and Atom', async () => {
		const json = await fetch(`${origin()}/api/v1/events?kind=workshop_forum&region=lueneburg`);
		const body = (await json.json()) as { items: { slug: string }[] };
		expect(body.items.map((i) => i.slug)).toContain(slug);
		const ics = await fetch(`${origin()}/api/v1/events.ics?region=lueneburg`);
		expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		const text = await ics.text();
		expect(text).toContain('BEGIN:VTIMEZONE');
		expect(text).toContain(`DTSTART;TZID=Europe/Berlin:${DATE.replace(/-/g, '')}T100000`);
		const one = await fetch(`${origin()}/api/v1/events/${slug}.ics`);
		expect(one.status).toBe(200);
		const atom = await fetch(`${origin()}/api/v1/events.atom?lang=ar`);
		expect(await atom.text()).toContain('xml:lang="ar"');
	});
	it('German without JavaScript is promoted from the waitlist when the Arabic person cancels with JavaScript', async () => {
		const noJs = await browser.newContext({ javaScriptEnabled: false });
		const page = await noJs.newPage();
		await page.goto(`${origin()}/de/veranstaltungen/${slug}`);
		expect(await page.locator('[data-testid=registration-full]').count()).toBe(1);
		await page.locator('#field-name').fill('Dritte Person');
		await page.locator('#field-email').fill(THIRD);
		await page.locator('#field-consent').check();
		await page.waitForTimeout(2100);
		const before = await mailCount();
		await submitAndWait(page, '[data-testid=registration-submit]');
		expect(await page.locator('[data-testid=registration-sent]').count()).toBe(1);
		const doi = await waitForMail(THIRD, before);
		await page.goto(link(doi, 'de', 'anmeldung'));
		const beforeWait = await mailCount();
		await submitAndWait(page, '[data-testid=confirm-registration]');
		expect(await page.locator('[data-testid=registration-waitlisted]').count()).toBe(1);
		expect((await waitForMail(THIRD, beforeWait)).subject).toContain('Warteliste');

		// The Arabic person cancels with JavaScript, by the link in the mail that confirmed the seat.
		const js = await browser.newContext();
		const arabic = await js.newPage();
		const cancelUrl = link(secondSeat!, 'ar', 'abmelden');
		await arabic.goto(cancelUrl, { waitUntil: 'networkidle' });
		expect(await arabic.getAttribute('html', 'dir')).toBe('rtl');
		const found = describeViolations(arabic.url(), await runAxe(arabic));
		const beforeOffer = await mailCount();
		await arabic.locator('[data-testid=cancel-registration]').click();
		await arabic.locator('[data-testid=registration-cancelled]').waitFor();
		const gone = await waitForMail(SECOND, beforeOffer);
		expect(gone.contentLanguage).toBe('ar');

		// The seat goes to the German person, who accepts without JavaScript.
		const offer = await waitForMail(THIRD, beforeOffer);
		expect(offer.contentLanguage).toBe('de');
		await page.goto(link(offer, 'de', 'platz'));
		const beforeAccept = await mailCount();
		await submitAndWait(page, '[data-testid=accept-offer]');
		expect(await page.locator('[data-testid=offer-accepted]').count()).toBe(1);
		expect((await waitForMail(THIRD, beforeAccept)).subject).toBe(`Ihre Anmeldung ist bestätigt: ${TITLE}`);
		await js.close();
		await noJs.close();
		expect(found, found.join('\n')).toEqual([]);
	});

	it('the office cancels the event: the registrant gets the reason and an iTIP CANCEL, every public view says so', async () => {
		// Signed in with JavaScript; the cancellation itself runs without (the same session).
		const signedIn = await browser.newContext();
		await signIn(signedIn, ADMIN, 'de');
		const context = await browser.newContext({ javaScriptEnabled: false, storageState: await signedIn.storageState() });
		const page = await context.newPage();
		await page.goto(`${origin()}${eventAdminPath}`);
		await submitAndWait(page, '[data-testid=event-cancel-link]');
		const cancelPath = new URL(page.url()).pathname;
		expect(cancelPath).toBe(`${eventAdminPath}/absagen`);
		expect(await page.locator('[data-testid=event-cancel-affected]').innerText()).toContain('bestätigt 1');
		const found = await axeOn(signedIn, [cancelPath]);

		// Without the confirmation tick: refused, the reason kept, the summary names the problem.
		await page.locator('#field-reason').fill(REASON);
		const refused = await submitAndWait(page, '[data-testid=event-cancel-submit]');
		expect(refused?.status()).toBe(400);
		expect(await page.locator('[data-error-summary]').innerText()).toContain('Bitte bestätigen Sie');
		expect(await page.locator('#field-reason').inputValue()).toBe(REASON);
		expect(await page.locator('label[for=field-confirm-yes]').innerText()).toContain('Anzahl: 1');

		await page.locator('#field-confirm-yes').check();
		const before = await mailCount();
		await submitAndWait(page, '[data-testid=event-cancel-submit]');
		expect(await page.locator('[data-testid=event-cancel-done]').innerText()).toContain('Anzahl: 1');
		expect(await page.locator('[data-testid=event-cancelled-on]').innerText()).toContain(REASON);
		found.push(...(await axeOn(signedIn, [cancelPath])));

		const mail = await waitForMail(THIRD, before);
		expect(mail.subject).toBe(`Abgesagt: ${TITLE}`);
		expect(mail.contentLanguage).toBe('de');
		expect(mail.text).toContain(REASON);
		const ics = mail.attachments?.find((a) => a.filename.endsWith('.ics'));
		expect(ics?.contentType).toBe('text/calendar');
		const cal = new ICAL.Component(ICAL.parse(ics!.content));
		expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
		const vevent = cal.getFirstSubcomponent('vevent')!;
		expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(String(vevent.getFirstPropertyValue('attendee'))).toBe(`mailto:${THIRD}`);

		// Public: marked with the reason, no form; the list marks it; JSON and .ics say cancelled.
		const visitor = await browser.newContext({ javaScriptEnabled: false });
		const pub = await visitor.newPage();
		const withJs = await browser.newContext();
		await pub.goto(`${origin()}/de/veranstaltungen/${slug}`);
		expect(await pub.locator('[data-testid=event-cancelled]').innerText()).toContain(REASON);
		expect(await pub.locator('#field-name').count()).toBe(0);
		await pub.goto(`${origin()}/de/veranstaltungen?region=lueneburg&kind=workshop_forum`);
		expect(await pub.locator('li', { hasText: TITLE }).innerText()).toContain('Abgesagt');
		await pub.goto(`${origin()}/ar/veranstaltungen/${slug}`);
		expect(await pub.locator('[data-testid=event-cancellation-reason]').innerText()).toContain(REASON);
		const json = (await (await fetch(`${origin()}/api/v1/events?kind=workshop_forum&region=lueneburg`)).json()) as {
			items: { slug: string; cancelled: boolean; registration: { state: string } }[];
		};
		expect(json.items.find((i) => i.slug === slug)).toMatchObject({ cancelled: true, registration: { state: 'cancelled' } });
		const feed = new ICAL.Component(ICAL.parse(await (await fetch(`${origin()}/api/v1/events/${slug}.ics`)).text()));
		expect(feed.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
		found.push(...(await axeOn(withJs, [`/de/veranstaltungen/${slug}`, `/ar/veranstaltungen/${slug}`])));
		await withJs.close();
		await visitor.close();
		await context.close();
		await signedIn.close();
		expect(found, found.join('\n')).toEqual([]);
	});
});
