/**
 * Emailed atlas links (submission verification, co-owner invitation) prove
 * control of an address just as a sign-in link does, so consuming one also
 * signs the person in through the accounts module: the account for the
 * address (created when new, never with a role) and a fresh session.
 */
import type { Db } from '../../core/db';
import { accountForAddress, openSession, type OpenedSession } from '../../accounts/service';
import type { UserRow } from '../../accounts/repository';

export { openSession };
export type LinkSession = OpenedSession;

/** The account of an address, created as a plain account when there is none; null when disabled. */
export async function accountFor(tx: Db, email: string, locale: string): Promise<UserRow | null> {
	return (await accountForAddress(tx, email, locale)) ?? null;
}
