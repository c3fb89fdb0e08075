/**
 * Staff work on supporters (supporters.read / supporters.write): list with
 * filters, CSV export, edit, merge duplicates, remove, counts over time.
 * Regional staff see only their region. Every write is audited.
 */
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { INSTITUTION_KINDS, type InstitutionKind, type SupporterKind, type SupporterStatus } from '../../supporters/vocabulary';
import { requireAccess, type Actor } from '../access/policy';
import { REGIONS, type Region } from '../accounts/schema';
import { csvCell } from '../atlas/export';
import { locate } from '../atlas/locate';
import { record } from '../audit/service';
import { consents } from '../consent/schema';
import { db, transaction } from '../core/db';
import { newsletterSubscribers } from '../newsletter/schema';
import { deleteLogo } from './logo';
import { supporters } from './schema';
import { findSupporter, removeSupporter, type SupporterRow } from './signup';
import { textMatch } from './wall';

export const ADMIN_PAGE_SIZE = 50;

export interface AdminFilter {
	kind: SupporterKind | null;
	status: SupporterStatus | null;
	region: Region | null;
	public: boolean | null;
	q: string;
	page: number;
}

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null => (v && (list as readonly string[]).includes(v) ? (v as T) : null);

export function parseAdminFilter(p: URLSearchParams): AdminFilter {
	const page = Number.parseInt(p.get('seite') ?? '1', 10);
	const pub = p.get('oeffentlich');
	return {
		kind: oneOf(['person', 'institution'] as const, p.get('art')),
		status: oneOf(['pending', 'confirmed'] as const, p.get('status')),
		region: oneOf(REGIONS, p.get('region')),
		public: pub === 'ja' ? true : pub === 'nein' ? false : null,
		q: (p.get('q') ?? '').trim().slice(0, 100),
		page: Number.isSafeInteger(page) && page > 0 && page < 10_000 ? page : 1
	};
}

/** Regional staff: their region, whatever the filter says. */
function scope(actor: Actor, f: AdminFilter): SQL | undefined {
	const region = actor.kind === 'user' && actor.role === 'regional' ? actor.region : f.region;
	return and(
		region ? eq(supporters.region, region) : undefined,
		f.kind ? eq(supporters.kind, f.kind) : undefined,
		f.status ? eq(supporters.status, f.status) : undefined,
		f.public === null ? undefined : eq(supporters.publicDisplay, f.public),
		textMatch(f.q)
	);
}

/** The resource for guard(): regional staff read their own region. */
export function readRegion(actor: Actor): { region?: Region | null } | undefined {
	return actor.kind === 'user' && actor.role === 'regional' ? { region: actor.region } : undefined;
}

export async function listSupporters(actor: Actor, f: AdminFilter): Promise<{ rows: SupporterRow[]; total: number; page: number; pages: number }> {
	requireAccess(actor, 'supporters.read', readRegion(actor));
	const where = scope(actor, f);
	const [{ n: total } = { n: 0 }] = await db().select({ n: count() }).from(supporters).where(where);
	const pages = Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE));
	const page = Math.min(f.page, pages);
	const rows = await db()
		.select()
		.from(supporters)
		.where(where)
		.orderBy(desc(supporters.createdAt), supporters.id)
		.limit(ADMIN_PAGE_SIZE)
		.offset((page - 1) * ADMIN_PAGE_SIZE);
	return { rows, total, page, pages };
}

export const CSV_HEADER = ['id', 'kind', 'status', 'name', 'email', 'place', 'ags', 'region', 'institution_kind', 'website', 'contact_name', 'public_display', 'created_at', 'confirmed_at', 'note', 'demo'] as const;

/** The filtered list as CSV: UTF-8 with BOM, ';', RFC 4180 quoting, formula-injection guard (csvCell). */
export async function supportersCsv(actor: Actor, f: AdminFilter): Promise<string> {
	requireAccess(actor, 'supporters.read', readRegion(actor));
	const rows = await db().select().from(supporters).where(scope(actor, f)).orderBy(supporters.createdAt, supporters.id);
	const line = (cells: string[]) => cells.map(csvCell).join(';') + '\r\n';
	let out = '\uFEFF' + line([...CSV_HEADER]);
	for (const r of rows) {
		out += line([
			r.id,
			r.kind,
			r.status,
			r.name,
			r.email,
			r.placeName,
			r.ags ?? '',
			r.region ?? '',
			r.institutionKind ?? '',
			r.website ?? '',
			r.contactName ?? '',
			String(r.publicDisplay),
			r.createdAt.toISOString(),
			r.confirmedAt?.toISOString() ?? '',
			r.note,
			String(r.demo)
		]);
	}
	return out;
}

export async function supporterForStaff(actor: Actor, id: string): Promise<SupporterRow | undefined> {
	const s = /^[0-9a-f-]{36}$/.test(id) ? await findSupporter(db(), id) : undefined;
	if (!s) return undefined;
	requireAccess(actor, 'supporters.read', { region: s.region });
	return s;
}

const editSchema = z.object({
	name: z.string().trim().min(1, { error: 'sup_error_name_required' }).max(200, { error: 'sup_error_too_long' }),
	place: z.string().trim().max(100, { error: 'sup_error_too_long' }),
	kind: z.enum(['person', 'institution'], { error: 'sup_error_kind' }),
	institution_kind: z.string(),
	website: z.string().trim().max(300, { error: 'sup_error_too_long' }),
	contact: z.string().trim().max(200, { error: 'sup_error_too_long' }),
	note: z.string().trim().max(2000, { error: 'sup_error_too_long' }),
	public_display: z.string()
});

export type EditValues = Record<keyof z.infer<typeof editSchema>, string>;

export function editValues(form: FormData): EditValues {
	const t = (n: string) => {
		const v = form.get(n);
		return typeof v === 'string' ? v.slice(0, 3000) : '';
	};
	return { name: t('name'), place: t('place'), kind: t('kind'), institution_kind: t('institution_kind'), website: t('website'), contact: t('contact'), note: t('note'), public_display: t('public_display') };
}

/** Staff edit. Public display may be switched off, never on without the person's consent. */
export async function editSupporter(actor: Actor, id: string, form: FormData, requestId?: string): Promise<{ ok: true } | { ok: false; values: EditValues; errors: FieldErrors } | { ok: false; reason: 'not_found' }> {
	requireAccess(actor, 'supporters.write');
	const values = editValues(form);
	const parsed = editSchema.safeParse(values);
	const errors: FieldErrors = parsed.success ? {} : fieldErrorsFrom(parsed.error.issues, 'name');
	if (values.kind === 'institution' && !(INSTITUTION_KINDS as readonly string[]).includes(values.institution_kind)) errors.institution_kind ??= 'sup_error_org_kind';
	if (values.website && !(URL.canParse(values.website) && /^https?:$/.test(new URL(values.website).protocol))) errors.website ??= 'sup_error_website';
	if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, values, errors };
	const d = parsed.data;
	return transaction(async (tx) => {
		const [s] = await tx.select().from(supporters).where(eq(supporters.id, id)).for('update');
		if (!s) return { ok: false as const, reason: 'not_found' as const };
		let place: Partial<SupporterRow> = {};
		if (d.place !== s.placeName) {
			const found = d.place ? await locate({ place: d.place }) : undefined;
			place =
				found?.status === 'found'
					? { placeName: found.place.name, ags: found.location.ags ?? null, districtKey: found.location.districtKey ?? null, region: found.location.region ?? null }
					: { placeName: d.place, ags: null, districtKey: null, region: null };
		}
		const change = {
			name: d.name,
			kind: d.kind,
			institutionKind: d.kind === 'institution' ? (d.institution_kind as InstitutionKind) : null,
			website: d.kind === 'institution' ? d.website || null : null,
			contactName: d.kind === 'institution' ? d.contact || null : null,
			note: d.note,
			// Off is always allowed; on only stays on if it already was (the consent decides).
			publicDisplay: s.publicDisplay && d.public_display === 'yes',
			...place,
			updatedAt: new Date(),
			updatedBy: actor.kind === 'user' ? actor.id : null
		};
		await tx.update(supporters).set(change).where(eq(supporters.id, id));
		const before = { name: s.name, kind: s.kind, placeName: s.placeName, institutionKind: s.institutionKind, website: s.website, contactName: s.contactName, note: s.note, publicDisplay: s.publicDisplay };
		const after = { name: change.name, kind: change.kind, placeName: change.placeName ?? s.placeName, institutionKind: change.institutionKind, website: change.website, contactName: change.contactName, note: change.note, publicDisplay: change.publicDisplay };
		await record(actor, { action: 'supporters.edit', entity: 'supporter', entityId: id, before, after, requestId }, tx);
		return { ok: true as const };
	});
}

/**
 * Merges a duplicate into the record to keep: the duplicate's consent
 * history is re-pointed to the kept record (both histories stay as they
 * were), a newsletter subscriber linked to it follows, then the duplicate
 * row is deleted. The kept record's own fields do not change.
 */
export async function mergeSupporters(actor: Actor, keepId: string, dropId: string, requestId?: string): Promise<'merged' | 'not_found' | 'same'> {
	requireAccess(actor, 'supporters.write');
	if (keepId === dropId) return 'same';
	const result = await transaction(async (tx) => {
		const rows = await tx.select().from(supporters).where(inArray(supporters.id, [keepId, dropId])).for('update');
		const keep = rows.find((r) => r.id === keepId);
		const drop = rows.find((r) => r.id === dropId);
		if (!keep || !drop) return { status: 'not_found' as const };
		const moved = await tx.update(consents).set({ subjectId: keepId }).where(eq(consents.subjectId, dropId)).returning({ id: consents.id });
		await tx.update(newsletterSubscribers).set({ supporterId: keepId }).where(eq(newsletterSubscribers.supporterId, dropId));
		await tx.delete(supporters).where(eq(supporters.id, dropId));
		const confirmedAt = [keep.confirmedAt, drop.confirmedAt].filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
		await tx
			.update(supporters)
			.set({ status: keep.status === 'confirmed' || drop.status === 'confirmed' ? 'confirmed' : 'pending', confirmedAt, updatedAt: new Date(), updatedBy: actor.kind === 'user' ? actor.id : null })
			.where(eq(supporters.id, keepId));
		await record(
			actor,
			{ action: 'supporters.merge', entity: 'supporter', entityId: keepId, before: { keepId, dropId, drop: { name: drop.name, kind: drop.kind, status: drop.status } }, after: { keepId, consentsMoved: moved.length }, requestId },
			tx
		);
		return { status: 'merged' as const, logo: drop.logoKey && drop.logoKey !== keep.logoKey ? drop.logoKey : null };
	});
	if (result.status === 'merged' && result.logo) await deleteLogo(result.logo);
	return result.status;
}

export async function removeByStaff(actor: Actor, id: string): Promise<boolean> {
	requireAccess(actor, 'supporters.write');
	const removed = await transaction((tx) => removeSupporter(tx, id, 'admin', actor));
	if (removed?.logoKey) await deleteLogo(removed.logoKey);
	return !!removed;
}

export async function staffWithdrawPublic(actor: Actor, id: string): Promise<void> {
	requireAccess(actor, 'supporters.write');
	const { withdrawPublic } = await import('./signup');
	await withdrawPublic(id, 'admin', actor);
}

export interface MonthRow {
	month: string;
	people: number;
	institutions: number;
	cumulative: number;
}

/** Confirmed signatures per month (Europe/Berlin), with the running total. */
export async function countsOverTime(actor: Actor): Promise<MonthRow[]> {
	requireAccess(actor, 'supporters.read', readRegion(actor));
	const region = actor.kind === 'user' && actor.role === 'regional' ? actor.region : null;
	const month = sql<string>`to_char(${supporters.confirmedAt} at time zone 'Europe/Berlin', 'YYYY-MM')`;
	const rows = await db()
		.select({ month, kind: supporters.kind, n: count() })
		.from(supporters)
		.where(and(eq(supporters.status, 'confirmed'), region ? eq(supporters.region, region) : undefined))
		.groupBy(month, supporters.kind)
		.orderBy(month);
	const byMonth = new Map<string, MonthRow>();
	for (const r of rows) {
		const row = byMonth.get(r.month) ?? { month: r.month, people: 0, institutions: 0, cumulative: 0 };
		if (r.kind === 'person') row.people += r.n;
		else row.institutions += r.n;
		byMonth.set(r.month, row);
	}
	let total = 0;
	return [...byMonth.values()].map((r) => ({ ...r, cumulative: (total += r.people + r.institutions) }));
}
