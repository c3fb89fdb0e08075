import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { mailOutbox } from '../mail/schema';
import { sessions, users } from './schema';
import { auditLog } from '../audit/schema';
import { SYSTEM } from '../access/policy';
import {
	completeSignIn,
	ensureUser,
	issueSignInLink,
	requestSignIn,
	resolveSession,
	safeRedirect,
	signInTokenUsable,
	signOut,
	signInLimits,
	changeRole,
	RoleError
} from './service';

const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

describe('magic-link sign-in', () => {
	const t = useTestDatabase({ jobs: true });

	it('mails a single-use link that opens a session and creates a plain account', async () => {
		const res = await requestSignIn({ email: 'neu@example.org', locale: 'ar', ip: '192.0.2.1' });
		expect(res.ok).toBe(true);
		const [mail] = await t().db.select().from(mailOutbox);
		expect(mail?.toAddress).toBe('neu@example.org');
		expect(mail?.locale).toBe('ar');
		const url = mail!.textBody.match(/https?:\/\/\S+/)![0];
		expect(url).toContain('/ar/anmelden/link?token=');
		const token = tokenOf(url);
		expect(await signInTokenUsable(token)).toBe(true);
		const grant = await completeSignIn(token);
		expect(grant).toBeDefined();
		expect(await signInTokenUsable(token)).toBe(false);
		expect(await completeSignIn(token)).toBeUndefined();
		const session = await resolveSession(grant!.sessionToken);
		expect(session?.user.email).toBe('neu@example.org');
		expect(session?.actor.role).toBeNull();
		// only hashes are stored
		const stored = await t().db.select().from(sessions);
		expect(stored[0]?.idHash).not.toBe(grant!.sessionToken);
	});

	it('refuses an expired link', async () => {
		const now = new Date('2026-01-01T10:00:00Z');
		const url = await issueSignInLink('a@example.org', 'de', null, now);
		const later = new Date(now.getTime() + 16 * 60_000);
		expect(await completeSignIn(tokenOf(url), undefined, later)).toBeUndefined();
	});

	it('rotates the session at sign-in and ends it server-side at sign-out', async () => {
		const first = await completeSignIn(tokenOf(await issueSignInLink('b@example.org', 'de', null)));
		const second = await completeSignIn(tokenOf(await issueSignInLink('b@example.org', 'de', null)), first!.sessionToken);
		expect(await resolveSession(first!.sessionToken)).toBeUndefined();
		expect(await resolveSession(second!.sessionToken)).toBeDefined();
		await signOut(second!.sessionToken);
		expect(await resolveSession(second!.sessionToken)).toBeUndefined();
	});

	it('enforces idle and absolute timeouts', async () => {
		const start = new Date();
		const grant = await completeSignIn(tokenOf(await issueSignInLink('c@example.org', 'de', null, start)), undefined, start);
		expect(await resolveSession(grant!.sessionToken, new Date(start.getTime() + 30 * 60_000))).toBeDefined();
		// 61 idle minutes after the last activity
		expect(await resolveSession(grant!.sessionToken, new Date(start.getTime() + 30 * 60_000 + 61 * 60_000))).toBeUndefined();
		const g2 = await completeSignIn(tokenOf(await issueSignInLink('c@example.org', 'de', null, start)), undefined, start);
		let now = start.getTime();
		// keep it active every 50 minutes until past the absolute limit (12 h)
		for (let i = 0; i < 14; i++) {
			now += 50 * 60_000;
			const s = await resolveSession(g2!.sessionToken, new Date(now));
			if (now - start.getTime() < 12 * 3600_000) expect(s).toBeDefined();
			else expect(s).toBeUndefined();
		}
	});

	it('rate-limits requests per address and per IP hash', async () => {
		for (let i = 0; i < signInLimits().perAddress.max; i++) {
			expect((await requestSignIn({ email: 'd@example.org', locale: 'de', ip: `198.51.100.${i}` })).ok).toBe(true);
		}
		const blocked = await requestSignIn({ email: 'd@example.org', locale: 'de', ip: '198.51.100.99' });
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
		for (let i = 0; i < signInLimits().perIp.max; i++) {
			await requestSignIn({ email: `x${i}@example.org`, locale: 'de', ip: '203.0.113.7' });
		}
		const ipBlocked = await requestSignIn({ email: 'fresh@example.org', locale: 'de', ip: '203.0.113.7' });
		expect(ipBlocked.ok).toBe(false);
	});

	it('accepts only same-site redirect targets', () => {
		expect(safeRedirect('/de/admin')).toBe('/de/admin');
		expect(safeRedirect('//evil.example')).toBeNull();
		expect(safeRedirect('https://evil.example')).toBeNull();
		expect(safeRedirect('/\\evil')).toBeNull();
	});

	it('audits role changes and refuses an admin demoting themselves', async () => {
		const admin = await ensureUser(SYSTEM, { email: 'admin@example.org', role: 'admin' });
		const user = await ensureUser(SYSTEM, { email: 'mod@example.org', role: null });
		const actor = { kind: 'user' as const, id: admin.id, role: 'admin' as const, region: null, label: 'a***' };
		await changeRole(actor, { userId: user.id, role: 'regional', region: 'lueneburg', disabled: false });
		const [row] = await t().db.select().from(users).where(eq(users.id, user.id));
		expect(row).toMatchObject({ role: 'regional', region: 'lueneburg' });
		const audit = await t().db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
		expect(audit.at(-1)).toMatchObject({ action: 'user.role', actorId: admin.id, before: { role: null, region: null, disabled: false }, after: { role: 'regional', region: 'lueneburg', disabled: false } });
		await expect(changeRole(actor, { userId: admin.id, role: 'editor', region: null, disabled: false })).rejects.toBeInstanceOf(RoleError);
		await expect(changeRole({ ...actor, role: 'editor' }, { userId: user.id, role: null, region: null, disabled: false })).rejects.toThrow(/access denied/);
	});
});
