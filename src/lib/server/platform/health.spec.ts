import { describe, expect, it, inject } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { disconnect, useDb } from '../core/db';
import { readiness } from './health';

describe('readiness', () => {
	useTestDatabase();

	it('is ok on a migrated database', async () => {
		const r = await readiness();
		expect(r.status).toBe('ok');
		expect(r.migrations.ok).toBe(true);
		expect(r.migrations.applied).toBe(r.migrations.expected);
	});

	it('is unavailable before the migrations ran', async () => {
		const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
		await admin.connect();
		const name = `t_empty_${randomBytes(4).toString('hex')}`;
		await admin.query(`create database "${name}"`);
		const u = new URL(inject('pgAdminUrl'));
		u.pathname = `/${name}`;
		const pool = new pg.Pool({ connectionString: u.toString(), max: 1 });
		useDb(pool);
		try {
			const r = await readiness();
			expect(r).toMatchObject({ status: 'unavailable', database: 'ok', migrations: { applied: 0, ok: false } });
		} finally {
			await disconnect();
			await admin.query(`drop database "${name}" with (force)`);
			await admin.end();
		}
	});

	it('is unavailable when the database cannot be reached', async () => {
		const pool = new pg.Pool({ connectionString: 'postgresql://nobody:x@127.0.0.1:1/none', max: 1, connectionTimeoutMillis: 500 });
		useDb(pool);
		const r = await readiness();
		expect(r).toMatchObject({ status: 'unavailable', database: 'unreachable' });
		await disconnect();
	});
});
