import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../../tests/helpers/use-smtp';
import { SYSTEM, type Actor } from '../../access/policy';
import { ensureUser, resolveSession } from '../../accounts/service';
import { seedAtlasExamples } from '../demo';
import { mayEdit } from '../snapshot';
import { acceptInvitation, claimTarget, invitationState, inviteOwner, myEntries, ownersPage, removeCoOwner, requestOwnership } from './owners';
import { addOwner } from './repository';

const SLUG = 'gewerkepass-osnabrueck';

async function user(email: string, role: 'moderator' | null = null): Promise<Actor & { kind: 'user' }> {
	const u = await ensureUser(SYSTEM, { email, role });
	return { kind: 'user', id: u.id, role, region: null, label: email };
}

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

async function waitFor<T>(probe: () => T | undefined, ms = 20_000): Promise<T> {
	const until = Date.now() + ms;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > until) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 100));
	}
}

describe('co-owners', () => {
	const t = useTestDatabase({ jobs: 'work' });
	const smtp = useTestSmtp();

	async function setup() {
		const { pool } = t();
		await seedAtlasExamples();
		const id = (await pool.query(`select id from projects where slug = $1`, [SLUG])).rows[0].id as string;
		const owner = await user('owner@example.org');
		await addOwner(pool, id, owner.id, 'submission');
		return { pool, id, owner };
	}

	it('invites by mail; the single-use link makes the invitee an owner and signs them in', async () => {
		const { pool, id, owner } = await setup();
		const sent = await inviteOwner(owner, SLUG, form({ email: ' Kollegin@Example.org ' }), { locale: 'ar' });
		expect(sent.kind).toBe('sent');
		const mail = await waitFor(() => smtp().mails.find((m) => m.to.includes('kollegin@example.org')));
		// The invitation is in the inviter's page language (Arabic here) and names the entry.
		expect(mail.parsed.subject).toContain('Gewerkepass Osnabrück');
		expect(mail.parsed.subject).toContain('دعوة');
		const token = /\/ar\/atlas\/einladung\?token=([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!;
		expect(await invitationState(token)).toBe('usable');
		const page = await ownersPage(owner, SLUG);
		expect(page.kind === 'ok' && page.page.pending.map((p) => p.email)).toEqual(['kollegin@example.org']);

		const accepted = await acceptInvitation(token, undefined);
		expect(accepted).toMatchObject({ ok: true, slug: SLUG });
		if (!accepted.ok) return;
		expect((await resolveSession(accepted.sessionToken))?.user.email).toBe('kollegin@example.org');
		const owners = (await pool.query(`select u.email, o.via from project_owners o join users u on u.id = o.user_id where o.project_id = $1 order by u.email`, [id])).rows;
		expect(owners).toEqual([
			{ email: 'kollegin@example.org', via: 'invitation' },
			{ email: 'owner@example.org', via: 'submission' }
		]);
		expect(await acceptInvitation(token, undefined)).toEqual({ ok: false, reason: 'used' });
		const actions = (await pool.query(`select action from audit_log where entity_id = $1 order by id`, [id])).rows.map((r) => r.action);
		expect(actions).toEqual(['atlas.owner.invite', 'atlas.owner.accept']);
		const colleague = (await resolveSession(accepted.sessionToken))!.actor;
		expect(await mayEdit(colleague, id)).toBe(true);
		expect((await myEntries(colleague)).map((e) => e.slug)).toEqual([SLUG]);
	});

	it('refuses an invalid address, an existing owner and strangers', async () => {
		const { owner } = await setup();
		expect(await inviteOwner(owner, SLUG, form({ email: 'kein-at' }), { locale: 'de' })).toMatchObject({ kind: 'invalid', errors: { email: 'submit_error_email' } });
		expect(await inviteOwner(owner, SLUG, form({ email: 'OWNER@example.org' }), { locale: 'de' })).toMatchObject({ kind: 'invalid', errors: { email: 'submit_error_already_owner' } });
		expect((await inviteOwner(await user('fremd@example.org'), SLUG, form({ email: 'x@example.org' }), { locale: 'de' })).kind).toBe('forbidden');
		expect(smtp().mails).toHaveLength(0);
	});

	it('removes a co-owner but never the last one', async () => {
		const { pool, id, owner } = await setup();
		const second = await user('zweite@example.org');
		await addOwner(pool, id, second.id, 'invitation');
		expect(await removeCoOwner(await user('fremd@example.org'), SLUG, second.id)).toEqual({ kind: 'forbidden' });
		expect(await removeCoOwner(owner, SLUG, second.id)).toEqual({ kind: 'removed' });
		expect(await removeCoOwner(owner, SLUG, owner.id)).toEqual({ kind: 'last_owner' });
		expect(await removeCoOwner(owner, SLUG, 'not-a-uuid')).toEqual({ kind: 'not_owner' });
		expect((await pool.query(`select user_id from project_owners where project_id = $1`, [id])).rows.map((r) => r.user_id)).toEqual([owner.id]);
	});
});

describe('ownership requests', () => {
	const t = useTestDatabase();

	it('stores one pending request per person for a published entry, with the message', async () => {
		const { pool } = t();
		await seedAtlasExamples();
		const claimant = await user('leitung@example.org');
		expect(await requestOwnership(claimant, SLUG, form({ message: '  ' }))).toMatchObject({ kind: 'invalid', errors: { message: 'submit_error_claim_message' } });
		const done = await requestOwnership(claimant, SLUG, form({ message: 'Ich leite das Projekt.' }));
		expect(done.kind).toBe('requested');
		const rows = (await pool.query(`select r.status, r.message, u.email from ownership_requests r join users u on u.id = r.user_id`)).rows;
		expect(rows).toEqual([{ status: 'pending', message: 'Ich leite das Projekt.', email: 'leitung@example.org' }]);
		expect(await requestOwnership(claimant, SLUG, form({ message: 'Nochmal' }))).toEqual({ kind: 'pending' });
		expect((await claimTarget(claimant, SLUG)).kind === 'ok').toBe(true);
		expect((await pool.query(`select action from audit_log where entity = 'project'`)).rows.map((r) => r.action)).toEqual(['atlas.ownership.request']);
	});

	it('knows no unpublished entry and tells owners they own it already', async () => {
		const { pool } = t();
		await seedAtlasExamples();
		const id = (await pool.query(`select id from projects where slug = $1`, [SLUG])).rows[0].id as string;
		const owner = await user('owner@example.org');
		await addOwner(pool, id, owner.id, 'submission');
		expect(await requestOwnership(owner, SLUG, form({ message: 'Meins' }))).toEqual({ kind: 'already_owner' });
		await pool.query(`update projects set status = 'submitted' where id = $1`, [id]);
		expect(await claimTarget(await user('x@example.org'), SLUG)).toEqual({ kind: 'not_found' });
		expect((await pool.query(`select 1 from ownership_requests`)).rowCount).toBe(0);
	});
});
