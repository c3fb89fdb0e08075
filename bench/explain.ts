/**
 * npx tsx bench/explain.ts [size] — EXPLAIN ANALYZE of the search statement
 * for each query of the benchmark mix against the benchmark data set of that
 * size (run npm run bench first). A tool for tuning the search SQL.
 * --plan prints the plans; --repeat N runs each query N times and reports the
 * median execution time (compare shapes back to back on a noisy machine).
 */
import net from 'node:net';
import path from 'node:path';
import { detachExitHooks, startEmbeddedDb } from '../src/lib/server/core/embedded-db';
import { setConfig, parseConfig } from '../src/lib/server/core/config';
import { QUERY_MIX } from './mix';

const size = Number(process.argv[2] ?? '100000');
const verbose = process.argv.includes('--plan');
const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt > 0 ? Math.max(1, Number(process.argv[repeatAt + 1] ?? '1')) : 1;
const port = await new Promise<number>((resolve) => {
	const s = net.createServer();
	s.listen(0, '127.0.0.1', () => {
		const { port } = s.address() as net.AddressInfo;
		s.close(() => resolve(port));
	});
});
const pg = await startEmbeddedDb({ dataDir: path.resolve(process.env.BENCH_DATA_DIR ?? '.anpacken-bench', 'pg'), port });
detachExitHooks();
const url = new URL(pg.url);
url.pathname = `/anpacken_bench_${size}`;
process.env.DATABASE_URL = url.toString();
setConfig(parseConfig(process.env));
const { connect, disconnect, dbPool } = await import('../src/lib/server/core/db');
const { parseSearchParams } = await import('../src/lib/server/atlas/contract');
const { resolvePlace } = await import('../src/lib/server/atlas/service');
const { searchStatement } = await import('../src/lib/server/atlas/search-sql');
connect(url.toString(), 2);
try {
	for (const q of QUERY_MIX) {
		const params = parseSearchParams(new URLSearchParams(q));
		const { centre } = await resolvePlace(params);
		const s = searchStatement(params, centre);
		await dbPool().query(s.text, s.values);
		const times: number[] = [];
		let lines: string[] = [];
		for (let i = 0; i < repeat; i++) {
			const res = await dbPool().query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${s.text}`, s.values);
			lines = res.rows.map((r) => r['QUERY PLAN']);
			times.push(Number(/Execution Time: ([0-9.]+)/.exec(lines.find((l) => l.startsWith('Execution Time')) ?? '')?.[1] ?? NaN));
		}
		times.sort((a, b) => a - b);
		const median = times[Math.floor(times.length / 2)]!;
		console.log(`${q}: median execution ${median.toFixed(1)} ms over ${repeat} run(s) (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)})`);
		if (verbose) console.log(lines.join('\n'));
	}
} finally {
	await disconnect();
	await pg.stop();
}
