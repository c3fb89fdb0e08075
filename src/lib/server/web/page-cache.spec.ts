import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { dbPool } from '../core/db';
import { parseSearchParams } from '../atlas/contract';
import { seedAtlasExamples } from '../atlas/demo';
import { atlasDataVersion } from '../atlas/search-cache';
import { searchProjects } from '../atlas/service';
import { compression, isCompressible } from './compression';
import { sharedAtlasDataVersion } from './atlas-page-cache';
import { negotiateEncoding, PageCache, pageCacheHandle, pageCacheKey, requestIsCacheable, responseIsCacheable } from './page-cache';

type Resolve = (event: RequestEvent) => Promise<Response>;

function eventFor(url: string, headers: Record<string, string> = {}, method = 'GET'): RequestEvent {
	const u = new URL(url);
	return {
		url: u,
		request: new Request(u, { method, headers }),
		locals: { locale: u.pathname.split('/')[1] ?? 'de', user: null }
	} as unknown as RequestEvent;
}

/**
 * Stands in for SvelteKit's renderer: renders the real search result of the
 * request's query from the database into a page, counting how often it ran.
 */
function renderer(extraHeaders: Record<string, string> = {}) {
	const calls = { n: 0 };
	const resolve: Resolve = async (event) => {
		calls.n++;
		const result = await searchProjects(parseSearchParams(event.url.searchParams), event.locals.locale);
		const html = `<!doctype html><title>${result.total}</title><ul>${result.items.map((i) => `<li>${i.slug}: ${i.title}</li>`).join('')}</ul><p>rendered ${calls.n}</p>`;
		return new Response(html.repeat(20), { status: 200, headers: { 'Content-Type': 'text/html', ...extraHeaders } });
	};
	return { calls, resolve };
}

function handleWith(cache: PageCache) {
	return pageCacheHandle({ cache, enabled: () => true, version: atlasDataVersion });
}

const listUrl = 'http://localhost/de/atlas?near=Hemmingen&radius_km=10';

describe('page cache rules', () => {
	it('keys by path, canonical query order and locale', () => {
		const a = pageCacheKey(new URL('http://x/de/atlas?b=2&a=1'), 'de');
		expect(pageCacheKey(new URL('http://x/de/atlas/?a=1&b=2'), 'de')).toBe(a);
		expect(pageCacheKey(new URL('http://x/de/atlas?a=1&b=3'), 'de')).not.toBe(a);
		expect(pageCacheKey(new URL('http://x/de/atlas?b=2&a=1'), 'ar')).not.toBe(a);
	});

	it('negotiates brotli over gzip and honours q=0', () => {
		expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
		expect(negotiateEncoding('gzip')).toBe('gzip');
		expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(negotiateEncoding('identity')).toBe('identity');
		expect(negotiateEncoding(null)).toBe('identity');
		expect(negotiateEncoding('*')).toBe('br');
	});

	it('takes only cookie-less GETs of the atlas list and search API', () => {
		expect(requestIsCacheable(eventFor(listUrl))).toBe(true);
		expect(requestIsCacheable(eventFor('http://localhost/api/v1/projects?q=x'))).toBe(true);
		expect(requestIsCacheable(eventFor(listUrl, { cookie: 'anpacken_session=abc' }))).toBe(false);
		expect(requestIsCacheable(eventFor(listUrl, { authorization: 'Bearer x' }))).toBe(false);
		expect(requestIsCacheable(eventFor(listUrl, {}, 'POST'))).toBe(false);
		expect(requestIsCacheable(eventFor('http://localhost/de/atlas/eintragen'))).toBe(false);
		expect(requestIsCacheable(eventFor('http://localhost/de/konto'))).toBe(false);
	});

	it('stores only plain 200 HTML/JSON responses without cookies or no-store', () => {
		const ok = (init: ResponseInit) => responseIsCacheable(new Response('x', init));
		expect(ok({ status: 200, headers: { 'content-type': 'text/html' } })).toBe(true);
		expect(ok({ status: 200, headers: { 'content-type': 'application/json' } })).toBe(true);
		expect(ok({ status: 404, headers: { 'content-type': 'text/html' } })).toBe(false);
		expect(ok({ status: 200, headers: { 'content-type': 'text/html', 'set-cookie': 'a=b' } })).toBe(false);
		expect(ok({ status: 200, headers: { 'content-type': 'text/html', 'cache-control': 'no-store' } })).toBe(false);
		expect(ok({ status: 200, headers: { 'content-type': 'text/html', 'cache-control': 'private, max-age=0' } })).toBe(false);
		expect(ok({ status: 200, headers: { 'content-type': 'image/png' } })).toBe(false);
	});

	it('bounds the bytes it holds, evicting the least recently used first', async () => {
		const cache = new PageCache(10_000, 60_000);
		const body = () => Buffer.alloc(1_000, 'a');
		const headers = new Headers({ 'content-type': 'text/html' });
		for (const k of ['a', 'b', 'c', 'd']) cache.put(k, 'v1', 200, headers, body(), 0);
		expect(cache.get('a', 'v1', 1)).not.toBeNull();
		// 1,000 bytes count as 2,000 until compressed: five fit, the sixth evicts the least recently used ("b").
		cache.put('e', 'v1', 200, headers, body(), 2);
		cache.put('f', 'v1', 200, headers, body(), 3);
		expect(cache.get('b', 'v1', 4)).toBeNull();
		expect(cache.get('a', 'v1', 4)).not.toBeNull();
		expect(cache.bytes).toBeLessThanOrEqual(10_000);
		expect(cache.get('a', 'v2', 5)).toBeNull();
		expect(cache.get('c', 'v1', 60_010)).toBeNull();
		// Once compressed, an entry counts its real size.
		const stored = cache.put('g', 'v1', 200, headers, body(), 6)!;
		await Promise.all([stored.gzip, stored.br]);
		await new Promise((r) => setTimeout(r, 0));
		expect(stored.bytes).toBe(1_000 + (await stored.gzip).length + (await stored.br).length);
	});
});

describe('page cache against atlas data', () => {
	useTestDatabase();

	it('serves byte-identical pages for one data version and a fresh page after a write', async () => {
		await seedAtlasExamples();
		const cache = new PageCache();
		const handle = handleWith(cache);
		const { calls, resolve } = renderer();
		const first = await handle({ event: eventFor(listUrl), resolve });
		expect(first.headers.get('x-page-cache')).toBe('miss');
		const firstBody = Buffer.from(await first.arrayBuffer());
		const second = await handle({ event: eventFor(listUrl), resolve });
		expect(second.headers.get('x-page-cache')).toBe('hit');
		expect(Buffer.from(await second.arrayBuffer()).equals(firstBody)).toBe(true);
		expect(calls.n).toBe(1);
		// The same query in another parameter order is the same page.
		const reordered = await handle({ event: eventFor('http://localhost/de/atlas?radius_km=10&near=Hemmingen'), resolve });
		expect(reordered.headers.get('x-page-cache')).toBe('hit');
		expect(calls.n).toBe(1);

		const slug = /<li>([^:]+):/.exec(firstBody.toString())![1]!;
		await dbPool().query(`update projects set status = 'archived' where slug = $1`, [slug]);
		const after = await handle({ event: eventFor(listUrl), resolve });
		expect(after.headers.get('x-page-cache')).toBe('miss');
		const afterBody = Buffer.from(await after.arrayBuffer()).toString();
		expect(calls.n).toBe(2);
		expect(afterBody).not.toContain(`<li>${slug}:`);
		expect(firstBody.toString()).toContain(`<li>${slug}:`);
	});

	it('shares one version read between concurrent requests, and keeps no value after it', async () => {
		await seedAtlasExamples();
		const a = sharedAtlasDataVersion();
		const b = sharedAtlasDataVersion();
		expect(b).toBe(a);
		const v1 = await a;
		expect(v1).toBe(await atlasDataVersion());
		await dbPool().query(`update projects set status = 'archived' where id = (select id from projects where status = 'published' limit 1)`);
		const v2 = await sharedAtlasDataVersion();
		expect(v2).not.toBe(v1);
		expect(v2).toBe(await atlasDataVersion());
	});

	it('serves gzip and brotli variants that decode to the cached bytes', async () => {
		await seedAtlasExamples();
		const cache = new PageCache();
		const handle = handleWith(cache);
		const { resolve } = renderer();
		const plain = Buffer.from(await (await handle({ event: eventFor(listUrl), resolve })).arrayBuffer());
		const br = await handle({ event: eventFor(listUrl, { 'accept-encoding': 'gzip, br' }), resolve });
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
		const brBody = Buffer.from(await br.arrayBuffer());
		expect(brotliDecompressSync(brBody).equals(plain)).toBe(true);
		expect(brBody.length).toBeLessThan(plain.length / 3);
		const gz = await handle({ event: eventFor(listUrl, { 'accept-encoding': 'gzip' }), resolve });
		expect(gz.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(plain)).toBe(true);
	});

	it('never serves or stores a request with a cookie, nor a response that sets one', async () => {
		await seedAtlasExamples();
		const cache = new PageCache();
		const handle = handleWith(cache);
		const { calls, resolve } = renderer();
		await handle({ event: eventFor(listUrl, { cookie: 'anpacken_session=secret' }), resolve });
		expect(cache.size).toBe(0);
		await handle({ event: eventFor(listUrl), resolve });
		expect(cache.size).toBe(1);
		const withCookie = await handle({ event: eventFor(listUrl, { cookie: 'anpacken_session=secret' }), resolve });
		expect(withCookie.headers.get('x-page-cache')).toBeNull();
		expect(calls.n).toBe(3);

		const setsCookie = renderer({ 'Set-Cookie': 'flash=1; Path=/' });
		const other = new PageCache();
		const h2 = handleWith(other);
		const res = await h2({ event: eventFor(listUrl), resolve: setsCookie.resolve });
		expect(res.headers.get('set-cookie')).toBe('flash=1; Path=/');
		await h2({ event: eventFor(listUrl), resolve: setsCookie.resolve });
		expect(other.size).toBe(0);
		expect(setsCookie.calls.n).toBe(2);
	});
});

describe('compression hook', () => {
	const page = '<!doctype html><p>' + 'Sprachcafé in Hannover '.repeat(200) + '</p>';
	const resolveWith =
		(headers: Record<string, string>, body = page): Resolve =>
		async () =>
			new Response(body, { status: 200, headers });

	it('compresses HTML and JSON by Accept-Encoding and leaves personal or small responses alone', async () => {
		const html = { 'content-type': 'text/html; charset=utf-8' };
		const br = await compression({ event: eventFor('http://localhost/de', { 'accept-encoding': 'br, gzip' }), resolve: resolveWith(html) });
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
		expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(page);

		const gz = await compression({ event: eventFor('http://localhost/api/v1/projects', { 'accept-encoding': 'gzip' }), resolve: resolveWith({ 'content-type': 'application/json' }) });
		expect(gz.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(page);

		const none = await compression({ event: eventFor('http://localhost/de'), resolve: resolveWith(html) });
		expect(none.headers.get('content-encoding')).toBeNull();
		expect(await none.text()).toBe(page);

		const personal = await compression({ event: eventFor('http://localhost/de/konto', { 'accept-encoding': 'br' }), resolve: resolveWith({ ...html, 'cache-control': 'no-store' }) });
		expect(personal.headers.get('content-encoding')).toBeNull();

		expect(isCompressible(new Response('tiny', { headers: { ...html, 'content-length': '4' } }))).toBe(false);
		expect(isCompressible(new Response(page, { headers: { 'content-type': 'image/png' } }))).toBe(false);
		expect(isCompressible(new Response(page, { headers: { ...html, 'content-encoding': 'br' } }))).toBe(false);
	});
});
