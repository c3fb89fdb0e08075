/**
 * Per-node cache of rendered public pages (docs/adr/0021-rendered-page-cache.md).
 *
 * The atlas list page and the open-data search API are the same few thousand
 * URLs all day, while the atlas data changes a few times a day. The search
 * cache (atlas/search-cache.ts) already saves the SQL; this cache also saves
 * the page render and the compression: an anonymous GET whose URL, locale and
 * atlas data version match a stored 200 response gets that response's bytes,
 * compressed once per entry (gzip and brotli).
 *
 * Correctness rules:
 * - only requests without any Cookie or Authorization header are served from
 *   or stored in the cache, so nothing personal can ever be in it;
 * - only 200 responses without Set-Cookie and without "no-store"/"private";
 * - an entry is valid only for the atlas data version it was rendered at (read
 *   from PostgreSQL per request, the same one primary-key read the search cache
 *   does), so every node sees a change with its next request and nodes stay
 *   stateless; the TTL bounds how long date-dependent parts ("stale" badges)
 *   can lag;
 * - CSP runs in hash mode (svelte.config.js), so a cached page carries no nonce
 *   to replay: its header lists the hashes of exactly the inline scripts in the
 *   cached body.
 */
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { promisify } from 'node:util';
import { brotliCompress, constants as zc, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export const PAGE_CACHE_MAX_BYTES = 64 * 1024 * 1024;
export const PAGE_CACHE_TTL_MS = 10 * 60_000;
/** Responses larger than this are never stored (a runaway page should not evict everything). */
export const PAGE_CACHE_MAX_ENTRY_BYTES = 1024 * 1024;

/** Paths whose anonymous GET responses are cacheable: the atlas list in every locale and the search API. */
const CACHEABLE: RegExp[] = [/^\/[a-z]{2}\/atlas\/?$/, /^\/api\/v1\/projects$/];

export function isCacheablePath(pathname: string): boolean {
	return CACHEABLE.some((re) => re.test(pathname));
}

/** Response headers that belong to one response only and are never stored. */
const NOT_STORED = new Set(['set-cookie', 'content-length', 'content-encoding', 'x-request-id', 'date', 'transfer-encoding', 'connection']);

export type Encoding = 'br' | 'gzip' | 'identity';

export interface PageEntry {
	version: string;
	at: number;
	status: number;
	headers: [string, string][];
	body: Buffer;
	/** Compressed variants, computed once per entry (in the libuv thread pool). */
	gzip: Promise<Buffer>;
	br: Promise<Buffer>;
	/** Bytes this entry holds once compressed (body + the two variants, estimated until known). */
	bytes: number;
}

/** The cache key: path, canonical query (sorted parameters) and locale. */
export function pageCacheKey(url: URL, locale: string): string {
	const pairs = [...url.searchParams].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
	return `${locale}|${url.pathname.replace(/\/$/, '')}?${new URLSearchParams(pairs).toString()}`;
}

/** Picks the best encoding the client accepts (brotli over gzip; q=0 refuses). */
export function negotiateEncoding(acceptEncoding: string | null): Encoding {
	if (!acceptEncoding) return 'identity';
	const accepted = new Map<string, number>();
	for (const part of acceptEncoding.toLowerCase().split(',')) {
		const [name, ...rest] = part.trim().split(';');
		if (!name) continue;
		const q = rest.map((r) => /^\s*q=([0-9.]+)\s*$/.exec(r)?.[1]).find((v) => v !== undefined);
		accepted.set(name.trim(), q === undefined ? 1 : Number(q));
	}
	const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
	if (ok('br')) return 'br';
	if (ok('gzip')) return 'gzip';
	return 'identity';
}

export class PageCache {
	private readonly entries = new Map<string, PageEntry>();
	private totalBytes = 0;
	hits = 0;
	misses = 0;

	constructor(
		readonly maxBytes = PAGE_CACHE_MAX_BYTES,
		readonly ttlMs = PAGE_CACHE_TTL_MS
	) {}

	/** The entry for key if it was stored at this data version and is within the TTL. */
	get(key: string, version: string, now = Date.now()): PageEntry | null {
		const hit = this.entries.get(key);
		if (!hit) return null;
		if (hit.version !== version || now - hit.at >= this.ttlMs) {
			this.remove(key);
			return null;
		}
		// Re-insert so the Map's order is least-recently-used first.
		this.entries.delete(key);
		this.entries.set(key, hit);
		return hit;
	}

	/** Stores a response body; compression runs in the background, once. */
	put(key: string, version: string, status: number, headers: Headers, body: Buffer, now = Date.now()): PageEntry | null {
		if (body.length > PAGE_CACHE_MAX_ENTRY_BYTES || body.length > this.maxBytes / 4) return null;
		const kept: [string, string][] = [];
		headers.forEach((value, name) => {
			if (!NOT_STORED.has(name.toLowerCase())) kept.push([name, value]);
		});
		const entry: PageEntry = {
			version,
			at: now,
			status,
			headers: kept,
			body,
			gzip: gzipAsync(body, { level: 9 }),
			br: brotliAsync(body, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: body.length } }),
			// Until the variants exist, count them as half the body each (typical HTML compresses far better).
			bytes: body.length * 2
		};
		this.remove(key);
		this.entries.set(key, entry);
		this.totalBytes += entry.bytes;
		void Promise.all([entry.gzip, entry.br]).then(
			([g, b]) => {
				if (this.entries.get(key) !== entry) return;
				const exact = body.length + g.length + b.length;
				this.totalBytes += exact - entry.bytes;
				entry.bytes = exact;
			},
			() => this.remove(key)
		);
		this.evict();
		return this.entries.get(key) ?? null;
	}

	private remove(key: string): void {
		const old = this.entries.get(key);
		if (!old) return;
		this.entries.delete(key);
		this.totalBytes -= old.bytes;
	}

	private evict(): void {
		while (this.totalBytes > this.maxBytes) {
			const oldest = this.entries.keys().next().value;
			if (oldest === undefined) break;
			this.remove(oldest);
		}
	}

	get size(): number {
		return this.entries.size;
	}

	get bytes(): number {
		return this.totalBytes;
	}

	clear(): void {
		this.entries.clear();
		this.totalBytes = 0;
	}
}

/** A fresh response for one request from a stored entry, in the encoding the client accepts. */
export async function responseFromEntry(entry: PageEntry, encoding: Encoding, head: boolean): Promise<Response> {
	const headers = new Headers(entry.headers);
	const body = encoding === 'br' ? await entry.br : encoding === 'gzip' ? await entry.gzip : entry.body;
	if (encoding !== 'identity') headers.set('Content-Encoding', encoding);
	addVary(headers, 'Accept-Encoding');
	headers.set('Content-Length', String(body.length));
	headers.set('X-Page-Cache', 'hit');
	return new Response(head ? null : new Uint8Array(body), { status: entry.status, headers });
}

/** Adds a field name to Vary unless it is there already. */
export function addVary(headers: Headers, field: string): void {
	const current = headers.get('vary');
	if (!current) headers.set('Vary', field);
	else if (!current.split(',').some((f) => f.trim().toLowerCase() === field.toLowerCase() || f.trim() === '*')) headers.set('Vary', `${current}, ${field}`);
}

/** Whether this request may be served from, or stored in, the page cache. */
export function requestIsCacheable(event: Pick<RequestEvent, 'request' | 'url'>): boolean {
	const method = event.request.method;
	if (method !== 'GET' && method !== 'HEAD') return false;
	if (!isCacheablePath(event.url.pathname)) return false;
	const h = event.request.headers;
	// Any cookie at all (a session, a leftover, a consent) keeps the request out: personal pages must never be shared.
	if (h.has('cookie') || h.has('authorization')) return false;
	// SvelteKit's client-side data requests and invalidations carry their own headers.
	if (h.has('x-sveltekit-invalidated') || h.has('x-sveltekit-action')) return false;
	return true;
}

/** Whether a response may be stored. */
export function responseIsCacheable(response: Response): boolean {
	if (response.status !== 200) return false;
	const h = response.headers;
	if (h.has('set-cookie') || h.has('content-encoding')) return false;
	if (/\b(no-store|private)\b/i.test(h.get('cache-control') ?? '')) return false;
	const type = h.get('content-type') ?? '';
	return /^(text\/html|application\/json)\b/i.test(type);
}

export interface PageCacheHandleOptions {
	cache: PageCache;
	/** Whether the cache is on (checked per request, so configuration can switch it). */
	enabled: () => boolean;
	/** The current atlas data version. */
	version: () => Promise<string>;
}

/**
 * The SvelteKit handle: serves hits, stores cacheable misses. It goes after the
 * session hook (which leaves cookie-less requests anonymous without a database
 * read) and inside the compression hook, which leaves already encoded responses alone.
 */
export function pageCacheHandle(options: PageCacheHandleOptions): Handle {
	return async ({ event, resolve }) => {
		if (!options.enabled() || !requestIsCacheable(event)) return resolve(event);
		const key = pageCacheKey(event.url, event.locals.locale ?? '');
		const version = await options.version();
		const encoding = negotiateEncoding(event.request.headers.get('accept-encoding'));
		const head = event.request.method === 'HEAD';
		const hit = options.cache.get(key, version);
		if (hit) {
			options.cache.hits++;
			return responseFromEntry(hit, encoding, head);
		}
		options.cache.misses++;
		const response = await resolve(event);
		if (head || !responseIsCacheable(response) || event.locals.user) return response;
		const body = Buffer.from(await response.arrayBuffer());
		options.cache.put(key, version, response.status, response.headers, body);
		// This response goes out uncompressed from here (the compression hook compresses it
		// quickly); the stored entry's best-ratio variants serve the following requests.
		const headers = new Headers(response.headers);
		headers.set('X-Page-Cache', 'miss');
		return new Response(new Uint8Array(body), { status: response.status, headers });
	};
}
