/**
 * Editing an entry's source-language texts and facts, by its owners and by
 * staff (mayEdit). Optimistic locking: the form carries the revision it was
 * based on, and a save based on an older revision is refused. Owner edits
 * to a published (or archived) entry go live at once and wait in the
 * moderators' review list (revision kind 'owner_edit', reviewed_at null).
 */
import { can, type Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { dbPool, transaction } from '../../core/db';
import type { ProjectStatus } from '../../../atlas/taxonomy';
import type { EntryValues } from '../../../atlas/form/entry';
import type { FieldErrors } from '../../../forms/errors';
import { loadSnapshot, mayEdit, projectRegions, saveRevision, type Queryable, type RevisionKind } from '../snapshot';
import { readEntryForm, valuesFromSnapshot } from './contract';
import { findProjectBySlug, lockProject, updateProject } from './repository';
import type { PlaceChoice } from './resolve';
import { applyLayoutIntent, checkEntry } from './submit';

export interface EditView {
	id: string;
	slug: string;
	status: ProjectStatus;
	revision: number;
	title: string;
	sourceLocale: string;
	moderationNote: string | null;
	/** A draft that was sent back with changes asked for can be submitted again. */
	canResubmit: boolean;
	/** The person edits as staff (their edits are 'staff_edit' revisions). */
	asStaff: boolean;
}

/** Staff who may edit this entry by role (not merely as an owner). */
export async function editsAsStaff(actor: Actor, projectId: string, q: Queryable = dbPool()): Promise<boolean> {
	if (actor.kind === 'system') return true;
	if (actor.kind !== 'user' || !actor.role) return false;
	if (actor.role === 'regional') return (await projectRegions(projectId, q)).some((region) => can(actor, 'moderation.write', { region }));
	return can(actor, 'moderation.write', { region: null });
}

async function viewOf(actor: Actor, projectId: string, q: Queryable) {
	const res = await q.query<{ moderation_note: string | null; submitted_at: Date | null }>(`select moderation_note, submitted_at from projects where id = $1`, [projectId]);
	const current = await loadSnapshot(projectId, q);
	if (!current || !res.rows[0]) return null;
	const s = current.snapshot;
	const view: EditView = {
		id: projectId,
		slug: s.slug,
		status: s.status,
		revision: current.revision,
		title: s.texts[s.sourceLocale]?.title ?? '',
		sourceLocale: s.sourceLocale,
		moderationNote: res.rows[0].moderation_note,
		canResubmit: s.status === 'draft' && res.rows[0].submitted_at !== null,
		asStaff: await editsAsStaff(actor, projectId, q)
	};
	return { view, values: valuesFromSnapshot(s) };
}

export type EditLoad = { kind: 'ok'; view: EditView; values: EntryValues } | { kind: 'not_found' } | { kind: 'forbidden' };

export async function loadForEdit(actor: Actor, slug: string): Promise<EditLoad> {
	const project = await findProjectBySlug(dbPool(), slug);
	if (!project) return { kind: 'not_found' };
	if (!(await mayEdit(actor, project.id))) return { kind: 'forbidden' };
	const loaded = await viewOf(actor, project.id, dbPool());
	return loaded ? { kind: 'ok', ...loaded } : { kind: 'not_found' };
}

export type EditOutcome =
	| { kind: 'not_found' }
	| { kind: 'forbidden' }
	| { kind: 'form'; view: EditView; values: EntryValues; baseRevision: number; errors: FieldErrors; choices: Record<number, PlaceChoice[]> }
	/** Someone saved in between: the current state, and what this person sent (so nothing is lost). */
	| { kind: 'stale'; view: EditView; values: EntryValues; mine: EntryValues }
	| { kind: 'saved'; slug: string; status: ProjectStatus; revision: number; revisionKind: RevisionKind; resubmitted: boolean };

/** The revision kind of an edit, by who edits what (see REVISION_KINDS in snapshot.ts). */
export function revisionKindFor(asStaff: boolean, status: ProjectStatus): RevisionKind {
	if (asStaff) return 'staff_edit';
	// Before publication the moderators see the whole entry in the queue anyway; afterwards the edit is live and needs a look.
	return status === 'published' || status === 'archived' ? 'owner_edit' : 'submission';
}

export async function saveEdit(actor: Actor, slug: string, data: FormData, now = new Date()): Promise<EditOutcome> {
	const project = await findProjectBySlug(dbPool(), slug);
	if (!project) return { kind: 'not_found' };
	if (!(await mayEdit(actor, project.id))) return { kind: 'forbidden' };
	const loaded = await viewOf(actor, project.id, dbPool());
	if (!loaded) return { kind: 'not_found' };
	const { view } = loaded;
	// The texts' language is the entry's; this page edits the source texts only.
	const values = readEntryForm(data, view.sourceLocale);
	values.sourceLocale = view.sourceLocale;
	const base = Number(data.get('base_revision'));
	const baseRevision = Number.isInteger(base) && base > 0 ? base : -1;
	const again = (errors: FieldErrors = {}, choices: Record<number, PlaceChoice[]> = {}): EditOutcome => ({ kind: 'form', view, values, baseRevision, errors, choices });

	if (applyLayoutIntent(values, String(data.get('intent') ?? ''))) return again();
	if (baseRevision !== view.revision) return { kind: 'stale', view, values: loaded.values, mine: values };

	const checked = await checkEntry(values, { requireEmail: false });
	if (!checked.ok) return again(checked.errors, checked.choices);
	const resubmit = data.get('intent') === 'resubmit' && view.canResubmit;

	const outcome = await transaction(async (tx, client): Promise<EditOutcome | 'stale'> => {
		const locked = await lockProject(client, project.id);
		if (!locked) return { kind: 'not_found' };
		if (locked.revision !== baseRevision) return 'stale';
		const asStaff = await editsAsStaff(actor, project.id, client);
		const status: ProjectStatus = resubmit ? 'submitted' : locked.status;
		const revision = await updateProject(client, {
			id: project.id,
			baseRevision,
			sourceLocale: locked.sourceLocale,
			input: { ...checked.input, sourceLocale: locked.sourceLocale },
			locations: checked.locations.locations,
			status: resubmit ? 'submitted' : undefined,
			submittedAt: resubmit ? now : undefined,
			now
		});
		if (revision === null) return 'stale';
		const revisionKind = revisionKindFor(asStaff, locked.status);
		await saveRevision(client, project.id, revisionKind, actor.kind === 'user' ? actor.id : null);
		await record(
			actor,
			{
				action: resubmit ? 'atlas.entry.resubmit' : 'atlas.entry.edit',
				entity: 'project',
				entityId: project.id,
				before: { revision: baseRevision, status: locked.status },
				after: { revision, status, kind: revisionKind }
			},
			tx
		);
		return { kind: 'saved', slug: locked.slug, status, revision, revisionKind, resubmitted: resubmit };
	});
	if (outcome !== 'stale') return outcome;
	const current = await viewOf(actor, project.id, dbPool());
	return current ? { kind: 'stale', view: current.view, values: current.values, mine: values } : { kind: 'not_found' };
}
