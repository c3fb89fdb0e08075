/**
 * Global setup of the browser suite: a loopback SMTP server with a small JSON
 * inbox, and the real launcher (`tsx scripts/start.ts`) as a child process —
 * it builds the app into a temporary directory, starts PostgreSQL (embedded,
 * or BROWSER_DATABASE_URL), migrates, seeds the demo and serves. Teardown
 * sends SIGTERM and requires exit code 0, which tests the clean shutdown.
 */
import type { TestProject } from 'vitest/node';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestSmtp, type TestSmtp } from '../../helpers/smtp';
import type { InboxMail } from '../lib/inbox';
import { freePort } from '../../helpers/net';

declare module 'vitest' {
	export interface ProvidedContext {
		appOrigin: string;
		inboxUrl: string;
		/** The launcher's database, for tests that check what the HTTP journey stored. */
		databaseUrl: string;
	}
}

const root = fileURLToPath(new URL('../../..', import.meta.url));
const STARTUP_TIMEOUT_MS = 8 * 60_000;
const SHUTDOWN_TIMEOUT_MS = 60_000;

/** The tests run in a worker process; they read the mails over loopback HTTP. */
async function startInbox(smtp: TestSmtp): Promise<{ url: string; close(): Promise<void> }> {
	const server = http.createServer((_req, res) => {
		const mails: InboxMail[] = smtp.mails.map((mail, index) => ({
			index,
			to: mail.to,
			subject: mail.parsed.subject ?? '',
			text: mail.parsed.text ?? '',
			html: typeof mail.parsed.html === 'string' ? mail.parsed.html : '',
			contentLanguage: String(mail.parsed.headers.get('content-language') ?? ''),
			attachments: mail.parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content.toString('utf8') })),
			// Raw header values (unfolded), e.g. for List-Unsubscribe (RFC 8058) checks.
			headers: Object.fromEntries(
				mail.parsed.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).replace(/\r\n[ \t]+/g, ' ').trim()])
			)
		}));
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify(mails));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/mails`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

async function waitForReady(origin: string, child: ChildProcess, output: () => string): Promise<void> {
	const until = Date.now() + STARTUP_TIMEOUT_MS;
	while (Date.now() < until) {
		if (child.exitCode !== null) {
			throw new Error(`the launcher exited with code ${child.exitCode} before it was ready:\n${output()}`);
		}
		try {
			const res = await fetch(`${origin}/readyz`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`the launcher was not ready after ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`);
}

function exited(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
	return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export default async function setup(project: TestProject) {
	const started = Date.now();
	const smtp = await startTestSmtp();
	const inbox = await startInbox(smtp);
	const dataDir = mkdtempSync(path.join(tmpdir(), 'anpacken-browser-'));
	// Run as root, the embedded PostgreSQL runs as its own system user, which must reach the data.
	chmodSync(dataDir, 0o755);
	// The build imports its runtime dependencies (and is ESM) as if it sat in
	// the project; outside it, a package.json and a node_modules link provide that.
	const buildDir = path.join(dataDir, 'build');
	writeFileSync(path.join(dataDir, 'package.json'), '{ "type": "module", "private": true }\n');
	symlinkSync(path.join(root, 'node_modules'), path.join(dataDir, 'node_modules'), 'dir');
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;

	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'development',
		ANPACKEN_BUILD_DIR: buildDir,
		ANPACKEN_DATA_DIR: path.join(dataDir, 'data'),
		PORT: String(port),
		EMBEDDED_PG_PORT: String(await freePort()),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		SMTP_URL: smtp.url,
		LOG_LEVEL: process.env.BROWSER_LOG_LEVEL ?? 'warn',
		SEED_DEMO: 'true',
		// Every test file signs staff in through the real form from 127.0.0.1; the
		// production limits (5 per address, 20 per IP in 15 minutes) are tested in
		// accounts/service.spec.ts, not by exhausting them here.
		SIGNIN_LIMIT_PER_ADDRESS: '100',
		SIGNIN_LIMIT_PER_IP: '400',
		// events-http.e2e.ts registers 200 people through the real form from 127.0.0.1 (with solved
		// ALTCHA challenges); the limit mechanism itself is tested in protection/service.spec.ts.
		EVENT_REGISTRATION_LIMIT_PER_IP: '1000'
	};
	delete env.DATABASE_URL;
	if (process.env.BROWSER_DATABASE_URL) env.DATABASE_URL = process.env.BROWSER_DATABASE_URL;

	console.log(`[browser] starting the launcher on ${origin} (${env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}, build in ${buildDir})`);
	let log = '';
	const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/start.ts'], {
		cwd: root,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const keep = (chunk: Buffer) => {
		log += chunk.toString('utf8');
		if (log.length > 200_000) log = log.slice(-100_000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', (chunk: Buffer) => {
		keep(chunk);
		// Warnings and errors of the app belong in the test output.
		process.stderr.write(chunk);
	});
	const exitCode = exited(child);

	const cleanup = async () => {
		await inbox.close();
		await smtp.close();
		// Unlink first: the recursive removal must never reach the real node_modules.
		unlinkSync(path.join(dataDir, 'node_modules'));
		rmSync(dataDir, { recursive: true, force: true });
	};

	try {
		await waitForReady(origin, child, () => log);
	} catch (err) {
		child.kill('SIGKILL');
		await exitCode;
		await cleanup();
		throw err;
	}
	console.log(`[browser] ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

	project.provide('appOrigin', origin);
	project.provide('inboxUrl', inbox.url);
	project.provide(
		'databaseUrl',
		env.DATABASE_URL ??
			`postgresql://anpacken:${encodeURIComponent(readFileSync(path.join(dataDir, 'data', 'pg-password'), 'utf8').trim())}@127.0.0.1:${env.EMBEDDED_PG_PORT}/anpacken`
	);

	return async () => {
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS);
		const code = await exitCode;
		clearTimeout(timer);
		await cleanup();
		if (code !== 0) {
			throw new Error(`the launcher did not shut down cleanly on SIGTERM (exit code ${code}):\n${log.slice(-4000)}`);
		}
		console.log('[browser] launcher stopped cleanly (exit code 0)');
	};
}
