/**
 * Atlas moderation against a real database, with mail going over real SMTP
 * (loopback receiver) and the job worker delivering it.
 */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../../tests/helpers/use-smtp';
import type { ReceivedMail } from '../../../../../tests/helpers/smtp';
import type { Region, Role } from '../../accounts/schema';
import { AccessDenied, SYSTEM, type Actor } from '../../access/policy';
import { ensureUser } from '../../accounts/service';
import { dbPool } from '../../core/db';
import { getPublishedProject, searchProjects } from '../service';
import { parseSearchParams } from '../contract';
import { loadSnapshot, saveRevision } from '../snapshot';
import { decide } from './decisions';
import { buildEntry, insertEntriesWithOwners, type EntrySpec } from './demo';
import { getEntryForReview, listQueue, openWork } from './queue';
import { listOwnerEdits, markReviewed } from './review';

const smtp = useTestSmtp();

async function user(email: string, role: Role | null = null, region: Region | null = null, locale = 'de'): Promise<{ actor: Actor; id: string }> {
	const u = await ensureUser(SYSTEM, { email, role, region });
	await dbPool().query('update users set locale = $2 where id = $1', [u.id, locale]);
	return { id: u.id, actor: { kind: 'user', id: u.id, role, region, label: email } };
}

/** Entries in three regions plus a state-wide one, each submitted by its own owner. */
async function seedQueue() {
	const owners = {
		lueneburg: await user('owner-lg@example.org', null, null, 'de'),
		leer: await user('owner-leer@example.org', null, null, 'ar'),
		hannover: await user('owner-h@example.org', null, null, 'en'),
		statewide: await user('owner-sw@example.org')
	};
	const spec = (slug: string, title: string, place: EntrySpec['place'], daysAgo: number): EntrySpec => ({
		slug,
		status: 'submitted',
		title,
		teaser: `${title}: ein Angebot zum Testen.`,
		description: 'Eine **kurze** Beschreibung.',
		place,
		demo: false,
		createdAt: new Date(Date.now() - daysAgo * 86_400_000)
	});
	const entries = {
		lueneburg: await buildEntry(spec('lesepaten-lueneburg', 'Lesepaten Lüneburg', { name: 'Lüneburg', district: '03355' }, 5)),
		leer: await buildEntry(spec('nachhilfe-leer', 'Nachhilfe Leer', { name: 'Leer (Ostfriesland)', district: '03457' }, 3)),
		hannover: await buildEntry(spec('fahrradkurs-hannover', 'Fahrradkurs für Frauen Hannover', { name: 'Hannover', district: '03241' }, 4)),
		statewide: await buildEntry(spec('beratungstelefon-niedersachsen', 'Beratungstelefon Niedersachsen', null, 1))
	};
	await insertEntriesWithOwners(
		(Object.keys(entries) as (keyof typeof entries)[]).map((k) => ({ entry: entries[k], owners: [owners[k].id] }))
	);
	return { owners, entries };
}

const status = async (id: string) =>
	(await dbPool().query<{ status: string; revision: number; moderation_note: string | null }>('select status, revision, moderation_note from projects where id = $1', [id])).rows[0];
const audit = async (entityId: string) =>
	(await dbPool().query<{ action: string; actor_id: string | null; after: Record<string, unknown> }>(`select action, actor_id, after from audit_log where entity_id = $1 order by id`, [entityId])).rows;
const outboxCount = async () => Number((await dbPool().query<{ n: string }>('select count(*) as n from mail_outbox')).rows[0]?.n);

describe('atlas moderation', () => {
	useTestDatabase({ jobs: 'work' });

	it('shows the queue oldest first, scoped to a regional moderator’s region, filterable for moderators', async () => {
		const { entries } = await seedQueue();
		const moderator = (await user('mod@example.org', 'moderator')).actor;
		const regional = (await user('arl-we@example.org', 'regional', 'weser-ems')).actor;

		const all = await listQueue(moderator);
		expect(all.items.map((i) => i.slug)).toEqual(['lesepaten-lueneburg', 'fahrradkurs-hannover', 'nachhilfe-leer', 'beratungstelefon-niedersachsen']);
		expect(all.total).toBe(4);
		expect((await listQueue(moderator, { region: 'lueneburg' })).items.map((i) => i.slug)).toEqual(['lesepaten-lueneburg']);
		expect((await listQueue(moderator, { region: 'statewide' })).items.map((i) => i.slug)).toEqual(['beratungstelefon-niedersachsen']);

		// The regional moderator's own region wins over any filter; state-wide entries are not theirs.
		for (const region of [null, 'lueneburg', 'statewide'] as const) {
			const mine = await listQueue(regional, { region });
			expect(mine.items.map((i) => i.slug)).toEqual(['nachhilfe-leer']);
			expect(mine.scope).toEqual({ mode: 'region', region: 'weser-ems' });
		}
		expect(await openWork(regional)).toMatchObject({ queue: 1, edits: 0, requests: 0 });
		expect(await openWork(moderator)).toMatchObject({ queue: 4 });

		await expect(getEntryForReview(regional, entries.lueneburg.id)).rejects.toBeInstanceOf(AccessDenied);
		await expect(getEntryForReview(regional, entries.statewide.id)).rejects.toBeInstanceOf(AccessDenied);
		const own = await getEntryForReview(regional, entries.leer.id);
		expect(own?.snapshot.texts.de?.title).toBe('Nachhilfe Leer');
		expect(own?.owners.map((o) => o.email)).toEqual(['owner-leer@example.org']);

		const editor = (await user('ed@example.org', 'editor')).actor;
		await expect(listQueue(editor)).rejects.toBeInstanceOf(AccessDenied);
	});

	it('refuses a regional moderator’s decision on another region’s entry and changes nothing', async () => {
		const { entries } = await seedQueue();
		const regional = (await user('arl-we@example.org', 'regional', 'weser-ems')).actor;
		for (const id of [entries.lueneburg.id, entries.statewide.id]) {
			await expect(decide(regional, { projectId: id, transition: 'approve', revision: 1 })).rejects.toBeInstanceOf(AccessDenied);
			expect(await status(id)).toMatchObject({ status: 'submitted', revision: 1 });
		}
		expect(await outboxCount()).toBe(0);
		// In their own region they decide.
		expect(await decide(regional, { projectId: entries.leer.id, transition: 'approve', revision: 1 })).toMatchObject({ ok: true, status: 'published' });
	});

	it('approves: publishes, records a status revision and the audit entry, mails the owner the public link', async () => {
		const { entries } = await seedQueue();
		const moderator = await user('mod@example.org', 'moderator');
		const before = new Date();
		const res = await decide(moderator.actor, { projectId: entries.hannover.id, transition: 'approve', revision: 1, requestId: 'req-1' });
		expect(res).toEqual({ ok: true, status: 'published', revision: 2, mailed: 1 });

		const row = (
			await dbPool().query(
				'select status, revision, published_at, last_confirmed_at, moderated_at, moderated_by, moderation_note from projects where id = $1',
				[entries.hannover.id]
			)
		).rows[0];
		expect(row).toMatchObject({ status: 'published', revision: 2, moderated_by: moderator.id, moderation_note: null });
		for (const column of ['published_at', 'last_confirmed_at', 'moderated_at']) expect(row[column].getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
		const revisions = (await dbPool().query('select revision, kind, author_id, snapshot from project_revisions where project_id = $1 order by revision', [entries.hannover.id])).rows;
		expect(revisions.map((r) => [r.revision, r.kind])).toEqual([
			[1, 'submission'],
			[2, 'status']
		]);
		expect(revisions[1].author_id).toBe(moderator.id);
		expect(revisions[1].snapshot.status).toBe('published');
		expect(await audit(entries.hannover.id)).toEqual([
			{ action: 'atlas.approve', actor_id: moderator.id, after: { status: 'published', revision: 2 } }
		]);

		// Now public, found by the search.
		expect((await getPublishedProject('fahrradkurs-hannover', 'de'))?.title).toBe('Fahrradkurs für Frauen Hannover');
		const found = await searchProjects(parseSearchParams(new URLSearchParams('q=Fahrradkurs')), 'de');
		expect(found.items.map((i) => i.slug)).toContain('fahrradkurs-hannover');

		// The owner reads English: the mail is in English, with the English public link.
		const [mail] = await smtp().waitFor(1);
		expect(mail!.to).toEqual(['owner-h@example.org']);
		expect(mail!.parsed.subject).toBe('Your entry “Fahrradkurs für Frauen Hannover” is now in the project atlas');
		expect(mail!.parsed.text).toContain('http://localhost:5999/en/atlas/fahrradkurs-hannover');
		expect(mail!.parsed.headers.get('content-language')).toBe('en');
	});

	it('rejects with a reason that reaches the owner in their language (Arabic)', async () => {
		const { entries } = await seedQueue();
		const moderator = await user('mod@example.org', 'moderator');
		const reason = 'Das Angebot liegt außerhalb Niedersachsens.\nBitte prüfen Sie den Ort.';
		expect(await decide(moderator.actor, { projectId: entries.leer.id, transition: 'reject', revision: 1, note: reason })).toMatchObject({
			ok: true,
			status: 'rejected'
		});
		expect(await status(entries.leer.id)).toEqual({ status: 'rejected', revision: 2, moderation_note: reason });
		expect(await getPublishedProject('nachhilfe-leer', 'de')).toBeNull();
		expect((await audit(entries.leer.id))[0]).toMatchObject({ action: 'atlas.reject', after: { status: 'rejected', note: reason } });

		const [mail] = await smtp().waitFor(1);
		expect(mail!.to).toEqual(['owner-leer@example.org']);
		expect(mail!.parsed.subject).toBe('لن يُنشر إدخالك «Nachhilfe Leer»');
		expect(mail!.parsed.text).toContain('السبب:');
		expect(mail!.parsed.text).toContain('Das Angebot liegt außerhalb Niedersachsens.');
		expect(mail!.parsed.text).toContain('Bitte prüfen Sie den Ort.');
		expect(mail!.parsed.html).toContain('dir="rtl"');
	});

	it('asks for changes: back to draft with the note, mail with the edit link', async () => {
		const { entries } = await seedQueue();
		const moderator = await user('mod@example.org', 'moderator');
		const note = 'Bitte ergänzen Sie die Uhrzeiten <und> eine Kontaktadresse.';
		expect(await decide(moderator.actor, { projectId: entries.lueneburg.id, transition: 'request_changes', revision: 1, note })).toMatchObject({
			ok: true,
			status: 'draft'
		});
		expect(await status(entries.lueneburg.id)).toEqual({ status: 'draft', revision: 2, moderation_note: note });
		const [mail] = await smtp().waitFor(1);
		expect(mail!.parsed.subject).toBe('Bitte überarbeiten Sie Ihren Eintrag „Lesepaten Lüneburg“');
		expect(mail!.parsed.text).toContain(note);
		expect(mail!.parsed.text).toContain('http://localhost:5999/de/atlas/lesepaten-lueneburg/bearbeiten');
		expect(mail!.parsed.html).toContain('&lt;und&gt;');
	});

	it('refuses a decision based on an old revision, and decisions the status does not allow', async () => {
		const { entries } = await seedQueue();
		const moderator = await user('mod@example.org', 'moderator');
		const other = await user('mod2@example.org', 'moderator');
		// Two moderators opened the page at revision 1; the first one decides.
		expect((await decide(other.actor, { projectId: entries.hannover.id, transition: 'reject', revision: 1, note: 'Doppelt.' })).ok).toBe(true);
		expect(await decide(moderator.actor, { projectId: entries.hannover.id, transition: 'approve', revision: 1 })).toEqual({ ok: false, reason: 'stale' });
		expect(await status(entries.hannover.id)).toMatchObject({ status: 'rejected', revision: 2 });
		// At the current revision the state machine answers: a rejected entry cannot be approved here.
		expect(await decide(moderator.actor, { projectId: entries.hannover.id, transition: 'approve', revision: 2 })).toEqual({ ok: false, reason: 'wrong_status' });
		expect((await audit(entries.hannover.id)).map((a) => a.action)).toEqual(['atlas.reject']);
		expect(await decide(moderator.actor, { projectId: entries.lueneburg.id, transition: 'reject', revision: 1, note: '  ' })).toEqual({ ok: false, reason: 'note_required' });
		expect(await decide(moderator.actor, { projectId: 'not-a-uuid', transition: 'approve', revision: 1 })).toEqual({ ok: false, reason: 'not_found' });
		expect(await decide(moderator.actor, { projectId: '00000000-0000-4000-8000-000000000000', transition: 'approve', revision: 1 })).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});

	it('archives and re-publishes a published entry, and nobody approves an entry they own', async () => {
		const { entries } = await seedQueue();
		const moderator = await user('mod@example.org', 'moderator');
		await dbPool().query(`insert into project_owners (project_id, user_id, via) values ($1, $2, 'staff')`, [entries.statewide.id, moderator.id]);
		expect(await decide(moderator.actor, { projectId: entries.statewide.id, transition: 'approve', revision: 1 })).toEqual({ ok: false, reason: 'own_entry' });

		expect((await decide(moderator.actor, { projectId: entries.lueneburg.id, transition: 'approve', revision: 1 })).ok).toBe(true);
		expect(await decide(moderator.actor, { projectId: entries.lueneburg.id, transition: 'archive', revision: 2 })).toMatchObject({ ok: true, status: 'archived', mailed: 0 });
		const archived = (await dbPool().query('select archived_at, archived_reason from projects where id = $1', [entries.lueneburg.id])).rows[0];
		expect(archived.archived_reason).toBe('staff');
		expect(archived.archived_at).toBeInstanceOf(Date);
		expect(await getPublishedProject('lesepaten-lueneburg', 'de')).toBeNull();
		expect(await decide(moderator.actor, { projectId: entries.lueneburg.id, transition: 'republish', revision: 3 })).toMatchObject({ ok: true, status: 'published' });
		expect((await dbPool().query('select archived_at, archived_reason from projects where id = $1', [entries.lueneburg.id])).rows[0]).toEqual({
			archived_at: null,
			archived_reason: null
		});
		expect((await audit(entries.lueneburg.id)).map((a) => a.action)).toEqual(['atlas.approve', 'atlas.archive', 'atlas.republish']);
		// Only the approval was mailed (to the Lüneburg owner; the refused approval mailed nobody).
		const outbox = await dbPool().query<{ to_address: string; template: string }>('select to_address, template from mail_outbox');
		expect(outbox.rows).toEqual([{ to_address: 'owner-lg@example.org', template: 'atlas.moderation.approved' }]);
		const mails: ReceivedMail[] = await smtp().waitFor(1);
		expect(mails[0]!.to).toEqual(['owner-lg@example.org']);
	});

	it('lists owner edits with a diff against the previous revision, scoped, until marked as reviewed', async () => {
		const { entries, owners } = await seedQueue();
		const moderator = await user('mod@example.org', 'moderator');
		const regionalOther = (await user('arl-bs@example.org', 'regional', 'braunschweig')).actor;
		const regionalHere = (await user('arl-lg@example.org', 'regional', 'lueneburg')).actor;
		const id = entries.lueneburg.id;
		expect((await decide(moderator.actor, { projectId: id, transition: 'approve', revision: 1 })).ok).toBe(true);

		// The owner edits the published entry (as the edit page does): change, bump, revision of kind owner_edit.
		const client = await dbPool().connect();
		try {
			await client.query('begin');
			await client.query(`update project_texts set teaser = 'Lesepaten lesen dienstags mit Kindern.' where project_id = $1 and locale = 'de'`, [id]);
			await client.query(`update projects set languages = '{de,uk}', childcare = true, revision = revision + 1 where id = $1`, [id]);
			await saveRevision(client, id, 'owner_edit', owners.lueneburg.id);
			await client.query('commit');
		} finally {
			client.release();
		}
		const current = await loadSnapshot(id);
		expect(current?.revision).toBe(3);

		expect((await listOwnerEdits(regionalOther)).items).toEqual([]);
		const list = await listOwnerEdits(regionalHere);
		expect(list.total).toBe(1);
		const edit = list.items[0]!;
		expect(edit).toMatchObject({ projectId: id, revision: 3, previousRevision: 2, author: 'owner-lg@example.org', status: 'published' });
		const changes = edit.changes!;
		expect(changes).toContainEqual({ kind: 'set', field: 'languages', added: ['uk'], removed: [] });
		expect(changes).toContainEqual({ kind: 'value', field: 'childcare', before: false, after: true });
		const teaser = changes.find((c) => c.kind === 'text' && c.field === 'teaser');
		expect(teaser && teaser.kind === 'text' && teaser.parts.filter((p) => p.type === 'added').map((p) => p.text.trim())).toContain('lesen dienstags mit Kindern');
		expect(await openWork(moderator.actor)).toMatchObject({ edits: 1 });

		await expect(markReviewed(regionalOther, { projectId: id, revision: 3 })).rejects.toBeInstanceOf(AccessDenied);
		expect(await markReviewed(moderator.actor, { projectId: id, revision: 3, requestId: 'req-9' })).toEqual({ ok: true });
		const reviewed = (await dbPool().query('select reviewed_at, reviewed_by from project_revisions where project_id = $1 and revision = 3', [id])).rows[0];
		expect(reviewed.reviewed_by).toBe(moderator.id);
		expect(reviewed.reviewed_at).toBeInstanceOf(Date);
		expect(await markReviewed(moderator.actor, { projectId: id, revision: 3 })).toEqual({ ok: false, reason: 'already_reviewed' });
		// A status revision is not an owner edit.
		expect(await markReviewed(moderator.actor, { projectId: id, revision: 2 })).toEqual({ ok: false, reason: 'already_reviewed' });
		expect((await listOwnerEdits(moderator.actor)).items).toEqual([]);
		expect((await audit(id)).map((a) => a.action)).toEqual(['atlas.approve', 'atlas.owner_edit.reviewed']);
	});
});
