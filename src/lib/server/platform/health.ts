import { dbPool } from '../core/db';
import { appliedMigrationCount, expectedMigrationCount } from '../core/migrate';

export interface Readiness {
	status: 'ok' | 'unavailable';
	database: 'ok' | 'unreachable';
	migrations: { expected: number; applied: number | null; ok: boolean };
}

export async function readiness(): Promise<Readiness> {
	const expected = expectedMigrationCount();
	try {
		const applied = await appliedMigrationCount(dbPool());
		const ok = applied >= expected;
		return { status: ok ? 'ok' : 'unavailable', database: 'ok', migrations: { expected, applied, ok } };
	} catch {
		return { status: 'unavailable', database: 'unreachable', migrations: { expected, applied: null, ok: false } };
	}
}
