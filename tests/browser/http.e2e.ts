/**
 * Plain HTTP contracts of the running launcher: language negotiation on /,
 * the health probes, the places API and the translated 404 page.
 */
import { describe, expect, it } from 'vitest';
import { origin } from './lib/browser';

// What a stack trace or an internal path would look like in a page.
const LEAKS = [/\bat .+\(.+:\d+:\d+\)/, /node_modules/, /\.(ts|js):\d+/, /\bError:\s/, /\/work\/|\/home\/|\/root\//];

describe('HTTP contracts', () => {
	it('redirects / to /ar for Accept-Language: ar,en;q=0.5', async () => {
		const res = await fetch(`${origin()}/`, { headers: { 'Accept-Language': 'ar,en;q=0.5' }, redirect: 'manual' });
		expect([301, 302, 303, 307, 308]).toContain(res.status);
		expect(new URL(res.headers.get('location') ?? '', origin()).pathname).toBe('/ar');
	});

	it('answers /healthz and /readyz with JSON status ok', async () => {
		for (const probe of ['healthz', 'readyz']) {
			const res = await fetch(`${origin()}/${probe}`);
			expect(res.status, probe).toBe(200);
			expect(res.headers.get('content-type'), probe).toMatch(/^application\/json/);
			expect(((await res.json()) as { status?: string }).status, probe).toBe('ok');
		}
	});

	it('finds Hemmingen in /api/v1/places with its AGS and region', async () => {
		const res = await fetch(`${origin()}/api/v1/places?q=Hemmingen`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		const body = (await res.json()) as { candidates?: { ags?: string; region?: { key?: string } }[] };
		expect(body.candidates?.[0]?.ags).toBe('03241007');
		expect(body.candidates?.[0]?.region?.key).toBe('leine-weser');
	});

	it('shows a translated 404 page without a stack trace', async () => {
		const titles = new Map<string, string>();
		for (const locale of ['de', 'en', 'ar']) {
			const res = await fetch(`${origin()}/${locale}/gibt-es-nicht-${Date.now()}`, { headers: { Accept: 'text/html' } });
			expect(res.status, locale).toBe(404);
			expect(res.headers.get('content-type'), locale).toMatch(/^text\/html/);
			const html = await res.text();
			expect(html, `${locale}: <html lang>`).toMatch(new RegExp(`<html[^>]*\\slang="${locale}"`));
			for (const leak of LEAKS) expect(html, `${locale}: ${leak}`).not.toMatch(leak);
			titles.set(locale, /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
		}
		expect(titles.get('de'), 'the 404 page has a title').not.toBe('');
		expect(new Set(titles.values()).size, `titles differ per locale: ${JSON.stringify([...titles])}`).toBe(3);
	});

	it('answers a POST of an unknown or used emailed-link token with a page, never a server error', async () => {
		// Two tabs on the same link: the second POST meets a used token. SvelteKit then runs
		// load after the action, so a header set in both would turn this into a 500.
		const pages = [
			'anmelden/link',
			'atlas/eintragen/bestaetigen',
			'atlas/einladung',
			'atlas/benachrichtigung/bestaetigen',
			'atlas/aktuell',
			'veranstaltungen/anmeldung',
			'veranstaltungen/abmelden',
			'veranstaltungen/platz'
		];
		for (const locale of ['de', 'ar']) {
			for (const path of pages) {
				const url = `${origin()}/${locale}/${path}?token=gibt-es-nicht`;
				const res = await fetch(url, {
					method: 'POST',
					headers: { Origin: origin(), 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
					body: 'token=gibt-es-nicht',
					redirect: 'manual'
				});
				expect(res.status, `POST ${url}`).toBeLessThan(500);
				const html = await res.text();
				for (const leak of LEAKS) expect(html, `POST ${url}`).not.toMatch(leak);
			}
		}
	});
});
