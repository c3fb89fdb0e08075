import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { ANONYMOUS, SYSTEM, type Actor } from '../../access/policy';
import { ensureUser } from '../../accounts/service';
import { seedAtlasExamples } from '../demo';
import { loadForEdit, saveEdit } from './edit';
import { addOwner } from './repository';
import { entryFormData, type FormFields } from './testing';

const SLUG = 'deutschvermittler-hemmingen';

async function user(email: string, role: 'moderator' | 'regional' | null = null, region: 'weser-ems' | 'leine-weser' | null = null): Promise<Actor & { kind: 'user' }> {
	const u = await ensureUser(SYSTEM, { email, role, region });
	return { kind: 'user', id: u.id, role, region, label: email };
}

/** The edit form as the page would post it: current values plus changes, based on `revision`. */
async function editForm(actor: Actor, revision: number, fields: FormFields = {}): Promise<FormData> {
	const loaded = await loadForEdit(actor, SLUG);
	if (loaded.kind !== 'ok') throw new Error(loaded.kind);
	const v = loaded.values;
	return entryFormData({
		base_revision: String(revision),
		intent: 'save',
		source_locale: undefined,
		email: undefined,
		title: v.title,
		teaser: v.teaser,
		description: v.description,
		organisation: v.organisation,
		field: v.field,
		topic: v.topic,
		offer: v.offer,
		target_group: v.targetGroup,
		language: v.language,
		cost: v.cost,
		barrier_free: v.barrierFree,
		online: v.online,
		loc_count: '1',
		loc0_label: v.locations[0]!.label,
		loc0_street: v.locations[0]!.street,
		loc0_postcode: v.locations[0]!.postcode,
		loc0_place: v.locations[0]!.place,
		loc0_ags: v.locations[0]!.ags,
		loc0_lat: v.locations[0]!.lat,
		loc0_lon: v.locations[0]!.lon,
		...fields
	});
}

describe('editing an entry', () => {
	const t = useTestDatabase();

	async function setup() {
		const { pool } = t();
		await seedAtlasExamples();
		const id = (await pool.query(`select id from projects where slug = $1`, [SLUG])).rows[0].id as string;
		const owner = await user('owner@example.org');
		await addOwner(pool, id, owner.id, 'submission');
		const revision = (await pool.query(`select revision from projects where id = $1`, [id])).rows[0].revision as number;
		return { pool, id, owner, revision };
	}

	it('lets owners and staff in, and nobody else', async () => {
		const { owner } = await setup();
		expect((await loadForEdit(owner, SLUG)).kind).toBe('ok');
		expect((await loadForEdit(await user('moderator@example.org', 'moderator'), SLUG)).kind).toBe('ok');
		// Hemmingen is in Leine-Weser: the Weser-Ems office may not, the Leine-Weser office may.
		expect((await loadForEdit(await user('we@example.org', 'regional', 'weser-ems'), SLUG)).kind).toBe('forbidden');
		expect((await loadForEdit(await user('lw@example.org', 'regional', 'leine-weser'), SLUG)).kind).toBe('ok');
		expect((await loadForEdit(await user('stranger@example.org'), SLUG)).kind).toBe('forbidden');
		expect((await loadForEdit(ANONYMOUS, SLUG)).kind).toBe('forbidden');
		expect((await loadForEdit(owner, 'gibt-es-nicht')).kind).toBe('not_found');
		const stranger = await user('stranger2@example.org');
		expect((await saveEdit(stranger, SLUG, await editForm(owner, 1, { title: 'Gekapert' }))).kind).toBe('forbidden');
	});

	it('refuses the second of two edits made from the same revision', async () => {
		const { pool, id, owner, revision } = await setup();
		const staff = await user('moderator@example.org', 'moderator');
		const a = await editForm(owner, revision, { teaser: 'Fassung A' });
		const b = await editForm(staff, revision, { teaser: 'Fassung B' });
		// Both at once: the row lock serialises them; exactly one wins.
		const results = await Promise.all([saveEdit(owner, SLUG, a), saveEdit(staff, SLUG, b)]);
		expect(results.map((r) => r.kind).sort()).toEqual(['saved', 'stale']);
		const stale = results.find((r) => r.kind === 'stale');
		const row = (await pool.query(`select revision, (select teaser from project_texts where project_id = $1 and locale = 'de') as teaser from projects where id = $1`, [id])).rows[0];
		expect(row.revision).toBe(revision + 1);
		if (stale?.kind === 'stale') {
			// The refusal shows the current state (the winner's text and revision) and keeps what the loser sent.
			expect(stale.view.revision).toBe(revision + 1);
			expect(stale.values.teaser).toBe(row.teaser);
			expect(['Fassung A', 'Fassung B']).toContain(stale.mine.teaser);
			expect(stale.mine.teaser).not.toBe(row.teaser);
		}
		// A third edit from the old base is refused too, and nothing changes.
		const late = await saveEdit(owner, SLUG, await editForm(owner, revision, { teaser: 'Zu spät' }));
		expect(late.kind).toBe('stale');
		expect((await pool.query(`select revision from projects where id = $1`, [id])).rows[0].revision).toBe(revision + 1);
	});

	it('writes owner edits to a published entry live as owner_edit for review, staff edits as staff_edit', async () => {
		const { pool, id, owner, revision } = await setup();
		await pool.query(`update project_texts set status = 'current' where project_id = $1 and locale = 'en'`, [id]);
		const saved = await saveEdit(owner, SLUG, await editForm(owner, revision, { teaser: 'Neu: auch samstags.', description: 'Text <b>mit</b> [Link](javascript:x)' }));
		expect(saved).toMatchObject({ kind: 'saved', status: 'published', revision: revision + 1, revisionKind: 'owner_edit' });
		const live = (await pool.query(`select t.teaser, t.description, p.status from project_texts t join projects p on p.id = t.project_id where p.id = $1 and t.locale = 'de'`, [id])).rows[0];
		expect(live).toEqual({ teaser: 'Neu: auch samstags.', description: 'Text mit Link', status: 'published' });
		// The source changed, so the English translation is outdated now.
		expect((await pool.query(`select status from project_texts where project_id = $1 and locale = 'en'`, [id])).rows[0].status).toBe('outdated');

		const staff = await user('moderator@example.org', 'moderator');
		await saveEdit(staff, SLUG, await editForm(staff, revision + 1, { organisation: 'Stadt Hemmingen' }));
		const revisions = (await pool.query(`select revision, kind, reviewed_at, snapshot->'texts'->'de'->>'teaser' as teaser from project_revisions where project_id = $1 order by revision`, [id])).rows;
		expect(revisions).toEqual([
			{ revision: revision + 1, kind: 'owner_edit', reviewed_at: null, teaser: 'Neu: auch samstags.' },
			{ revision: revision + 2, kind: 'staff_edit', reviewed_at: null, teaser: 'Neu: auch samstags.' }
		]);
		expect((await pool.query(`select action from audit_log where entity_id = $1 order by id`, [id])).rows.map((r) => r.action)).toEqual(['atlas.entry.edit', 'atlas.entry.edit']);
		// The slug stays, whatever the title becomes.
		await saveEdit(owner, SLUG, await editForm(owner, revision + 2, { title: 'Ganz neuer Name' }));
		expect((await pool.query(`select slug from projects where id = $1`, [id])).rows[0].slug).toBe(SLUG);
	});

	it('resubmits a draft that was sent back with changes asked for', async () => {
		const { pool, id, owner, revision } = await setup();
		await pool.query(`update projects set status = 'draft', submitted_at = now(), moderation_note = 'Bitte Zeiten ergänzen.' where id = $1`, [id]);
		const loaded = await loadForEdit(owner, SLUG);
		expect(loaded.kind === 'ok' && loaded.view).toMatchObject({ canResubmit: true, moderationNote: 'Bitte Zeiten ergänzen.', status: 'draft' });
		const saved = await saveEdit(owner, SLUG, await editForm(owner, revision, { intent: 'resubmit', day1_0_from: '09:00', day1_0_to: '11:00' }));
		expect(saved).toMatchObject({ kind: 'saved', status: 'submitted', resubmitted: true, revisionKind: 'submission' });
		expect((await pool.query(`select status from projects where id = $1`, [id])).rows[0].status).toBe('submitted');
		expect((await pool.query(`select action from audit_log where entity_id = $1`, [id])).rows.map((r) => r.action)).toEqual(['atlas.entry.resubmit']);
	});

	it('sends the form back with errors and keeps the input, without writing', async () => {
		const { pool, id, owner, revision } = await setup();
		const outcome = await saveEdit(owner, SLUG, await editForm(owner, revision, { title: '', loc0_place: 'München', loc0_ags: '' }));
		expect(outcome.kind === 'form' && outcome.errors).toEqual({ title: 'submit_error_title' });
		const outside = await saveEdit(owner, SLUG, await editForm(owner, revision, { loc0_place: 'München', loc0_postcode: '', loc0_ags: '', loc0_lat: '', loc0_lon: '' }));
		expect(outside.kind === 'form' && outside.errors).toEqual({ loc0_place: 'submit_error_location_outside' });
		expect((await pool.query(`select revision from projects where id = $1`, [id])).rows[0].revision).toBe(revision);
		expect((await pool.query(`select 1 from project_revisions where project_id = $1`, [id])).rowCount).toBe(0);
	});
});
