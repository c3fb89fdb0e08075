/**
 * Ownership requests ("is this yours?") decided by staff, and the demo
 * content of the moderation pages.
 */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../../tests/helpers/use-smtp';
import type { Region, Role } from '../../accounts/schema';
import { AccessDenied, SYSTEM, type Actor } from '../../access/policy';
import { ensureUser } from '../../accounts/service';
import { dbPool } from '../../core/db';
import { seedAtlasExamples } from '../demo';
import {
	buildEntry,
	DEMO_EDITED_EXAMPLE,
	DEMO_OWNER_EMAIL,
	DEMO_REQUESTED_EXAMPLE,
	DEMO_SUBMITTED,
	insertEntriesWithOwners,
	seedModerationDemo
} from './demo';
import { decideOwnershipRequest, listOwnershipRequests } from './ownership';
import { getEntryForReview, listQueue, openWork } from './queue';
import { listOwnerEdits } from './review';

const smtp = useTestSmtp();

async function user(email: string, role: Role | null = null, region: Region | null = null, locale = 'de'): Promise<{ actor: Actor; id: string }> {
	const u = await ensureUser(SYSTEM, { email, role, region });
	await dbPool().query('update users set locale = $2 where id = $1', [u.id, locale]);
	return { id: u.id, actor: { kind: 'user', id: u.id, role, region, label: email } };
}

async function request(projectId: string, userId: string, message: string, minutesAgo: number): Promise<string> {
	const res = await dbPool().query<{ id: string }>(
		`insert into ownership_requests (project_id, user_id, message, created_at) values ($1, $2, $3, now() - make_interval(mins => $4)) returning id`,
		[projectId, userId, message, minutesAgo]
	);
	return res.rows[0]!.id;
}

const owners = async (projectId: string) =>
	(
		await dbPool().query<{ email: string; via: string }>(
			'select u.email, o.via from project_owners o join users u on u.id = o.user_id where o.project_id = $1 order by u.email',
			[projectId]
		)
	).rows;

describe('atlas moderation: ownership requests', () => {
	useTestDatabase({ jobs: 'work' });

	async function seed() {
		const owner = await user('owner@example.org');
		const entry = await buildEntry({
			slug: 'jobcafe-osnabrueck',
			status: 'published',
			title: 'Jobcafé Osnabrück',
			teaser: 'Bewerbungshilfe ohne Termin.',
			place: { name: 'Osnabrück', district: '03404' },
			demo: false
		});
		await insertEntriesWithOwners([{ entry, owners: [owner.id] }]);
		const alice = await user('alice@example.org', null, null, 'ar');
		const bob = await user('bob@example.org', null, null, 'en');
		const first = await request(entry.id, alice.id, 'Ich leite das Jobcafé seit März.', 30);
		const second = await request(entry.id, bob.id, '', 10);
		return { entry, first, second };
	}

	it('lists pending requests oldest first, only in the moderator’s region', async () => {
		const { first, second } = await seed();
		const moderator = (await user('mod@example.org', 'moderator')).actor;
		const list = await listOwnershipRequests(moderator);
		expect(list.items.map((r) => r.id)).toEqual([first, second]);
		expect(list.items[0]).toMatchObject({
			requesterEmail: 'alice@example.org',
			message: 'Ich leite das Jobcafé seit März.',
			title: 'Jobcafé Osnabrück',
			status: 'pending',
			ownerCount: 1,
			alreadyOwner: false
		});
		expect((await listOwnershipRequests((await user('arl-we@example.org', 'regional', 'weser-ems')).actor)).total).toBe(2);
		expect((await listOwnershipRequests((await user('arl-lg@example.org', 'regional', 'lueneburg')).actor)).total).toBe(0);
		expect(await openWork(moderator)).toMatchObject({ requests: 2 });
	});

	it('approving adds the requester as an owner and mails them in their language; declining adds nobody', async () => {
		const { entry, first, second } = await seed();
		const moderator = await user('mod@example.org', 'moderator');
		const outsider = (await user('arl-lg@example.org', 'regional', 'lueneburg')).actor;
		await expect(decideOwnershipRequest(outsider, { requestId: first, approve: true })).rejects.toBeInstanceOf(AccessDenied);

		expect(await decideOwnershipRequest(moderator.actor, { requestId: first, approve: true, auditRequestId: 'req-7' })).toEqual({ ok: true, status: 'approved' });
		expect(await owners(entry.id)).toEqual([
			{ email: 'alice@example.org', via: 'request' },
			{ email: 'owner@example.org', via: 'submission' }
		]);
		const decided = (await dbPool().query('select status, decided_by, decided_at from ownership_requests where id = $1', [first])).rows[0];
		expect(decided).toMatchObject({ status: 'approved', decided_by: moderator.id });
		expect(await decideOwnershipRequest(moderator.actor, { requestId: first, approve: false })).toEqual({ ok: false, reason: 'already_decided' });

		expect(await decideOwnershipRequest(moderator.actor, { requestId: second, approve: false })).toEqual({ ok: true, status: 'declined' });
		expect((await owners(entry.id)).map((o) => o.email)).not.toContain('bob@example.org');

		const audit = (await dbPool().query(`select action, after from audit_log where entity_id = $1 and action like 'atlas.ownership.%' order by id`, [entry.id])).rows;
		expect(audit.map((a) => a.action)).toEqual(['atlas.ownership.approve', 'atlas.ownership.decline']);
		expect(audit[0].after).toMatchObject({ request: first, status: 'approved', ownerAdded: true });

		const mails = await smtp().waitFor(2);
		const toAlice = mails.find((m) => m.to[0] === 'alice@example.org')!;
		expect(toAlice.parsed.subject).toBe('يمكنك الآن تعديل «Jobcafé Osnabrück»');
		expect(toAlice.parsed.text).toContain('http://localhost:5999/ar/atlas/jobcafe-osnabrueck/bearbeiten');
		const toBob = mails.find((m) => m.to[0] === 'bob@example.org')!;
		expect(toBob.parsed.subject).toBe('Your request about the entry “Jobcafé Osnabrück”');

		// Decided requests stay visible after the open ones.
		const list = await listOwnershipRequests(moderator.actor);
		expect(list.items.map((r) => [r.requesterEmail, r.status])).toEqual([
			['bob@example.org', 'declined'],
			['alice@example.org', 'approved']
		]);
	});

	it('refuses an unknown request', async () => {
		const moderator = (await user('mod@example.org', 'moderator')).actor;
		expect(await decideOwnershipRequest(moderator, { requestId: '00000000-0000-4000-8000-000000000000', approve: true })).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});
});

describe('atlas moderation: demo content', () => {
	useTestDatabase();

	it('seeds submitted entries, an owner edit and a request once, for the staff pages to show', async () => {
		await seedAtlasExamples();
		await seedModerationDemo();
		await seedModerationDemo();
		const moderator = (await user('mod@example.org', 'moderator')).actor;
		const queue = await listQueue(moderator);
		expect(queue.items.map((i) => i.slug).sort()).toEqual(Object.values(DEMO_SUBMITTED).sort());
		expect(new Set(queue.items.flatMap((i) => i.regions)).size).toBe(3);
		expect(await openWork(moderator)).toMatchObject({ queue: 3, edits: 1, requests: 1 });
		expect(await openWork((await user('arl-we@example.org', 'regional', 'weser-ems')).actor)).toMatchObject({ queue: 1, edits: 0, requests: 1 });

		const [edit] = (await listOwnerEdits(moderator)).items;
		expect(edit).toMatchObject({ slug: DEMO_EDITED_EXAMPLE, author: DEMO_OWNER_EMAIL });
		expect(edit!.changes?.map((c) => (c.kind === 'text' || c.kind === 'set' ? c.field : c.kind))).toEqual(['teaser', 'description', 'languages', 'schedule']);

		const [req] = (await listOwnershipRequests(moderator)).items;
		expect(req).toMatchObject({ slug: DEMO_REQUESTED_EXAMPLE, status: 'pending' });

		// The Hemmingen submission looks like the good example from Hemmingen.
		const hemmingen = queue.items.find((i) => i.slug === DEMO_SUBMITTED.hemmingen)!;
		const review = await getEntryForReview(moderator, hemmingen.id);
		expect(review?.duplicates.map((d) => d.slug)).toContain('deutschvermittler-hemmingen');
		expect(review?.owners.map((o) => o.email)).toEqual([DEMO_OWNER_EMAIL]);
	});
});
