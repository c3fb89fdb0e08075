/**
 * Per-node cache of atlas search results. Popular searches ("Sprachcafé in
 * Hannover") repeat all day while the data changes a few times a day, and the
 * facet counts over thousands of matching entries are the expensive part of a
 * search. Entries are keyed by the normalised parameters and the locale and
 * are valid only for the atlas data version they were computed at (see
 * atlas_version in schema.ts), so a change is visible on every node with its
 * next request; the TTL only bounds how long "stale" flags (which depend on
 * the date) can lag. Web nodes stay stateless: losing the cache loses nothing.
 */
import { dbPool } from '../core/db';

export const SEARCH_CACHE_MAX_ENTRIES = 2_000;
export const SEARCH_CACHE_TTL_MS = 10 * 60_000;

interface Entry<T> {
	version: string;
	at: number;
	value: T;
}

export class SearchCache<T> {
	private readonly entries = new Map<string, Entry<T>>();
	hits = 0;
	misses = 0;

	constructor(
		private readonly maxEntries = SEARCH_CACHE_MAX_ENTRIES,
		private readonly ttlMs = SEARCH_CACHE_TTL_MS
	) {}

	/** The cached value for key at this data version, or a fresh one from compute(). */
	async get(key: string, version: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
		const hit = this.entries.get(key);
		if (hit && hit.version === version && now - hit.at < this.ttlMs) {
			// Re-insert so the Map's order is least-recently-used first.
			this.entries.delete(key);
			this.entries.set(key, hit);
			this.hits++;
			return hit.value;
		}
		this.misses++;
		const value = await compute();
		this.entries.set(key, { version, at: now, value });
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value;
			if (oldest === undefined) break;
			this.entries.delete(oldest);
		}
		return value;
	}

	get size(): number {
		return this.entries.size;
	}

	clear(): void {
		this.entries.clear();
	}
}

/**
 * The current atlas data version (one primary-key read). The database name and
 * the time of the last change are part of it, so two databases (tests clone
 * one per test) never share a version by accident.
 */
export async function atlasDataVersion(): Promise<string> {
	const res = await dbPool().query<{ v: string }>(
		`select current_database() || ':' || version || ':' || extract(epoch from changed_at)::text as v from atlas_version where id = 1`
	);
	return res.rows[0]?.v ?? 'none';
}
