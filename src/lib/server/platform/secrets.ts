/**
 * The process secret for keyed hashes (IP hashes, rate-limit keys, signed links,
 * ALTCHA). From SECRET_KEY, or — outside production — generated once and kept in
 * the database so that every web node shares it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../core/db';
import { appMeta } from './schema';

let secret: Buffer | undefined;

export async function loadSecret(q: Executor, configured: string | undefined): Promise<void> {
	if (configured) {
		secret = Buffer.from(configured, 'utf8');
		return;
	}
	await q
		.insert(appMeta)
		.values({ key: 'generated_secret', value: sql`to_jsonb(${randomBytes(32).toString('base64url')}::text)` })
		.onConflictDoNothing();
	const rows = await q.select({ value: appMeta.value }).from(appMeta).where(sql`${appMeta.key} = 'generated_secret'`);
	secret = Buffer.from(String(rows[0]?.value), 'utf8');
}

/** Tests: set a fixed secret. */
export function setSecret(value: string): void {
	secret = Buffer.from(value, 'utf8');
}

function key(): Buffer {
	if (!secret) throw new Error('Secret not loaded');
	return secret;
}

/** Keyed hash of a value for one purpose; purposes never share digests. */
export function keyedHash(purpose: string, value: string): string {
	return createHmac('sha256', key()).update(purpose).update('\0').update(value).digest('base64url');
}

/** Signs a payload: returns "payload.signature" (both base64url). */
export function sign(purpose: string, payload: string): string {
	return `${Buffer.from(payload, 'utf8').toString('base64url')}.${keyedHash(purpose, payload)}`;
}

/** Verifies a value made by sign(); returns the payload or undefined. */
export function verify(purpose: string, signed: string): string | undefined {
	const dot = signed.lastIndexOf('.');
	if (dot < 1) return undefined;
	let payload: string;
	try {
		payload = Buffer.from(signed.slice(0, dot), 'base64url').toString('utf8');
	} catch {
		return undefined;
	}
	const expected = Buffer.from(keyedHash(purpose, payload));
	const given = Buffer.from(signed.slice(dot + 1));
	return expected.length === given.length && timingSafeEqual(expected, given) ? payload : undefined;
}
