/**
 * npm run bench [-- --full] [-- --seconds N] [-- --sizes 1000,10000]
 *
 * Measures anpacken against the machine's own limits in one run: prepares
 * synthetic atlas data sets in a separate database, starts the production
 * build through the real launcher, loads it on loopback (autocannon), and
 * measures the yardsticks in the same run (nginx serving the same page bytes,
 * the same search SQL straight through pg). Also page weight and Lighthouse.
 * Writes bench/results/<date>.json, bench/results/search-p95.svg and the
 * figures block of docs/performance.md.
 *
 * Data lives in BENCH_DATA_DIR (default ./.anpacken-bench) and is reused
 * between runs (seeding 100k entries takes a while). With BENCH_DATABASE_URL
 * (a role allowed to CREATE DATABASE) an external PostgreSQL is used instead
 * of the embedded one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, type Dirent } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { detachExitHooks, startEmbeddedDb } from '../src/lib/server/core/embedded-db';
import { load, type LoadResult } from './lib/load';
import { QUERY_MIX } from './mix';
import { lighthouse, type LighthouseResult } from './lib/lighthouse';
import { nginxPath, startNginx } from './lib/nginx';
import { plotSvg } from './lib/plot';
import { pageWeight, type PageWeight } from './lib/weight';
import { benchRegistrationBurst, SETUP_NOTE, type RegistrationBurstResult } from './lib/registration';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const { values: args } = parseArgs({
	options: {
		full: { type: 'boolean', default: false },
		seconds: { type: 'string' },
		sizes: { type: 'string' },
		'no-lighthouse': { type: 'boolean', default: false }
	}
});
const full = args.full ?? false;
const seconds = Number(args.seconds ?? (full ? 15 : 6));
const sizes = (args.sizes ?? (full ? '1000,10000,100000,1000000' : '1000,10000,100000')).split(',').map(Number);
const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? '.anpacken-bench');
mkdirSync(dataDir, { recursive: true });
const started = Date.now();
const say = (line: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);


function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv, quiet = false): Promise<{ code: number; stdout: string }> {
	return new Promise((resolve) => {
		const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'inherit'] });
		let stdout = '';
		child.stdout.on('data', (d: Buffer) => {
			stdout += d.toString();
			if (!quiet) process.stdout.write(d);
		});
		child.on('exit', (code) => resolve({ code: code ?? 1, stdout }));
	});
}

const tsx = path.join(root, 'node_modules/.bin/tsx');

async function database(): Promise<{ serverUrl: string; stop: () => Promise<void>; version: string }> {
	let serverUrl = process.env.BENCH_DATABASE_URL;
	let stop = async () => {};
	if (!serverUrl) {
		const port = await freePort();
		say(`starting embedded PostgreSQL (data in ${dataDir}/pg)`);
		const db = await startEmbeddedDb({ dataDir: path.join(dataDir, 'pg'), port });
		detachExitHooks();
		serverUrl = db.url;
		stop = () => db.stop();
	}
	const client = new pg.Client({ connectionString: serverUrl });
	await client.connect();
	const version = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
	await client.end();
	return { serverUrl, stop, version };
}

function dbUrl(serverUrl: string, name: string): string {
	const u = new URL(serverUrl);
	u.pathname = `/${name}`;
	return u.toString();
}

async function prepareDataSet(serverUrl: string, size: number): Promise<string> {
	const name = `anpacken_bench_${size}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
	if (exists.rowCount === 0) await admin.query(`create database ${name}`);
	await admin.end();
	const url = dbUrl(serverUrl, name);
	say(`data set ${size.toLocaleString('en')}: migrate and seed (reused if already there)`);
	const seeded = await run(tsx, ['src/cli/index.ts', 'seed:demo', '--projects', String(size)], { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, true);
	if (seeded.code !== 0) throw new Error(`seeding ${size} failed`);
	const last = seeded.stdout.trim().split('\n').pop();
	if (last) say(`  ${last}`);
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	const n = (await c.query<{ n: number }>(`select count(*)::int as n from projects`)).rows[0]!.n;
	await c.query('analyze');
	await c.end();
	if (n < size) throw new Error(`data set ${size}: only ${n} entries`);
	return url;
}

interface App {
	origin: string;
	stop: () => Promise<void>;
}

const buildDir = path.join(dataDir, 'build');
const buildStamp = path.join(buildDir, '.build-stamp');
/** Shared with the other build users of the working tree (vite writes .svelte-kit/output first). */
const BUILD_LOCK = process.env.ANPACKEN_BUILD_LOCK ?? '/tmp/anpacken-build.lock';

/**
 * One build for the whole run, under the shared build lock: every data set is
 * measured with the same code, and the launcher does not rebuild (racing other
 * builds in the working tree) because a source file changed meanwhile.
 */
async function buildOnce(): Promise<void> {
	say(`building the application into ${buildDir}`);
	const vite = [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'];
	const env = { ...process.env, ANPACKEN_BUILD_DIR: buildDir };
	const flock = ['/usr/bin/flock', '/bin/flock'].find((f) => existsSync(f));
	const built = flock ? await run(flock, [BUILD_LOCK, process.execPath, ...vite], env, true) : await run(process.execPath, vite, env, true);
	if (built.code !== 0) throw new Error('the build failed');
	writeFileSync(buildStamp, new Date().toISOString());
}

async function startApp(url: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<App> {
	// Keep the run's one build (see buildOnce).
	if (existsSync(buildStamp)) writeFileSync(buildStamp, new Date().toISOString());
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		DATABASE_URL: url,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		ANPACKEN_ROLE: 'web',
		ANPACKEN_BUILD_DIR: buildDir,
		ANPACKEN_DATA_DIR: path.join(dataDir, 'app'),
		SEED_DEMO: 'false',
		LOG_LEVEL: 'warn',
		SECRET_KEY: randomBytes(32).toString('base64url'),
		...extraEnv
	};
	const child: ChildProcess = spawn(tsx, ['scripts/start.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
	const until = Date.now() + 300_000;
	while (Date.now() < until) {
		if (child.exitCode !== null) throw new Error(`the launcher exited with ${child.exitCode}`);
		try {
			const r = await fetch(`${origin}/readyz`);
			if (r.ok) break;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		origin,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

const pagePaths = QUERY_MIX.map((q) => `/de/atlas?${q}`);

interface SizeResult {
	size: number;
	page: LoadResult[];
	api: LoadResult[];
	/** The list page with the per-node search cache switched off: every request runs the search SQL. */
	cold: LoadResult[];
	sql: (Omit<LoadResult, 'errors' | 'non2xx'>)[];
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const kb = (b: number) => (b / 1024).toFixed(1);

async function main() {
	const machine = {
		date: new Date().toISOString(),
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model ?? 'unknown',
		memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		os: `${os.type()} ${os.release()}`,
		postgres: ''
	};
	say(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}; ${seconds} s per measurement; sizes ${sizes.join(', ')}`);
	await buildOnce();
	const db = await database();
	machine.postgres = db.version;
	const results: SizeResult[] = [];
	let yardstickPage: Buffer | null = null;
	let weights: PageWeight[] = [];
	let mapJs: { files: number; gzip: number } | null = null;
	const lighthouseResults: LighthouseResult[] = [];
	let burst: RegistrationBurstResult | null = null;
	let burstError = '';
	let newsletter: NewsletterResult | null = null;
	let newsletterError = '';
	try {
		for (const size of sizes) {
			const url = await prepareDataSet(db.serverUrl, size);
			const app = await startApp(url);
			try {
				say(`data set ${size.toLocaleString('en')}: app up at ${app.origin}; warming up`);
				await load(app.origin, pagePaths, 2, 2);
				const page: LoadResult[] = [];
				for (const c of [1, 8]) {
					page.push(await load(app.origin, pagePaths, c, seconds));
					say(`  list page, ${c} conn: p50 ${ms(page.at(-1)!.p50)} ms, p95 ${ms(page.at(-1)!.p95)} ms, ${page.at(-1)!.rps.toFixed(0)} req/s`);
				}
				const api = [await load(app.origin, QUERY_MIX.map((q) => `/api/v1/projects?${q}`), 8, seconds)];
				say(`  JSON API, 8 conn: p50 ${ms(api[0]!.p50)} ms, p95 ${ms(api[0]!.p95)} ms, ${api[0]!.rps.toFixed(0)} req/s`);
				const sqlOut = await run(tsx, ['bench/sql-yardstick.ts', JSON.stringify(QUERY_MIX), String(seconds)], { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, true);
				const sql = sqlOut.code === 0 ? (JSON.parse(sqlOut.stdout.trim().split('\n').pop()!) as SizeResult['sql']) : [];
				for (const s of sql) say(`  search SQL via pg, ${s.connections} conn: p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms`);
				const cold: LoadResult[] = [];
				results.push({ size, page, api, cold, sql });
				if (size === sizes[0]) {
					yardstickPage = Buffer.from(await (await fetch(app.origin + pagePaths[0])).arrayBuffer());
					const detailSlug = ((await (await fetch(`${app.origin}/api/v1/projects?near=Hannover`)).json()) as { items: { slug: string }[] }).items[0]?.slug;
					const pages: [string, string][] = [
						['home', '/de'],
						['atlas list', '/de/atlas?near=Hannover'],
						['atlas detail', `/de/atlas/${detailSlug ?? 'none'}`],
						['atlas map', '/de/atlas/karte?near=Hannover'],
						['submit entry', '/de/atlas/eintragen'],
						['calendar', '/de/veranstaltungen'],
						['supporter sign-up', '/de/unterstuetzen']
					];
					weights = [];
					for (const [name, p] of pages) weights.push(await pageWeight(app.origin, name, p));
					mapJs = measureMapJs();
					if (!args['no-lighthouse']) {
						for (const w of weights.filter((x) => x.status === 200)) {
							say(`  lighthouse: ${w.page}`);
							lighthouseResults.push(await lighthouse(root, app.origin, w.page, w.path));
						}
					}
				}
			} finally {
				await app.stop();
			}
			const coldApp = await startApp(url, { ATLAS_SEARCH_CACHE: 'false' });
			try {
				await load(coldApp.origin, pagePaths, 2, 2);
				const cold = await load(coldApp.origin, pagePaths, 8, seconds);
				results.at(-1)!.cold.push(cold);
				say(`  list page without the search cache, 8 conn: p50 ${ms(cold.p50)} ms, p95 ${ms(cold.p95)} ms, ${cold.rps.toFixed(0)} req/s`);
			} finally {
				await coldApp.stop();
			}
		}
		// Registration burst and newsletter on the smallest data set's database (they add their own rows and remove them).
		const smallUrl = dbUrl(db.serverUrl, `anpacken_bench_${sizes[0]}`);
		const burstApp = await startApp(smallUrl, { EVENT_REGISTRATION_LIMIT_PER_IP: '100000' });
		try {
			say(`registration burst: ${BURST.people} confirmations at once for ${BURST.seats} seats`);
			burst = await benchRegistrationBurst({ baseUrl: burstApp.origin, databaseUrl: smallUrl, seats: BURST.seats, people: BURST.people });
			say(`  p50 ${ms(burst.p50)} ms, p95 ${ms(burst.p95)} ms, ${burst.confirmed} confirmed, ${burst.waitlisted} waitlisted, correct: ${burst.correct}`);
		} catch (err) {
			burstError = String(err);
			say(`  registration burst failed: ${burstError}`);
		} finally {
			await burstApp.stop();
		}
		say(`newsletter: ${NEWSLETTER_RECIPIENTS.toLocaleString('en')} recipients to a loopback SMTP sink`);
		const nl = await run(tsx, ['bench/newsletter-cli.ts', smallUrl, String(NEWSLETTER_RECIPIENTS)], { ...process.env, LOG_LEVEL: 'warn' }, true);
		if (nl.code === 0) {
			newsletter = JSON.parse(nl.stdout.trim().split('\n').pop()!) as NewsletterResult;
			say(`  ${newsletter.sent} sent in ${newsletter.seconds} s, peak RSS ${newsletter.peakRssMb} MB, duplicates ${newsletter.duplicates}`);
		} else {
			newsletterError = `exit ${nl.code}`;
			say(`  newsletter benchmark failed (${newsletterError})`);
		}
	} finally {
		await db.stop();
	}

	const nginx: LoadResult[] = [];
	if (yardstickPage && nginxPath()) {
		const port = await freePort();
		const n = await startNginx(path.join(dataDir, 'nginx'), port, yardstickPage);
		try {
			for (const c of [1, 8]) nginx.push(await load(`http://127.0.0.1:${port}`, ['/'], c, seconds));
		} finally {
			await n.stop();
		}
	} else say('nginx not found: the page ceiling is not measured (apt-get install -y nginx-light)');

	const report = {
		machine,
		settings: { seconds, sizes, queryMix: QUERY_MIX, full },
		search: results,
		yardsticks: { nginx, pageBytes: yardstickPage?.length ?? 0 },
		pageWeight: weights,
		mapJs,
		lighthouse: lighthouseResults,
		newsletter: newsletter ?? { status: 'failed', reason: newsletterError },
		registrationBurst: burst ? { ...burst, setup: SETUP_NOTE } : { status: 'failed', reason: burstError },
		targets: [] as { target: string; value: string; met: boolean | null }[]
	};
	report.targets = evaluate(report);
	print(report);
	const day = machine.date.slice(0, 10);
	mkdirSync(path.join(root, 'bench/results'), { recursive: true });
	writeFileSync(path.join(root, `bench/results/${day}.json`), JSON.stringify(report, null, '\t') + '\n');
	const svg = plotSvg(
		`Atlas list page p95 (8 connections), ${day}, ${machine.cpus} cores`,
		'p95 latency (ms)',
		[
			{ label: 'list page (HTTP)', points: results.map((r) => ({ size: r.size, value: r.page.find((l) => l.connections === 8)?.p95 ?? NaN })) },
			{ label: 'list page, no cache', points: results.map((r) => ({ size: r.size, value: r.cold[0]?.p95 ?? NaN })) },
			{ label: 'JSON API (HTTP)', points: results.map((r) => ({ size: r.size, value: r.api[0]?.p95 ?? NaN })) },
			{ label: 'search SQL (pg)', points: results.map((r) => ({ size: r.size, value: r.sql.find((l) => l.connections === 8)?.p95 ?? NaN })) }
		],
		{ value: 15, label: 'target 15 ms' }
	);
	writeFileSync(path.join(root, 'bench/results/search-p95.svg'), svg);
	writeDocs(report);
	say(`wrote bench/results/${day}.json, bench/results/search-p95.svg and the figures in docs/performance.md`);
}

function measureMapJs(): { files: number; gzip: number } | null {
	const dir = path.join(dataDir, 'build/client/_app/immutable');
	if (!existsSync(dir)) return null;
	let files = 0;
	let gzip = 0;
	const walk = (d: string) => {
		for (const e of readdirSafe(d)) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.name.endsWith('.js')) {
				const body = readFileSync(p);
				// Leaflet's bundle announces itself; our map module imports it lazily.
				if (body.includes('leaflet') || body.includes('Leaflet')) {
					files++;
					gzip += gzipLen(body);
				}
			}
		}
	};
	walk(dir);
	return files ? { files, gzip } : null;
}

const readdirSafe = (d: string): Dirent[] => readdirSync(d, { withFileTypes: true });
const gzipLen = (b: Buffer) => gzipSync(b, { level: 9 }).length;

interface NewsletterResult {
	recipients: number;
	seconds: number;
	peakRssMb: number;
	duplicates: number;
	sent: number;
}

/** Issue 6: 1,000 simultaneous registrations for 100 seats; a newsletter to 100,000 subscribers. */
const BURST = { people: 1000, seats: 100 };
const NEWSLETTER_RECIPIENTS = 100_000;

type Report = {
	newsletter: NewsletterResult | { status: string; reason: string };
	registrationBurst: RegistrationBurstResult | { status: string; reason: string };
	search: SizeResult[];
	yardsticks: { nginx: LoadResult[] };
	pageWeight: PageWeight[];
	lighthouse: LighthouseResult[];
	mapJs: { files: number; gzip: number } | null;
	machine: Record<string, unknown>;
	targets: { target: string; value: string; met: boolean | null }[];
};

function evaluate(r: Omit<Report, 'targets'>): Report['targets'] {
	const t: Report['targets'] = [];
	const at = (size: number) => r.search.find((s) => s.size === size);
	const p95 = (size: number) => at(size)?.page.find((l) => l.connections === 8)?.p95;
	const p100k = p95(100_000);
	const cold100k = at(100_000)?.cold[0]?.p95;
	t.push({
		target: 'atlas search p95 ≤ 15 ms at 100k, 8 connections',
		value: p100k === undefined ? 'not measured' : `${ms(p100k)} ms (search cache off: ${cold100k === undefined ? '–' : ms(cold100k)} ms)`,
		met: p100k === undefined ? null : p100k <= 15
	});
	const p1m = p95(1_000_000);
	const p10k = p95(10_000);
	t.push({
		target: 'p95 at 1M ≤ 2 × p95 at 10k',
		value: p1m === undefined || p10k === undefined ? 'needs --full' : `${ms(p1m)} vs ${ms(p10k)} ms`,
		met: p1m === undefined || p10k === undefined ? null : p1m <= 2 * p10k
	});
	const ours = at(r.search[0]?.size ?? 0)?.page.find((l) => l.connections === 8)?.rps;
	const ceiling = r.yardsticks.nginx.find((l) => l.connections === 8)?.rps;
	t.push({
		target: 'search page throughput ≥ 1/10 of nginx (same bytes, 8 conn)',
		value: ours && ceiling ? `${ours.toFixed(0)} vs ${ceiling.toFixed(0)} req/s (1/${(ceiling / ours).toFixed(1)})` : 'not measured',
		met: ours && ceiling ? ours * 10 >= ceiling : null
	});
	for (const w of r.pageWeight) {
		t.push({
			target: `first view ≤ 14 KB compressed: ${w.page}`,
			value: w.status === 200 ? `${kb(w.firstViewGzip)} KB` : `page not built (HTTP ${w.status})`,
			met: w.status === 200 ? w.firstViewGzip <= 14 * 1024 : null
		});
	}
	for (const l of r.lighthouse) {
		t.push({
			target: `Lighthouse mobile performance and accessibility 100: ${l.page}`,
			value: l.error ? `error: ${l.error}` : `${l.performance} / ${l.accessibility}`,
			met: l.error ? null : l.performance === 100 && l.accessibility === 100
		});
	}
	const nl = r.newsletter && 'sent' in r.newsletter ? r.newsletter : null;
	t.push({
		target: 'newsletter to 100k ≤ 2 min, < 300 MB',
		value: nl ? `${nl.sent.toLocaleString('en')} in ${nl.seconds} s, peak ${nl.peakRssMb} MB, ${nl.duplicates} duplicates` : 'failed',
		met: nl ? nl.recipients >= 100_000 && nl.seconds <= 120 && nl.peakRssMb < 300 && nl.duplicates === 0 && nl.sent === nl.recipients : null
	});
	const b = r.registrationBurst && 'p95' in r.registrationBurst ? r.registrationBurst : null;
	t.push({
		target: 'registration burst p95 ≤ 100 ms, exactly 100 confirmed',
		value: b ? `${b.people} at once for ${b.seats} seats: p95 ${ms(b.p95)} ms, ${b.confirmed} confirmed, ${b.waitlisted} waitlisted${b.correct ? '' : ' (WRONG COUNTS)'}` : 'failed',
		met: b ? b.p95 <= 100 && b.correct && b.confirmed === 100 : null
	});
	return t;
}

function print(r: Report) {
	const rows: string[][] = [['data set', 'conn', 'page p50', 'page p95', 'page p99', 'page req/s', 'uncached p95', 'SQL p95', 'page/SQL p95']];
	for (const s of r.search) {
		for (const l of s.page) {
			const sql = s.sql.find((x) => x.connections === l.connections);
			rows.push([
				s.size.toLocaleString('en'),
				String(l.connections),
				ms(l.p50),
				ms(l.p95),
				ms(l.p99),
				l.rps.toFixed(0),
				l.connections === 8 && s.cold[0] ? ms(s.cold[0].p95) : '',
				sql ? ms(sql.p95) : '–',
				sql ? `${(l.p95 / sql.p95).toFixed(1)}×` : '–'
			]);
		}
	}
	for (const n of r.yardsticks.nginx) rows.push(['nginx (same bytes)', String(n.connections), ms(n.p50), ms(n.p95), ms(n.p99), n.rps.toFixed(0), '', '', '']);
	table('Atlas search (ms)', rows);
	table(
		'Page weight (gzip, KB)',
		[['page', 'status', 'HTML', 'CSS', 'first view', 'JS', 'total']].concat(
			r.pageWeight.map((w) => [w.page, String(w.status), kb(w.htmlGzip), kb(w.cssGzip), kb(w.firstViewGzip), kb(w.jsGzip), kb(w.totalGzip)])
		)
	);
	if (r.mapJs) console.log(`map JavaScript (loaded on demand): ${r.mapJs.files} file(s), ${kb(r.mapJs.gzip)} KB gzip`);
	if (r.lighthouse.length)
		table(
			'Lighthouse (mobile)',
			[['page', 'perf', 'a11y', 'LCP ms', 'TBT ms', 'CLS']].concat(
				r.lighthouse.map((l) => [l.page, String(l.performance ?? '–'), String(l.accessibility ?? '–'), l.lcpMs?.toFixed(0) ?? '–', l.tbtMs?.toFixed(0) ?? '–', l.cls?.toFixed(3) ?? '–'])
			)
		);
	table('Targets', [['target', 'measured', 'met']].concat(r.targets.map((t) => [t.target, t.value, t.met === null ? 'n/a' : t.met ? 'yes' : 'NO'])));
}

function table(title: string, rows: string[][]) {
	const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
	console.log(`\n${title}`);
	rows.forEach((r, k) => {
		console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
		if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	});
}

function writeDocs(r: Report) {
	const file = path.join(root, 'docs/performance.md');
	const begin = '<!-- bench:begin -->';
	const end = '<!-- bench:end -->';
	const lines: string[] = [begin, '', `Latest run: ${String(r.machine.date).slice(0, 16).replace('T', ' ')} UTC on ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}.`, ''];
	lines.push('| data set | conn | list page p50 | p95 | p99 | req/s | p95 without search cache | search SQL p95 | JSON API p95 |', '|---|---|---|---|---|---|---|---|---|');
	for (const s of r.search)
		for (const l of s.page) {
			const sql = s.sql.find((x) => x.connections === l.connections);
			const cold = l.connections === 8 && s.cold[0] ? `${ms(s.cold[0].p95)} ms` : '';
			lines.push(`| ${s.size.toLocaleString('en')} | ${l.connections} | ${ms(l.p50)} ms | ${ms(l.p95)} ms | ${ms(l.p99)} ms | ${l.rps.toFixed(0)} | ${cold} | ${sql ? ms(sql.p95) + ' ms' : '–'} | ${l.connections === 8 && s.api[0] ? ms(s.api[0].p95) + ' ms' : ''} |`);
		}
	for (const n of r.yardsticks.nginx) lines.push(`| nginx, same bytes | ${n.connections} | ${ms(n.p50)} ms | ${ms(n.p95)} ms | ${ms(n.p99)} ms | ${n.rps.toFixed(0)} | | | |`);
	lines.push('', '| page | first view (HTML+CSS, gzip) | JS (gzip) | total |', '|---|---|---|---|');
	for (const w of r.pageWeight) lines.push(`| ${w.page} (\`${w.path.split('?')[0]}\`) | ${w.status === 200 ? kb(w.firstViewGzip) + ' KB' : `not built (HTTP ${w.status})`} | ${w.status === 200 ? kb(w.jsGzip) + ' KB' : ''} | ${w.status === 200 ? kb(w.totalGzip) + ' KB' : ''} |`);
	if (r.mapJs) lines.push('', `Map JavaScript, loaded only on demand: ${kb(r.mapJs.gzip)} KB gzip in ${r.mapJs.files} file(s).`);
	if (r.lighthouse.length) {
		lines.push('', '| page | Lighthouse performance | accessibility | LCP | TBT | CLS |', '|---|---|---|---|---|---|');
		for (const l of r.lighthouse) lines.push(`| ${l.page} | ${l.performance ?? '–'} | ${l.accessibility ?? '–'} | ${l.lcpMs?.toFixed(0) ?? '–'} ms | ${l.tbtMs?.toFixed(0) ?? '–'} ms | ${l.cls?.toFixed(3) ?? '–'} |`);
	}
	lines.push('', '| target | measured | met |', '|---|---|---|');
	for (const t of r.targets) lines.push(`| ${t.target} | ${t.value} | ${t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'} |`);
	lines.push('', '![Search p95 against data-set size](../bench/results/search-p95.svg)', '', end);
	const block = lines.join('\n');
	let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n\n';
	if (doc.includes(begin) && doc.includes(end)) doc = doc.slice(0, doc.indexOf(begin)) + block + doc.slice(doc.indexOf(end) + end.length);
	else doc = doc.trimEnd() + '\n\n## Latest figures (written by npm run bench)\n\n' + block + '\n';
	writeFileSync(file, doc);
}

await main();
process.exit(0);
