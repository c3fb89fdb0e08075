/**
 * Emailed atlas links (submission verification, co-owner invitation) prove
 * control of an address just as a sign-in link does, so consuming one also
 * signs the person in: the account for the address (created when new, never
 * with a role) and a fresh session, exactly as accounts' completeSignIn does.
 */
import { config } from '../../core/config';
import type { Db } from '../../core/db';
import { log } from '../../core/log';
import { hashToken, newToken } from '../../core/tokens';
import * as accounts from '../../accounts/repository';

export interface LinkSession {
	sessionToken: string;
	expiresAt: Date;
}

/** The account of an address, created as a plain account (no role) when there is none; null when disabled. */
export async function accountFor(tx: Db, email: string, locale: string): Promise<accounts.UserRow | null> {
	const user = (await accounts.findUserByEmail(tx, email)) ?? (await accounts.insertUser(tx, { email, locale }));
	return user.disabledAt ? null : user;
}

/** Opens a new session for the user; the browser's previous session (if any) ends: the id rotates at sign-in. */
export async function openSession(tx: Db, userId: string, previousSessionToken: string | undefined, now: Date): Promise<LinkSession> {
	if (previousSessionToken && previousSessionToken.length <= 100) await accounts.deleteSession(tx, hashToken(previousSessionToken));
	const sessionToken = newToken();
	const expiresAt = new Date(now.getTime() + config().SESSION_ABSOLUTE_HOURS * 3600_000);
	await accounts.insertSession(tx, { idHash: hashToken(sessionToken), userId, expiresAt });
	await accounts.markSignedIn(tx, userId, now);
	log.info({ userId }, 'signed in by atlas link');
	return { sessionToken, expiresAt };
}
