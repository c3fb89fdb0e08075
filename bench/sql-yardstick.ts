/**
 * Yardstick "the database's own cost": the atlas search statement the page
 * runs (searchStatement), executed directly through pg with the same query
 * mix, at 1 and 8 concurrent connections, for a fixed time each.
 * Run by bench/run.ts as a child process with DATABASE_URL set; prints JSON.
 */
import pg from 'pg';
import { config } from '../src/lib/server/core/config';
import { connect, disconnect } from '../src/lib/server/core/db';
import { parseSearchParams } from '../src/lib/server/atlas/contract';
import { resolvePlace } from '../src/lib/server/atlas/service';
import { searchStatement, type Statement } from '../src/lib/server/atlas/search-sql';
import { summarise } from './lib/load';

const [queriesJson, secondsArg] = process.argv.slice(2);
const queries = JSON.parse(queriesJson ?? '[]') as string[];
const seconds = Number(secondsArg ?? '5');
const url = config().DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');

connect(url, 2);
const statements: Statement[] = [];
for (const q of queries) {
	const params = parseSearchParams(new URLSearchParams(q));
	const { centre } = await resolvePlace(params);
	statements.push(searchStatement(params, centre));
}
await disconnect();

const pool = new pg.Pool({ connectionString: url, max: 8 });
const results = [];
for (const connections of [1, 8]) {
	// Warm the connections and the caches once.
	await Promise.all(Array.from({ length: connections }, async () => {
		for (const s of statements) await pool.query(s.text, s.values);
	}));
	const latencies: number[] = [];
	const until = Date.now() + seconds * 1000;
	let next = 0;
	await Promise.all(
		Array.from({ length: connections }, async () => {
			while (Date.now() < until) {
				const s = statements[next++ % statements.length]!;
				const t0 = performance.now();
				await pool.query(s.text, s.values);
				latencies.push(performance.now() - t0);
			}
		})
	);
	results.push({ connections, seconds, requests: latencies.length, rps: latencies.length / seconds, ...summarise(latencies) });
}
await pool.end();
console.log(JSON.stringify(results));
