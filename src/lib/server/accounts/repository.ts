import { and, asc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../core/db';
import { sessions, signInTokens, users, type Region, type Role } from './schema';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(q: Executor, email: string): Promise<UserRow | undefined> {
	const rows = await q.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
	return rows[0];
}

export async function findUserById(q: Executor, id: string): Promise<UserRow | undefined> {
	const rows = await q.select().from(users).where(eq(users.id, id)).limit(1);
	return rows[0];
}

export async function insertUser(
	q: Executor,
	values: { email: string; role?: Role | null; region?: Region | null; locale?: string; displayName?: string | null }
): Promise<UserRow> {
	const rows = await q.insert(users).values(values).returning();
	return rows[0]!;
}

export async function updateUserRole(q: Executor, id: string, role: Role | null, region: Region | null): Promise<UserRow | undefined> {
	const rows = await q.update(users).set({ role, region }).where(eq(users.id, id)).returning();
	return rows[0];
}

export async function setUserDisabled(q: Executor, id: string, disabled: boolean): Promise<UserRow | undefined> {
	const rows = await q
		.update(users)
		.set({ disabledAt: disabled ? new Date() : null })
		.where(eq(users.id, id))
		.returning();
	return rows[0];
}

export async function listUsers(q: Executor, opts: { limit: number; offset: number; query?: string }): Promise<{ rows: UserRow[]; total: number }> {
	const where = opts.query ? sql`${users.email} ilike ${'%' + opts.query.replace(/[%_\\]/g, '\\$&') + '%'}` : undefined;
	const rows = await q.select().from(users).where(where).orderBy(asc(sql`lower(${users.email})`)).limit(opts.limit).offset(opts.offset);
	const count = await q.select({ n: sql<number>`count(*)::int` }).from(users).where(where);
	return { rows, total: count[0]?.n ?? 0 };
}

export async function insertSignInToken(
	q: Executor,
	values: { tokenHash: string; email: string; locale: string; redirectTo: string | null; expiresAt: Date }
): Promise<void> {
	await q.insert(signInTokens).values(values);
}

/** Marks the token used and returns it, only if it was unused and unexpired (single use, atomically). */
export async function consumeSignInToken(q: Executor, tokenHash: string, now: Date) {
	const rows = await q
		.update(signInTokens)
		.set({ usedAt: now })
		.where(and(eq(signInTokens.tokenHash, tokenHash), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)))
		.returning();
	return rows[0];
}

export async function findUsableSignInToken(q: Executor, tokenHash: string, now: Date) {
	const rows = await q
		.select({ email: signInTokens.email, expiresAt: signInTokens.expiresAt })
		.from(signInTokens)
		.where(and(eq(signInTokens.tokenHash, tokenHash), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)))
		.limit(1);
	return rows[0];
}

export async function insertSession(q: Executor, values: { idHash: string; userId: string; expiresAt: Date }): Promise<void> {
	await q.insert(sessions).values(values);
}

export async function findSessionWithUser(q: Executor, idHash: string) {
	const rows = await q
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.idHash, idHash))
		.limit(1);
	return rows[0];
}

export async function touchSession(q: Executor, idHash: string, now: Date): Promise<void> {
	await q.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(q: Executor, idHash: string): Promise<void> {
	await q.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteUserSessions(q: Executor, userId: string): Promise<void> {
	await q.delete(sessions).where(eq(sessions.userId, userId));
}

export async function markSignedIn(q: Executor, userId: string, now: Date): Promise<void> {
	await q.update(users).set({ lastSignInAt: now }).where(eq(users.id, userId));
}

export async function purgeExpired(q: Executor, now: Date, idleCutoff: Date): Promise<number> {
	const a = await q.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.idHash });
	const b = await q.delete(sessions).where(lt(sessions.lastSeenAt, idleCutoff)).returning({ id: sessions.idHash });
	const c = await q
		.delete(signInTokens)
		.where(lt(signInTokens.expiresAt, new Date(now.getTime() - 24 * 3600_000)))
		.returning({ id: signInTokens.tokenHash });
	return a.length + b.length + c.length;
}
