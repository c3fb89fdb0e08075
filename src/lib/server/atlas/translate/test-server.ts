/**
 * Test double for an external LibreTranslate server (not imported by the
 * application): a real HTTP server on loopback implementing POST /translate
 * with LibreTranslate's request and answer shapes. It "translates" by
 * prefixing every text with the target language ("EN: …"), so tests can see exactly
 * which texts went out and where each answer landed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TranslateRequest {
	q: string | string[];
	source: string;
	target: string;
	format: string;
	api_key?: string;
}

export interface FakeTranslator {
	url: string;
	requests: TranslateRequest[];
	/** Answer the next n requests with this HTTP status (and LibreTranslate's { error }). */
	failNext(status: number, n?: number): void;
	/** Require this api_key (403 otherwise, like LibreTranslate). */
	requireKey(key: string | undefined): void;
	close(): Promise<void>;
}

export function fakeTranslation(text: string, target: string): string {
	return `${target.toUpperCase()}: ${text}`;
}

export async function startFakeTranslator(): Promise<FakeTranslator> {
	const requests: TranslateRequest[] = [];
	let failures: { status: number; left: number } | null = null;
	let key: string | undefined;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const send = (status: number, body: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (req.method !== 'POST' || req.url !== '/translate') return send(404, { error: 'Not found' });
			let body: TranslateRequest;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TranslateRequest;
			} catch {
				return send(400, { error: 'Invalid request: malformed JSON' });
			}
			requests.push(body);
			if (failures && failures.left > 0) {
				failures.left--;
				return send(failures.status, { error: `simulated failure ${failures.status}` });
			}
			if (key !== undefined && body.api_key !== key) return send(403, { error: 'Invalid API key' });
			if (!body.q || !body.source || !body.target) return send(400, { error: 'Invalid request: missing q, source or target parameter' });
			if (body.format !== 'text' && body.format !== 'html') return send(400, { error: 'Invalid format' });
			const answer = Array.isArray(body.q) ? body.q.map((t) => fakeTranslation(t, body.target)) : fakeTranslation(body.q, body.target);
			send(200, { translatedText: answer });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		failNext(status, n = 1) {
			failures = { status, left: n };
		},
		requireKey(k) {
			key = k;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
