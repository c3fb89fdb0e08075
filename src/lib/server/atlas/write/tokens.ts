/** Emailed single-use atlas links: what state a link is in, for the GET page that only looks. */
import { dbPool } from '../../core/db';
import { hashToken } from '../../core/tokens';
import type { AtlasTokenPurpose } from '../schema';
import { findToken } from './repository';

export type LinkState = 'usable' | 'used' | 'expired' | 'invalid';

/** A token is 43 URL-safe characters; anything else is not worth a query. */
export function plausibleToken(token: string | null | undefined): token is string {
	return typeof token === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

export async function linkState(token: string | null | undefined, purpose: AtlasTokenPurpose, now = new Date()): Promise<LinkState> {
	if (!plausibleToken(token)) return 'invalid';
	const row = await findToken(dbPool(), hashToken(token), purpose);
	if (!row) return 'invalid';
	if (row.usedAt) return 'used';
	return row.expiresAt <= now ? 'expired' : 'usable';
}
