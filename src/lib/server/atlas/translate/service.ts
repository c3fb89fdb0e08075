/**
 * Translations of atlas entries (issue 3): title, teaser and description per
 * UI locale other than the entry's source locale, each row with a status —
 * 'current' (a person wrote or checked it against the current source),
 * 'outdated' (the source changed since: migration 0005's trigger), 'machine'
 * (from the optional provider, machine.ts). Owners and staff who may edit the
 * entry, and translation staff ('atlas.translate'), write them here. Every
 * save bumps the entry's revision (optimistic locking, like the edit page) and
 * saves a revision of kind 'translation'.
 */
import { z } from 'zod';
import { locales } from '../../../i18n';
import { fieldErrorsFrom, type FieldErrors } from '../../../forms/errors';
import { can, type Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { dbPool, transaction } from '../../core/db';
import type { TextStatus } from '../schema';
import { mayEdit, projectRegions, saveRevision, type Queryable } from '../snapshot';
import { authorOf, bumpRevision, findEntryBySlug, lockEntry, type EntryRef } from '../media/entry';
import { MARKDOWN_MAX, sanitiseMarkdown } from '../../markdown';

export const TITLE_MAX = 200;
export const TEASER_MAX = 200;
/** Same limit as the source description (limited Markdown, ADR 0009). */
export const DESCRIPTION_MAX = MARKDOWN_MAX;

export interface EntryTexts {
	title: string;
	teaser: string;
	description: string;
}

export interface TranslationView extends EntryTexts {
	status: TextStatus;
	sourceRevision: number | null;
	updatedAt: string;
}

export interface TranslationsPage {
	entry: EntryRef;
	source: EntryTexts;
	targets: { locale: string; translation: TranslationView | null }[];
}

/** Locales an entry is translated into: every UI locale except its source locale. */
export function targetLocales(sourceLocale: string): string[] {
	return locales.filter((l) => l !== sourceLocale);
}

/** Owners and editing staff (mayEdit), and staff with 'atlas.translate' (editors; regional moderators in their region). */
export async function mayTranslate(actor: Actor, projectId: string, q: Queryable = dbPool()): Promise<boolean> {
	if (await mayEdit(actor, projectId, q)) return true;
	if (actor.kind !== 'user' || actor.role === null) return false;
	if (actor.role !== 'regional' && can(actor, 'atlas.translate', { region: null })) return true;
	const regions = await projectRegions(projectId, q);
	return regions.some((region) => can(actor, 'atlas.translate', { region }));
}

interface TextRow {
	locale: string;
	title: string;
	teaser: string;
	description: string;
	status: TextStatus;
	source_revision: number | null;
	updated_at: Date;
}

async function textRows(projectId: string, q: Queryable = dbPool()): Promise<TextRow[]> {
	const res = await q.query<TextRow>(
		'select locale, title, teaser, description, status, source_revision, updated_at from project_texts where project_id = $1',
		[projectId]
	);
	return res.rows;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' | 'forbidden' };

async function translatableEntry(actor: Actor, slug: string): Promise<Outcome<EntryRef>> {
	const entry = await findEntryBySlug(slug);
	if (!entry) return { ok: false, reason: 'not_found' };
	if (!(await mayTranslate(actor, entry.id))) return { ok: false, reason: 'forbidden' };
	return { ok: true, value: entry };
}

export async function translationsPage(actor: Actor, slug: string): Promise<Outcome<TranslationsPage>> {
	const found = await translatableEntry(actor, slug);
	if (!found.ok) return found;
	const entry = found.value;
	const rows = await textRows(entry.id);
	const source = rows.find((r) => r.locale === entry.sourceLocale);
	return {
		ok: true,
		value: {
			entry,
			source: { title: source?.title ?? '', teaser: source?.teaser ?? '', description: source?.description ?? '' },
			targets: targetLocales(entry.sourceLocale).map((locale) => {
				const row = rows.find((r) => r.locale === locale);
				return {
					locale,
					translation: row
						? {
								title: row.title,
								teaser: row.teaser,
								description: row.description,
								status: row.status,
								sourceRevision: row.source_revision,
								updatedAt: new Date(row.updated_at).toISOString()
							}
						: null
				};
			})
		}
	};
}

export type TranslationValues = {
	locale: string;
	revision: string;
	title: string;
	teaser: string;
	description: string;
};

function formValues(form: FormData): TranslationValues {
	const text = (name: string, max: number) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, max * 2) : '';
	};
	return {
		locale: text('locale', 10),
		revision: text('revision', 12),
		title: text('title', TITLE_MAX),
		teaser: text('teaser', TEASER_MAX),
		description: text('description', DESCRIPTION_MAX)
	};
}

const revisionSchema = z.coerce.number().int().min(1);

function textsSchema(sourceHasTeaser: boolean) {
	return z.object({
		title: z
			.string()
			.trim()
			.min(1, { error: 'translate_error_title_required' })
			.max(TITLE_MAX, { error: 'translate_error_title_too_long' }),
		teaser: z
			.string()
			.trim()
			.max(TEASER_MAX, { error: 'translate_error_teaser_too_long' })
			.refine((v) => !sourceHasTeaser || v.length > 0, { error: 'translate_error_teaser_required' }),
		description: z.string().trim().max(DESCRIPTION_MAX, { error: 'translate_error_description_too_long' })
	});
}

export type SaveOutcome =
	| { ok: true; locale: string; revision: number }
	| { ok: false; reason: 'not_found' | 'forbidden' }
	| { ok: false; reason: 'invalid' | 'stale'; values: TranslationValues; errors: FieldErrors };

/**
 * Saves a person's translation for one locale as 'current', made from the
 * source as it is now. Refused as 'stale' when the entry changed after the
 * form was loaded (someone else saved, or the source changed).
 */
export async function saveTranslation(actor: Actor, slug: string, form: FormData, ctx: { requestId?: string } = {}): Promise<SaveOutcome> {
	const found = await translatableEntry(actor, slug);
	if (!found.ok) return found;
	const entry = found.value;
	const values = formValues(form);
	if (!targetLocales(entry.sourceLocale).includes(values.locale)) return { ok: false, reason: 'not_found' };
	const revision = revisionSchema.safeParse(values.revision);
	if (!revision.success) return { ok: false, reason: 'stale', values, errors: { form: 'translate_error_stale' } };
	const sourceRow = (await textRows(entry.id)).find((r) => r.locale === entry.sourceLocale);
	const parsed = textsSchema(!!sourceRow?.teaser.trim()).safeParse(values);
	if (!parsed.success) return { ok: false, reason: 'invalid', values, errors: fieldErrorsFrom(parsed.error.issues, 'title') };
	// Limited Markdown, sanitised on write like the source (ADR 0009).
	const texts = { ...parsed.data, description: sanitiseMarkdown(parsed.data.description) };

	return transaction(async (tx, client) => {
		const current = await lockEntry(client, entry.id);
		if (current === null) return { ok: false, reason: 'not_found' } as const;
		if (current !== revision.data) return { ok: false, reason: 'stale', values, errors: { form: 'translate_error_stale' } } as const;
		const before = (await textRows(entry.id, client)).find((r) => r.locale === values.locale) ?? null;
		const next = await bumpRevision(client, entry.id);
		await client.query(
			`insert into project_texts (project_id, locale, title, teaser, description, status, source_revision, updated_at)
			values ($1, $2, $3, $4, $5, 'current', $6, now())
			on conflict (project_id, locale) do update set title = excluded.title, teaser = excluded.teaser,
				description = excluded.description, status = 'current', source_revision = excluded.source_revision, updated_at = now()`,
			[entry.id, values.locale, texts.title, texts.teaser, texts.description, next]
		);
		await saveRevision(client, entry.id, 'translation', authorOf(actor));
		await record(
			actor,
			{
				action: 'atlas.translation.save',
				entity: 'project',
				entityId: entry.id,
				before: before ? { locale: before.locale, status: before.status, title: before.title, teaser: before.teaser, description: before.description } : null,
				after: { locale: values.locale, status: 'current', ...texts },
				requestId: ctx.requestId
			},
			tx
		);
		return { ok: true, locale: values.locale, revision: next } as const;
	});
}

export type ConfirmOutcome =
	| { ok: true; locale: string }
	| { ok: false; reason: 'not_found' | 'forbidden' }
	| { ok: false; reason: 'stale' | 'not_outdated'; locale: string };

/**
 * "Still correct": a person checked an outdated translation against the
 * changed source and it still says the same. Status back to 'current'.
 */
export async function confirmTranslation(actor: Actor, slug: string, form: FormData, ctx: { requestId?: string } = {}): Promise<ConfirmOutcome> {
	const found = await translatableEntry(actor, slug);
	if (!found.ok) return found;
	const entry = found.value;
	const locale = typeof form.get('locale') === 'string' ? String(form.get('locale')) : '';
	if (!targetLocales(entry.sourceLocale).includes(locale)) return { ok: false, reason: 'not_found' };
	const revision = revisionSchema.safeParse(form.get('revision'));
	return transaction(async (tx, client) => {
		const current = await lockEntry(client, entry.id);
		if (current === null) return { ok: false, reason: 'not_found' } as const;
		if (!revision.success || current !== revision.data) return { ok: false, reason: 'stale', locale } as const;
		const row = (await textRows(entry.id, client)).find((r) => r.locale === locale);
		if (!row || row.status !== 'outdated') return { ok: false, reason: 'not_outdated', locale } as const;
		const next = await bumpRevision(client, entry.id);
		await client.query(`update project_texts set status = 'current', source_revision = $3, updated_at = now() where project_id = $1 and locale = $2`, [
			entry.id,
			locale,
			next
		]);
		await saveRevision(client, entry.id, 'translation', authorOf(actor));
		await record(
			actor,
			{ action: 'atlas.translation.confirm', entity: 'project', entityId: entry.id, before: { locale, status: 'outdated' }, after: { locale, status: 'current' }, requestId: ctx.requestId },
			tx
		);
		return { ok: true, locale } as const;
	});
}
