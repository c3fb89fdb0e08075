/**
 * Fixed-window rate limits in PostgreSQL, shared by all web nodes. Keys are
 * keyed hashes (never a raw IP or address); old windows are purged by a job.
 */
import { lt, sql } from 'drizzle-orm';
import { db, type Executor } from '../core/db';
import { keyedHash } from '../platform/secrets';
import { rateLimits } from './schema';

export interface Limit {
	/** Short name of what is limited, e.g. "signin:ip". */
	name: string;
	max: number;
	windowSeconds: number;
}

export interface LimitResult {
	ok: boolean;
	retryAfterSeconds: number;
}

/** Counts one hit for `subject` (e.g. an IP or an address) and says whether it is within the limit. */
export async function hit(limit: Limit, subject: string, now = new Date(), q: Executor = db()): Promise<LimitResult> {
	const windowMs = limit.windowSeconds * 1000;
	const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
	const key = `${limit.name}:${keyedHash(`ratelimit:${limit.name}`, subject)}`;
	const rows = await q
		.insert(rateLimits)
		.values({ key, windowStart: start, count: 1 })
		.onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
		.returning({ count: rateLimits.count });
	const count = rows[0]?.count ?? 1;
	const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
	return { ok: count <= limit.max, retryAfterSeconds };
}

export async function purgeOldWindows(now = new Date(), q: Executor = db()): Promise<number> {
	const cutoff = new Date(now.getTime() - 2 * 24 * 3600_000);
	const rows = await q.delete(rateLimits).where(lt(rateLimits.windowStart, cutoff)).returning({ key: rateLimits.key });
	return rows.length;
}

/** A salted (keyed, daily-rotating) hash of the client IP; the IP itself is never stored. */
export function ipSubject(ip: string, now = new Date()): string {
	const day = now.toISOString().slice(0, 10);
	return keyedHash(`ip:${day}`, ip);
}
