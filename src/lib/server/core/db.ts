/**
 * The one database connection pool of a process, and the Drizzle handle on it.
 * Services ask for db(); tests point it at their own database with useDb().
 */
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from '../schema';

export type Db = NodePgDatabase<typeof schema>;
/** A handle that can run queries: the database itself or an open transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

let pool: pg.Pool | undefined;
let handle: Db | undefined;

export function connect(url: string, max = 10): Db {
	pool = new pg.Pool({ connectionString: url, max, application_name: 'anpacken' });
	pool.on('error', () => {
		// An idle client lost its connection (e.g. the database restarted);
		// the pool replaces it on the next query.
	});
	handle = drizzle(pool, { schema });
	return handle;
}

export function db(): Db {
	if (!handle) throw new Error('Database not connected: call connect() first');
	return handle;
}

export function dbPool(): pg.Pool {
	if (!pool) throw new Error('Database not connected: call connect() first');
	return pool;
}

export async function disconnect(): Promise<void> {
	const p = pool;
	pool = undefined;
	handle = undefined;
	if (p) await p.end();
}

/** Tests: use an existing pool (one database per test). */
export function useDb(next: pg.Pool): Db {
	next.on('error', () => {});
	pool = next;
	handle = drizzle(next, { schema });
	return handle;
}

/**
 * Runs fn in one transaction on one connection. `client` is the raw connection,
 * for libraries that take SQL (e.g. enqueueing a job in the same transaction).
 */
export async function transaction<T>(fn: (tx: Db, client: pg.PoolClient) => Promise<T>): Promise<T> {
	const client = await dbPool().connect();
	try {
		await client.query('begin');
		const result = await fn(drizzle(client, { schema }) as unknown as Db, client);
		await client.query('commit');
		return result;
	} catch (err) {
		await client.query('rollback').catch(() => {});
		throw err;
	} finally {
		client.release();
	}
}
