/**
 * npx tsx bench/explain.ts [size] — EXPLAIN ANALYZE of the search statement
 * for each query of the benchmark mix against the benchmark data set of that
 * size (run npm run bench first). A tool for tuning the search SQL.
 */
import net from 'node:net';
import path from 'node:path';
import { detachExitHooks, startEmbeddedDb } from '../src/lib/server/core/embedded-db';
import { setConfig, parseConfig } from '../src/lib/server/core/config';
import { QUERY_MIX } from './mix';

const size = Number(process.argv[2] ?? '100000');
const verbose = process.argv.includes('--plan');
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
		const res = await dbPool().query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${s.text}`, s.values);
		const lines = res.rows.map((r) => r['QUERY PLAN']);
		console.log(`${q}: ${lines.find((l) => l.startsWith('Execution Time'))}`);
		if (verbose) console.log(lines.join('\n'));
	}
} finally {
	await disconnect();
	await pg.stop();
}
