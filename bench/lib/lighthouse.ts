/**
 * Lighthouse (npm, run as a child process) with Debian's Chromium, mobile
 * profile (Lighthouse's default: emulated mid-range phone, simulated slow 4G).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface LighthouseResult {
	page: string;
	path: string;
	performance: number | null;
	accessibility: number | null;
	lcpMs: number | null;
	tbtMs: number | null;
	cls: number | null;
	error?: string;
	/** The Lighthouse error of a first run that was repeated. */
	retried?: string;
}

interface Report {
	runtimeError?: { code?: string; message?: string };
	categories: Record<string, { score: number | null }>;
	audits: Record<string, { numericValue?: number }>;
}

export function chromiumPath(): string | null {
	const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	return existsSync(p) ? p : null;
}

/**
 * Lighthouse's own runtime errors (NO_NAVSTART, NO_FCP, PROTOCOL_TIMEOUT, a
 * failed trace) say nothing about the page; it asks to "run Lighthouse again".
 */
const TRANSIENT = /NO_NAVSTART|NO_FCP|NO_LCP|PROTOCOL_TIMEOUT|NO_TRACING_STARTED|TRACING_ALREADY_STARTED|Runtime error encountered|run Lighthouse again|exit null|SIGKILL/i;

/** One Lighthouse run, repeated once (after a pause) when Lighthouse itself failed. */
export async function lighthouse(root: string, origin: string, page: string, urlPath: string): Promise<LighthouseResult> {
	const first = await lighthouseOnce(root, origin, page, urlPath);
	if (!first.error || !TRANSIENT.test(first.error)) return first;
	await new Promise((r) => setTimeout(r, 2_000));
	const second = await lighthouseOnce(root, origin, page, urlPath);
	return second.error ? { ...second, error: `${second.error} (after a retry; first: ${first.error})` } : { ...second, retried: first.error };
}

async function lighthouseOnce(root: string, origin: string, page: string, urlPath: string): Promise<LighthouseResult> {
	const chrome = chromiumPath();
	const base = { page, path: urlPath, performance: null, accessibility: null, lcpMs: null, tbtMs: null, cls: null };
	if (!chrome) return { ...base, error: 'Chromium not found' };
	const cli = path.join(root, 'node_modules/lighthouse/cli/index.js');
	const args = [
		cli,
		origin + urlPath,
		'--only-categories=performance,accessibility',
		'--output=json',
		'--output-path=stdout',
		'--quiet',
		'--max-wait-for-load=45000',
		'--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage'
	];
	const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
		const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: chrome } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code: code ?? 1, stdout, stderr });
		});
	});
	if (out.code !== 0) return { ...base, error: out.stderr.trim().split('\n').slice(-2).join(' ') || `exit ${out.code}` };
	let report: Report;
	try {
		report = JSON.parse(out.stdout) as Report;
	} catch {
		return { ...base, error: 'Runtime error encountered: no JSON report' };
	}
	if (report.runtimeError?.code) return { ...base, error: `Runtime error encountered: ${report.runtimeError.message ?? ''} (${report.runtimeError.code})` };
	const score = (k: string) => {
		const s = report.categories[k]?.score;
		return typeof s === 'number' ? Math.round(s * 100) : null;
	};
	const num = (k: string) => report.audits[k]?.numericValue ?? null;
	return {
		...base,
		performance: score('performance'),
		accessibility: score('accessibility'),
		lcpMs: num('largest-contentful-paint'),
		tbtMs: num('total-blocking-time'),
		cls: num('cumulative-layout-shift')
	};
}
