/**
 * Loads the gazetteer into the database when it is missing or was built from
 * other package versions. Runs at install/start (bootstrap) and for the test
 * template; cheap when nothing changed (one app_meta read).
 */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { eq, sql } from 'drizzle-orm';
import * as schema from '../schema';
import { db as currentDb, type Db } from '../core/db';
import { appMeta } from '../platform/schema';
import { gazetteerDistricts, gazetteerPlaces, gazetteerPostcodes } from './schema';
import { buildGazetteer, sourceVersion } from './source';

const META_KEY = 'gazetteer';
/** Serialises loaders when several processes start at once. */
const LOAD_LOCK = 727_005;
/** Rows per INSERT, well below PostgreSQL's 65535 bind parameters. */
const BATCH = 2000;

async function loadedVersion(handle: Db): Promise<string | null> {
	const rows = await handle.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, META_KEY));
	const value = rows[0]?.value as { version?: string } | undefined;
	return value?.version ?? null;
}

function chunks<T>(rows: T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
	return out;
}

/**
 * Makes sure the gazetteer tables hold the data of the installed packages.
 * Uses the process's connection unless a handle is given.
 */
export async function ensureGazetteer(progress: (line: string) => void = () => {}, handle: Db = currentDb()): Promise<void> {
	const wanted = sourceVersion();
	if ((await loadedVersion(handle)) === wanted) return;
	const started = Date.now();
	const data = buildGazetteer();
	await handle.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${LOAD_LOCK})`);
		// Another process may have loaded it while we waited for the lock.
		if ((await loadedVersion(tx as unknown as Db)) === wanted) return;
		await tx.delete(gazetteerPostcodes);
		await tx.delete(gazetteerPlaces);
		await tx.delete(gazetteerDistricts);
		await tx.insert(gazetteerDistricts).values(data.districts);
		for (const part of chunks(data.places)) await tx.insert(gazetteerPlaces).values(part);
		for (const part of chunks(data.postcodes)) await tx.insert(gazetteerPostcodes).values(part);
		const value = { version: wanted, districts: data.districts.length, places: data.places.length, postcodes: data.postcodes.length };
		await tx
			.insert(appMeta)
			.values({ key: META_KEY, value })
			.onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } });
	});
	progress(
		`gazetteer loaded: ${data.districts.length} districts, ${data.places.length} places, ` +
			`${new Set(data.postcodes.map((p) => p.postcode)).size} postcodes (${Date.now() - started} ms)`
	);
}

/** For callers without the process pool (bootstrap, test setup): a short-lived connection of its own. */
export async function ensureGazetteerAt(url: string, progress?: (line: string) => void): Promise<void> {
	const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'anpacken-gazetteer' });
	try {
		await ensureGazetteer(progress, drizzle(pool, { schema }));
	} finally {
		await pool.end();
	}
}
