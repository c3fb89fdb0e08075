/**
 * Compression of dynamic HTML and JSON responses (docs/adr/0021-rendered-page-cache.md).
 *
 * Static files are precompressed at build time (adapter-node `precompress`);
 * pages and API answers were sent uncompressed. This hook compresses them by
 * Accept-Encoding — brotli, else gzip — as a stream, flushing each chunk so
 * streamed SvelteKit responses still arrive piece by piece. Responses already
 * encoded (hits of the page cache carry their best-ratio variant, computed
 * once) pass through untouched.
 *
 * Personal responses (Cache-Control: no-store, set for signed-in users and the
 * account pages) are not compressed: a page that mixes a secret with reflected
 * input could otherwise leak the secret through its compressed length (BREACH).
 */
import type { Handle } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { constants as zc, createBrotliCompress, createGzip } from 'node:zlib';
import { addVary, negotiateEncoding } from './page-cache';

/** Below this many bytes compression saves less than it costs. */
export const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /^(text\/html|application\/json|application\/problem\+json|text\/plain|text\/calendar|text\/csv|application\/xml|text\/xml|image\/svg\+xml)\b/i;

export function isCompressible(response: Response): boolean {
	if (!response.body) return false;
	if (response.status < 200 || response.status === 204 || response.status === 206 || response.status === 304) return false;
	const h = response.headers;
	if (h.has('content-encoding')) return false;
	if (!COMPRESSIBLE.test(h.get('content-type') ?? '')) return false;
	const cc = h.get('cache-control') ?? '';
	if (/\bno-transform\b/i.test(cc) || /\bno-store\b/i.test(cc)) return false;
	const length = h.get('content-length');
	if (length !== null && Number(length) < COMPRESS_MIN_BYTES) return false;
	return true;
}

/** The response, compressed in the given encoding (streamed, one flush per chunk). */
export function compressResponse(response: Response, encoding: 'br' | 'gzip'): Response {
	const compressor =
		encoding === 'br'
			? createBrotliCompress({ flush: zc.BROTLI_OPERATION_FLUSH, params: { [zc.BROTLI_PARAM_QUALITY]: 5 } })
			: createGzip({ level: 6, flush: zc.Z_SYNC_FLUSH });
	const source = Readable.fromWeb(response.body as never);
	source.on('error', (err) => compressor.destroy(err));
	source.pipe(compressor);
	const headers = new Headers(response.headers);
	headers.delete('content-length');
	headers.set('Content-Encoding', encoding);
	addVary(headers, 'Accept-Encoding');
	return new Response(Readable.toWeb(compressor) as unknown as ReadableStream<Uint8Array>, { status: response.status, statusText: response.statusText, headers });
}

export const compression: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.request.method === 'HEAD') return response;
	if (response.headers.has('content-encoding')) {
		// Already encoded (a page-cache hit): only make sure caches know it depends on Accept-Encoding.
		return response;
	}
	if (!isCompressible(response)) return response;
	const encoding = negotiateEncoding(event.request.headers.get('accept-encoding'));
	if (encoding === 'identity') {
		try {
			addVary(response.headers, 'Accept-Encoding');
		} catch {
			/* immutable headers: nothing to add */
		}
		return response;
	}
	return compressResponse(response, encoding);
};
