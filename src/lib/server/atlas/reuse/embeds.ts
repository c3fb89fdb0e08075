/**
 * Embeds: staff define a search with fixed filters (e.g. one district and
 * one field) and get an iframe snippet; /[lang]/einbettung/[id] shows that
 * search. Visitors may only add a text query and page through: every other
 * parameter of theirs is ignored, so the fixed filters cannot be lost.
 */
import { z } from 'zod';
import { fieldErrorsFrom, type FieldErrors } from '../../../forms/errors';
import { ACTION_FIELDS, OFFER_TYPES, TARGET_GROUPS } from '../../../atlas/taxonomy';
import { requireAccess, type Actor } from '../../access/policy';
import { REGIONS } from '../../accounts/schema';
import { record } from '../../audit/service';
import { db, transaction } from '../../core/db';
import { listDistricts } from '../../gazetteer/repository';
import { parseSearchParams, type SearchParams } from '../contract';
import { canonicalQuery, describeSearch, storedParams, type SearchWords } from './query';
import * as repo from './repository';

export const EMBED_PER_PAGE = 10;
export const EMBED_NAME_MAX = 120;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface EmbedView {
	id: string;
	name: string;
	query: string;
	active: boolean;
	createdAt: string;
	words: SearchWords[];
}

async function present(row: repo.EmbedRow, locale: string): Promise<EmbedView> {
	return {
		id: row.id,
		name: row.name,
		query: row.query,
		active: row.active,
		createdAt: row.createdAt.toISOString(),
		words: await describeSearch(storedParams(row.query), locale)
	};
}

export async function listEmbedViews(actor: Actor, locale: string): Promise<EmbedView[]> {
	requireAccess(actor, 'atlas.embeds.write');
	const rows = await repo.listEmbeds(db());
	return Promise.all(rows.map((r) => present(r, locale)));
}

/** What the staff form offers to choose directly (the list URL covers every other filter). */
export async function embedChoices(): Promise<{ fields: readonly string[]; offers: readonly string[]; targetGroups: readonly string[]; regions: readonly string[]; districts: { ags: string; name: string }[] }> {
	const districts = (await listDistricts()).map((d) => ({ ags: d.ags, name: d.name })).sort((a, b) => a.name.localeCompare(b.name, 'de'));
	return { fields: ACTION_FIELDS, offers: OFFER_TYPES, targetGroups: TARGET_GROUPS, regions: REGIONS, districts };
}

export interface EmbedFormValues {
	name: string;
	list_url: string;
	field: string[];
	offer: string[];
	target_group: string[];
	region: string[];
	district: string;
}

export function embedValues(form: FormData): EmbedFormValues {
	const text = (name: string, max: number) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, max) : '';
	};
	const all = (name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string').slice(0, 50);
	return {
		name: text('name', EMBED_NAME_MAX * 2),
		list_url: text('list_url', 4000),
		field: all('field'),
		offer: all('offer'),
		target_group: all('target_group'),
		region: all('region'),
		district: text('district', 10)
	};
}

/** The query of a pasted list address: only an atlas list page (any locale) or the projects API counts. */
function queryOfListUrl(raw: string): URLSearchParams | null {
	let url: URL;
	try {
		url = new URL(raw, 'http://relative.invalid');
	} catch {
		return null;
	}
	if (!/^\/([a-z]{2}\/atlas|api\/v1\/projects(\.[a-z]+)?)\/?$/.test(url.pathname)) return null;
	return url.searchParams;
}

const embedSchema = z.object({
	name: z.string().trim().min(1, { error: 'reuse_embed_error_name' }).max(EMBED_NAME_MAX, { error: 'reuse_embed_error_name_long' }),
	list_url: z
		.string()
		.trim()
		.refine((v) => v === '' || queryOfListUrl(v) !== null, { error: 'reuse_embed_error_url' })
});

/** The fixed search: the pasted list's filters plus the chosen ones. */
export function fixedParams(values: EmbedFormValues): SearchParams {
	const q = new URLSearchParams(values.list_url.trim() ? (queryOfListUrl(values.list_url.trim()) ?? undefined) : undefined);
	for (const key of ['field', 'offer', 'target_group', 'region'] as const) for (const v of values[key]) q.append(key, v);
	if (values.district) q.append('district', values.district);
	return parseSearchParams(q);
}

export type CreateEmbedOutcome = { ok: true; embed: EmbedView } | { ok: false; values: EmbedFormValues; errors: FieldErrors };

export async function createEmbed(actor: Actor, form: FormData, ctx: { locale: string; requestId?: string }): Promise<CreateEmbedOutcome> {
	requireAccess(actor, 'atlas.embeds.write');
	const values = embedValues(form);
	const parsed = embedSchema.safeParse(values);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'name') };
	const query = canonicalQuery(fixedParams(values));
	const row = await transaction(async (tx) => {
		const created = await repo.insertEmbed(tx, { name: parsed.data.name, query, createdBy: actor.kind === 'user' ? actor.id : null });
		await record(actor, { action: 'atlas.embed.create', entity: 'atlas_embed', entityId: created.id, after: { name: created.name, query }, requestId: ctx.requestId }, tx);
		return created;
	});
	return { ok: true, embed: await present(row, ctx.locale) };
}

export async function setEmbedActive(actor: Actor, id: string, active: boolean, requestId?: string): Promise<boolean> {
	requireAccess(actor, 'atlas.embeds.write');
	if (!UUID.test(id)) return false;
	return transaction(async (tx) => {
		const before = await repo.findEmbed(tx, id);
		if (!before) return false;
		if (before.active === active) return true;
		await repo.setEmbedActive(tx, id, active);
		await record(actor, { action: active ? 'atlas.embed.activate' : 'atlas.embed.deactivate', entity: 'atlas_embed', entityId: id, before: { active: before.active }, after: { active }, requestId }, tx);
		return true;
	});
}

export interface PublicEmbed {
	id: string;
	name: string;
	/** The fixed filters (canonical query), e.g. for the attribution link to the full atlas. */
	query: string;
}

/** An active embed, or null (unknown and deactivated embeds do not exist publicly). */
export async function publicEmbed(id: string): Promise<PublicEmbed | null> {
	if (!UUID.test(id)) return null;
	const row = await repo.findEmbed(db(), id);
	return row?.active ? { id: row.id, name: row.name, query: row.query } : null;
}

/**
 * The search an embed shows: its fixed parameters, with the visitor's text
 * query (unless the embed fixes one itself) and page. Nothing else the
 * visitor sends reaches the search.
 */
export function embedParams(fixedQuery: string, visitor: URLSearchParams): SearchParams {
	const q = new URLSearchParams(fixedQuery);
	q.delete('sort');
	q.delete('page');
	q.delete('per_page');
	const own = visitor.get('q');
	if (own && !q.has('q')) q.set('q', own.slice(0, 400));
	const page = visitor.get('page');
	if (page) q.set('page', page.slice(0, 20));
	// Sort follows from the parameters (distance with a place, relevance with words, else newest).
	return { ...parseSearchParams(q), perPage: EMBED_PER_PAGE };
}
