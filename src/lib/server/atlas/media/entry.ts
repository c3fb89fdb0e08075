/**
 * The bits of an atlas entry that the images and translations pages need,
 * whatever its status (owners add images and translations to drafts too), and
 * the revision bump every write does.
 */
import type { ProjectStatus } from '../../../atlas/taxonomy';
import type { Actor } from '../../access/policy';
import { dbPool } from '../../core/db';
import type { RevisionKind, Queryable } from '../snapshot';

export interface EntryRef {
	id: string;
	slug: string;
	status: ProjectStatus;
	sourceLocale: string;
	revision: number;
	/** Title in the source locale. */
	title: string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,120}$/;

export async function findEntryBySlug(slug: string, q: Queryable = dbPool()): Promise<EntryRef | null> {
	if (!SLUG.test(slug)) return null;
	const res = await q.query<{ id: string; slug: string; status: ProjectStatus; source_locale: string; revision: number; title: string | null }>(
		`select p.id, p.slug, p.status, p.source_locale, p.revision,
			(select t.title from project_texts t where t.project_id = p.id order by (t.locale = p.source_locale) desc, t.locale limit 1) as title
		from projects p where p.slug = $1`,
		[slug]
	);
	const row = res.rows[0];
	if (!row) return null;
	return { id: row.id, slug: row.slug, status: row.status, sourceLocale: row.source_locale, revision: row.revision, title: row.title ?? row.slug };
}

/** Locks the entry row for the rest of the transaction and returns its revision (null if it is gone). */
export async function lockEntry(q: Queryable, projectId: string): Promise<number | null> {
	const res = await q.query<{ revision: number }>('select revision from projects where id = $1 for update', [projectId]);
	return res.rows[0]?.revision ?? null;
}

/** revision + 1 and updated_at = now(); call inside the writing transaction, before saveRevision(). */
export async function bumpRevision(q: Queryable, projectId: string): Promise<number> {
	const res = await q.query<{ revision: number }>('update projects set revision = revision + 1, updated_at = now() where id = $1 returning revision', [
		projectId
	]);
	const revision = res.rows[0]?.revision;
	if (revision === undefined) throw new Error(`no atlas entry ${projectId}`);
	return revision;
}

/** Staff act as staff (also on entries they own); people without a role edit as owners. */
export function editKind(actor: Actor): RevisionKind {
	if (actor.kind === 'user' && actor.role === null) return 'owner_edit';
	return 'staff_edit';
}

export function authorOf(actor: Actor): string | null {
	return actor.kind === 'user' ? actor.id : null;
}
