/**
 * Page weight as a phone on prepaid data pays it: gzip-compressed bytes of
 * the HTML (with any inlined styles) and the linked stylesheets needed for the
 * first view, and separately the JavaScript the page loads (script tags and
 * module preloads).
 */
import { gzipSync } from 'node:zlib';

export interface PageWeight {
	page: string;
	path: string;
	status: number;
	htmlBytes: number;
	htmlGzip: number;
	cssGzip: number;
	/** HTML + CSS, compressed: what the first view needs without JavaScript. */
	firstViewGzip: number;
	jsGzip: number;
	jsFiles: number;
	totalGzip: number;
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

function attrs(html: string, tag: RegExp): string[] {
	return [...html.matchAll(tag)].map((m) => m[1]!).filter(Boolean);
}

export async function pageWeight(origin: string, page: string, path: string): Promise<PageWeight> {
	const res = await fetch(origin + path);
	const html = Buffer.from(await res.arrayBuffer());
	const text = html.toString('utf8');
	// Stylesheets inlined by kit.inlineStyleThreshold are already in the HTML; SvelteKit still lists them as
	// <link rel="stylesheet" disabled media="(max-width: 0)"> (for Vite's bookkeeping), which no browser loads.
	const css = [...text.matchAll(/<link\b[^>]*>/g)]
		.map((m) => m[0])
		.filter((tag) => /\brel="stylesheet"/.test(tag) && !/\sdisabled[\s>=]/.test(tag))
		.map((tag) => /\bhref="([^"]+)"/.exec(tag)?.[1])
		.filter((href): href is string => Boolean(href));
	const js = attrs(text, /<link[^>]+rel="modulepreload"[^>]*href="([^"]+)"/g)
		.concat(attrs(text, /<link[^>]+href="([^"]+)"[^>]*rel="modulepreload"/g))
		.concat(attrs(text, /<script[^>]+src="([^"]+)"/g))
		// SvelteKit starts the app with import("…/start.js") and import("…/app.js") in its bootstrap script.
		.concat(attrs(text, /import\("([^"]+\.js)"\)/g));
	const fetchGz = async (list: string[]) => {
		let sum = 0;
		for (const href of new Set(list)) {
			const r = await fetch(new URL(href, origin + path));
			sum += gz(Buffer.from(await r.arrayBuffer()));
		}
		return sum;
	};
	const htmlGzip = gz(html);
	const cssGzip = await fetchGz(css);
	const jsSet = new Set(js);
	const jsGzip = await fetchGz([...jsSet]);
	return {
		page,
		path,
		status: res.status,
		htmlBytes: html.length,
		htmlGzip,
		cssGzip,
		firstViewGzip: htmlGzip + cssGzip,
		jsGzip,
		jsFiles: jsSet.size,
		totalGzip: htmlGzip + cssGzip + jsGzip
	};
}
