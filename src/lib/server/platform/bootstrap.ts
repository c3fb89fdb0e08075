/**
 * What the launcher and the CLI do before the app runs: find or start the
 * database and bring its schema up to date.
 */
import { config } from '../core/config';
import { startEmbeddedDb } from '../core/embedded-db';
import { runMigrations } from '../core/migrate';
import { ensureGazetteerAt } from '../gazetteer/load';

export interface PreparedDatabase {
	url: string;
	embedded: boolean;
	stop(): Promise<void>;
}

export async function prepareDatabase(onLog: (line: string) => void): Promise<PreparedDatabase> {
	const c = config();
	if (c.DATABASE_URL) {
		return { url: c.DATABASE_URL, embedded: false, stop: async () => {} };
	}
	onLog(`starting embedded PostgreSQL (data in ${c.ANPACKEN_DATA_DIR}/pg, port ${c.EMBEDDED_PG_PORT})`);
	const pg = await startEmbeddedDb({
		dataDir: c.ANPACKEN_DATA_DIR,
		port: c.EMBEDDED_PG_PORT,
		onLog: (line) => {
			if (/FATAL|ERROR|PANIC|initialising|stopping/.test(line)) onLog(`postgres: ${line}`);
		}
	});
	return { url: pg.url, embedded: true, stop: () => pg.stop() };
}

export async function migrate(url: string, onLog: (line: string) => void): Promise<void> {
	const n = await runMigrations(url);
	onLog(`database schema up to date (${n} migrations applied)`);
	await ensureGazetteerAt(url, onLog);
}
