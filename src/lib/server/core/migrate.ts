/**
 * Applies the committed SQL migrations in ./drizzle. Safe to run from several
 * processes at once: an advisory lock serialises them.
 */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import journal from '../../../../drizzle/meta/_journal.json';

const MIGRATION_LOCK = 727_001;

export const defaultMigrationsFolder = fileURLToPath(new URL('../../../../drizzle', import.meta.url));

export async function runMigrations(url: string, folder = defaultMigrationsFolder): Promise<number> {
	const client = new pg.Client({ connectionString: url, application_name: 'anpacken-migrate' });
	await client.connect();
	try {
		await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
		await migrate(drizzle(client), { migrationsFolder: folder });
		return await appliedMigrationCount(client);
	} finally {
		await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
		await client.end();
	}
}

/** Number of migrations this build ships (read from the journal at build time). */
export function expectedMigrationCount(): number {
	return journal.entries.length;
}

export async function appliedMigrationCount(q: { query: pg.Client['query'] } | pg.Pool): Promise<number> {
	const exists = await q.query(`select to_regclass('drizzle.__drizzle_migrations') as t`);
	if (!exists.rows[0]?.t) return 0;
	const res = await q.query('select count(*)::int as n from drizzle.__drizzle_migrations');
	return Number(res.rows[0]?.n ?? 0);
}
