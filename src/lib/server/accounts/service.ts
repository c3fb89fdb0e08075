/**
 * Accounts: sign-in by emailed magic link, sessions in PostgreSQL, roles.
 * Tokens (links and sessions) are random and stored only as SHA-256 digests.
 */
import { z } from 'zod';
import { config } from '../core/config';
import { db, transaction, type Db } from '../core/db';
import { log, maskEmail } from '../core/log';
import { hashToken, newToken } from '../core/tokens';
import { requireAccess, SYSTEM, type Actor } from '../access/policy';
import { record } from '../audit/service';
import { queueMail } from '../mail/service';
import { hit, ipSubject } from '../protection/rate-limit';
import * as repo from './repository';
import { signInMail } from './mails';
import { REGIONS, ROLES, type Region, type Role } from './schema';
import { presentUser, type UserView } from './presenter';

export const emailSchema = z
	.string()
	.trim()
	.min(3)
	.max(254)
	.pipe(z.email())
	.transform((v) => v.toLowerCase());

/** Sign-in link requests per address and per IP in 15 minutes (SIGNIN_LIMIT_PER_ADDRESS / _PER_IP). */
export function signInLimits() {
	const c = config();
	return {
		perAddress: { name: 'signin:address', max: c.SIGNIN_LIMIT_PER_ADDRESS, windowSeconds: 15 * 60 },
		perIp: { name: 'signin:ip', max: c.SIGNIN_LIMIT_PER_IP, windowSeconds: 15 * 60 }
	};
}

/** Only same-site paths are accepted as a place to return to after sign-in. */
export function safeRedirect(target: string | null | undefined): string | null {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.includes('\\')) return null;
	return target.slice(0, 500);
}

export type SignInRequestResult = { ok: true } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Sends a sign-in link. Unknown addresses get a link too (consuming it creates
 * a plain account), so the answer never reveals whether an account exists.
 */
export async function requestSignIn(input: {
	email: string;
	locale: string;
	redirectTo?: string | null;
	ip: string;
	now?: Date;
}): Promise<SignInRequestResult> {
	const now = input.now ?? new Date();
	const limits = signInLimits();
	const byIp = await hit(limits.perIp, ipSubject(input.ip, now), now);
	const byAddress = await hit(limits.perAddress, input.email, now);
	if (!byIp.ok || !byAddress.ok) {
		log.warn({ to: maskEmail(input.email) }, 'sign-in request rate limited');
		return {
			ok: false,
			reason: 'rate_limited',
			retryAfterSeconds: Math.max(byIp.ok ? 0 : byIp.retryAfterSeconds, byAddress.ok ? 0 : byAddress.retryAfterSeconds)
		};
	}
	await issueSignInLink(input.email, input.locale, safeRedirect(input.redirectTo), now, true);
	return { ok: true };
}

/** Creates a link; mails it when `send`, and returns its URL (the launcher prints the demo admin's). */
export async function issueSignInLink(
	email: string,
	locale: string,
	redirectTo: string | null,
	now = new Date(),
	send = false
): Promise<string> {
	const token = newToken();
	const minutes = config().SIGNIN_LINK_MINUTES;
	const url = `${config().origin}/${locale}/anmelden/link?token=${token}`;
	await transaction(async (tx, client) => {
		await repo.insertSignInToken(tx, {
			tokenHash: hashToken(token),
			email,
			locale,
			redirectTo,
			expiresAt: new Date(now.getTime() + minutes * 60_000)
		});
		if (send) {
			await queueMail({ ...signInMail(locale, url, minutes), to: email, locale, template: 'auth.sign-in' }, { tx, client });
		}
	});
	return url;
}

/** Whether a link token can still be used (the GET page shows the button only then). */
export async function signInTokenUsable(token: string, now = new Date()): Promise<boolean> {
	if (!token || token.length > 100) return false;
	return (await repo.findUsableSignInToken(db(), hashToken(token), now)) !== undefined;
}

export interface SessionGrant {
	sessionToken: string;
	expiresAt: Date;
	redirectTo: string | null;
	locale: string;
}

/** A new session of a user (see openSession). */
export interface OpenedSession {
	sessionToken: string;
	expiresAt: Date;
}

/**
 * The account of an address that just proved control of it (by an emailed
 * link), created as a plain account (no role) when there is none; undefined
 * when the account is disabled. Shared by sign-in links and the atlas's links.
 */
export async function accountForAddress(tx: Db, email: string, locale: string): Promise<repo.UserRow | undefined> {
	const user = (await repo.findUserByEmail(tx, email)) ?? (await repo.insertUser(tx, { email, locale }));
	return user.disabledAt ? undefined : user;
}

/** Opens a new session for the user; the browser's previous session (if any) ends: the id rotates at sign-in. */
export async function openSession(tx: Db, userId: string, previousSessionToken: string | undefined, now: Date): Promise<OpenedSession> {
	if (previousSessionToken && previousSessionToken.length <= 100) await repo.deleteSession(tx, hashToken(previousSessionToken));
	const sessionToken = newToken();
	const expiresAt = new Date(now.getTime() + config().SESSION_ABSOLUTE_HOURS * 3600_000);
	await repo.insertSession(tx, { idHash: hashToken(sessionToken), userId, expiresAt });
	await repo.markSignedIn(tx, userId, now);
	log.info({ userId }, 'signed in');
	return { sessionToken, expiresAt };
}

/**
 * Consumes a link (single use) and opens a new session. Any session the
 * browser had before is ended: the session id rotates at sign-in.
 */
export async function completeSignIn(token: string, previousSessionToken?: string, now = new Date()): Promise<SessionGrant | undefined> {
	if (!token || token.length > 100) return undefined;
	return transaction(async (tx) => {
		const link = await repo.consumeSignInToken(tx, hashToken(token), now);
		if (!link) return undefined;
		const user = await accountForAddress(tx, link.email, link.locale);
		if (!user) return undefined;
		const session = await openSession(tx, user.id, previousSessionToken, now);
		return { ...session, redirectTo: link.redirectTo, locale: link.locale };
	});
}

export interface ResolvedSession {
	actor: Actor & { kind: 'user' };
	user: UserView;
	expiresAt: Date;
}

/** Looks up a session cookie; enforces the idle and absolute timeouts. */
export async function resolveSession(sessionToken: string | undefined, now = new Date()): Promise<ResolvedSession | undefined> {
	if (!sessionToken || sessionToken.length > 100) return undefined;
	const idHash = hashToken(sessionToken);
	const found = await repo.findSessionWithUser(db(), idHash);
	if (!found) return undefined;
	const { session, user } = found;
	const idleLimit = config().SESSION_IDLE_MINUTES * 60_000;
	if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleLimit || user.disabledAt) {
		await repo.deleteSession(db(), idHash);
		return undefined;
	}
	if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await repo.touchSession(db(), idHash, now);
	return {
		actor: { kind: 'user', id: user.id, role: user.role ?? null, region: user.region ?? null, label: maskEmail(user.email) },
		user: presentUser(user),
		expiresAt: session.expiresAt
	};
}

export async function signOut(sessionToken: string | undefined): Promise<void> {
	if (sessionToken) await repo.deleteSession(db(), hashToken(sessionToken));
}

/** Ends every session of the signed-in user, on every device (also the current one). */
export async function signOutEverywhere(actor: Actor): Promise<void> {
	requireAccess(actor, 'account.self');
	if (actor.kind !== 'user') return;
	await repo.deleteUserSessions(db(), actor.id);
	log.info({ userId: actor.id }, 'signed out on all devices');
}

export const roleSchema = z.enum(ROLES).nullable();
export const regionSchema = z.enum(REGIONS).nullable();

/** CLI and seeding: create (or fetch) an account with a role. */
export async function ensureUser(
	actor: Actor,
	input: { email: string; role: Role | null; region?: Region | null; displayName?: string | null }
): Promise<UserView> {
	requireAccess(actor, 'users.write');
	const email = emailSchema.parse(input.email);
	if (input.role === 'regional' && !input.region) throw new Error('a regional moderator needs a region');
	return transaction(async (tx) => {
		const existing = await repo.findUserByEmail(tx, email);
		const region = input.role === 'regional' ? (input.region ?? null) : null;
		if (existing) {
			const updated = await repo.updateUserRole(tx, existing.id, input.role, region);
			await record(actor, { action: 'user.role', entity: 'user', entityId: existing.id, before: roleOf(existing), after: roleOf(updated!) }, tx);
			return presentUser(updated!);
		}
		const created = await repo.insertUser(tx, { email, role: input.role, region, displayName: input.displayName ?? null });
		await record(actor, { action: 'user.create', entity: 'user', entityId: created.id, after: roleOf(created) }, tx);
		return presentUser(created);
	});
}

export type CreateUserResult = { ok: true; user: UserView } | { ok: false; reason: 'exists'; id: string };

/**
 * Staff UI: creates an account. Unlike ensureUser() it never touches an
 * existing account, so a typo in the form cannot silently change someone's role.
 */
export async function createUser(
	actor: Actor,
	input: { email: string; role: Role | null; region: Region | null; requestId?: string }
): Promise<CreateUserResult> {
	requireAccess(actor, 'users.write');
	const email = emailSchema.parse(input.email);
	if (input.role === 'regional' && !input.region) throw new RoleError('region_required');
	return transaction(async (tx) => {
		const existing = await repo.findUserByEmail(tx, email);
		if (existing) return { ok: false, reason: 'exists', id: existing.id } as const;
		const region = input.role === 'regional' ? input.region : null;
		const created = await repo.insertUser(tx, { email, role: input.role, region });
		await record(actor, { action: 'user.create', entity: 'user', entityId: created.id, after: roleOf(created), requestId: input.requestId }, tx);
		return { ok: true, user: presentUser(created) } as const;
	});
}

function roleOf(u: repo.UserRow) {
	return { role: u.role, region: u.region, disabled: u.disabledAt !== null };
}

export async function listUsers(actor: Actor, opts: { page?: number; query?: string } = {}) {
	requireAccess(actor, 'users.read');
	const perPage = 50;
	const page = Math.max(1, opts.page ?? 1);
	const { rows, total } = await repo.listUsers(db(), { limit: perPage, offset: (page - 1) * perPage, query: opts.query?.trim() || undefined });
	return { users: rows.map(presentUser), total, page, pages: Math.max(1, Math.ceil(total / perPage)) };
}

export async function getUser(actor: Actor, id: string): Promise<UserView | undefined> {
	requireAccess(actor, 'users.read');
	if (!z.uuid().safeParse(id).success) return undefined;
	const row = await repo.findUserById(db(), id);
	return row ? presentUser(row) : undefined;
}

export async function changeRole(
	actor: Actor,
	input: { userId: string; role: Role | null; region: Region | null; disabled: boolean; requestId?: string }
): Promise<UserView | undefined> {
	requireAccess(actor, 'users.write');
	if (input.role === 'regional' && !input.region) throw new RoleError('region_required');
	if (actor.kind === 'user' && actor.id === input.userId && (input.role !== 'admin' || input.disabled)) {
		throw new RoleError('self_demotion');
	}
	return transaction(async (tx) => {
		const before = await repo.findUserById(tx, input.userId);
		if (!before) return undefined;
		const region = input.role === 'regional' ? input.region : null;
		await repo.updateUserRole(tx, input.userId, input.role, region);
		const after = await repo.setUserDisabled(tx, input.userId, input.disabled);
		if (input.disabled || before.role !== input.role) await repo.deleteUserSessions(tx, input.userId);
		await record(actor, { action: 'user.role', entity: 'user', entityId: input.userId, before: roleOf(before), after: roleOf(after!), requestId: input.requestId }, tx);
		return presentUser(after!);
	});
}

export class RoleError extends Error {
	constructor(readonly code: 'region_required' | 'self_demotion') {
		super(code);
		this.name = 'RoleError';
	}
}

export async function purgeExpiredSessions(now = new Date()): Promise<number> {
	return repo.purgeExpired(db(), now, new Date(now.getTime() - config().SESSION_IDLE_MINUTES * 60_000));
}

export { SYSTEM };
