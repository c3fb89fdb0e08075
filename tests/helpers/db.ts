/**
 * Per-test databases: every test gets a fresh clone of the migrated template,
 * so tests never see each other's rows and can run in any order.
 */
import { afterEach, beforeEach, inject } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { disconnect, useDb, type Db } from '../../src/lib/server/core/db';
import { startJobs, stopJobs } from '../../src/lib/server/core/jobs';
// Every module's job definitions, as in the running app.
import '../../src/lib/server/jobs';

export interface TestDatabase {
	url: string;
	name: string;
	db: Db;
	pool: pg.Pool;
}

function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
	const adminUrl = inject('pgAdminUrl');
	const template = inject('pgTemplate');
	const name = `t_${process.ppid}_${randomBytes(5).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	try {
		await admin.query(`create database "${name}" template "${template}"`);
	} finally {
		await admin.end();
	}
	const url = withDatabase(adminUrl, name);
	const pool = new pg.Pool({ connectionString: url, max: 5 });
	return { url, name, pool, db: useDb(pool) };
}

export async function dropTestDatabase(t: TestDatabase): Promise<void> {
	await disconnect();
	const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
	await admin.connect();
	try {
		// Without superuser rights (CI's PostgreSQL 15 role) FORCE may not end a
		// backend it does not own (e.g. an autovacuum worker that just started);
		// those go away by themselves, so retry briefly, then leave the database
		// to the global teardown rather than fail the test that used it.
		for (let attempt = 0; attempt < 20; attempt++) {
			try {
				await admin.query(`drop database if exists "${t.name}" with (force)`);
				break;
			} catch (err) {
				if ((err as { code?: string }).code !== '42501') throw err;
				await new Promise((r) => setTimeout(r, 250));
			}
		}
	} finally {
		await admin.end();
	}
}

/**
 * Gives each test in the calling file its own database (and, with jobs: true,
 * a running job queue on it). Returns a getter for the current one.
 */
export function useTestDatabase(opts: { jobs?: boolean | 'work' } = {}): () => TestDatabase {
	let current: TestDatabase | undefined;
	beforeEach(async () => {
		current = await createTestDatabase();
		if (opts.jobs) await startJobs(current.url, { work: opts.jobs === 'work' });
	});
	afterEach(async () => {
		if (opts.jobs) await stopJobs(5000);
		if (current) await dropTestDatabase(current);
		current = undefined;
	});
	return () => {
		if (!current) throw new Error('no test database: call inside a test');
		return current;
	};
}
