/**
 * The public wall and the counters. The wall shows only confirmed
 * supporters who consented to public display; the counters count every
 * confirmed signature (a number reveals nobody).
 */
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { INSTITUTION_KINDS, type InstitutionKind, type SupporterKind } from '../../supporters/vocabulary';
import { REGIONS, type Region } from '../accounts/schema';
import { db } from '../core/db';
import { logoFileName, logoSize } from './logo';
import { supporters } from './schema';

export const WALL_PAGE_SIZE = 50;

export interface WallFilter {
	region: Region | null;
	kind: SupporterKind | null;
	institutionKind: InstitutionKind | null;
	q: string;
	page: number;
}

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null => (v && (list as readonly string[]).includes(v) ? (v as T) : null);

/** Unknown values are ignored, never an error: every link keeps working. */
export function parseWallFilter(p: URLSearchParams): WallFilter {
	const page = Number.parseInt(p.get('seite') ?? '1', 10);
	return {
		region: oneOf(REGIONS, p.get('region')),
		kind: oneOf(['person', 'institution'] as const, p.get('art')),
		institutionKind: oneOf(INSTITUTION_KINDS, p.get('typ')),
		q: (p.get('q') ?? '').trim().slice(0, 100),
		page: Number.isSafeInteger(page) && page > 0 && page < 10_000 ? page : 1
	};
}

export function wallQuery(f: Partial<WallFilter>): string {
	const p = new URLSearchParams();
	if (f.region) p.set('region', f.region);
	if (f.kind) p.set('art', f.kind);
	if (f.institutionKind) p.set('typ', f.institutionKind);
	if (f.q) p.set('q', f.q);
	if (f.page && f.page > 1) p.set('seite', String(f.page));
	return p.toString();
}

/** ILIKE pattern with the wildcards of the input escaped. */
export function containsPattern(q: string): string {
	return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function textMatch(q: string): SQL | undefined {
	if (!q) return undefined;
	const p = containsPattern(q);
	return or(ilike(supporters.name, p), ilike(supporters.placeName, p));
}

const onWall = and(eq(supporters.status, 'confirmed'), eq(supporters.publicDisplay, true));

export interface WallItem {
	id: string;
	kind: SupporterKind;
	name: string;
	place: string;
	region: Region | null;
	institutionKind: InstitutionKind | null;
	website: string | null;
	logo: { url: string; width: number; height: number } | null;
}

export interface WallPage {
	items: WallItem[];
	total: number;
	page: number;
	pages: number;
	/** Counts under the other filters, per value of each filter. */
	counts: { kind: Record<string, number>; region: Record<string, number>; institutionKind: Record<string, number> };
}

function conditions(f: WallFilter, skip?: 'kind' | 'region' | 'institutionKind'): SQL | undefined {
	return and(
		onWall,
		skip !== 'region' && f.region ? eq(supporters.region, f.region) : undefined,
		skip !== 'kind' && f.kind ? eq(supporters.kind, f.kind) : undefined,
		skip !== 'institutionKind' && f.institutionKind ? eq(supporters.institutionKind, f.institutionKind) : undefined,
		textMatch(f.q)
	);
}

async function countsBy(column: typeof supporters.kind | typeof supporters.region | typeof supporters.institutionKind, where: SQL | undefined): Promise<Record<string, number>> {
	const rows = await db().select({ v: column, n: count() }).from(supporters).where(where).groupBy(column);
	return Object.fromEntries(rows.filter((r) => r.v).map((r) => [r.v as string, r.n]));
}

export async function wallPage(f: WallFilter, locale = 'de'): Promise<WallPage> {
	const where = conditions(f);
	const [{ n: total } = { n: 0 }] = await db().select({ n: count() }).from(supporters).where(where);
	const pages = Math.max(1, Math.ceil(total / WALL_PAGE_SIZE));
	const page = Math.min(f.page, pages);
	const rows = await db()
		.select()
		.from(supporters)
		.where(where)
		.orderBy(sql`lower(${supporters.name}) collate "C"`, asc(supporters.id))
		.limit(WALL_PAGE_SIZE)
		.offset((page - 1) * WALL_PAGE_SIZE);
	const [kind, region, institutionKind] = await Promise.all([
		countsBy(supporters.kind, conditions(f, 'kind')),
		countsBy(supporters.region, conditions(f, 'region')),
		countsBy(supporters.institutionKind, conditions(f, 'institutionKind'))
	]);
	return {
		items: rows.map((r) => {
			const size = r.logoKey ? logoSize(r.logoKey) : undefined;
			return {
				id: r.id,
				kind: r.kind,
				name: r.name,
				place: r.placeName,
				region: r.region,
				institutionKind: r.institutionKind,
				website: r.kind === 'institution' ? r.website : null,
				logo: r.logoKey && size ? { url: `/${locale}/unterstuetzen/logo/${logoFileName(r.logoKey)}`, ...size } : null
			};
		}),
		total,
		page,
		pages,
		counts: { kind, region, institutionKind }
	};
}

export interface SupporterCounts {
	people: number;
	institutions: number;
	total: number;
}

/** Every confirmed signature, public or not. */
export async function supporterCounts(): Promise<SupporterCounts> {
	const rows = await db().select({ kind: supporters.kind, n: count() }).from(supporters).where(eq(supporters.status, 'confirmed')).groupBy(supporters.kind);
	const people = rows.find((r) => r.kind === 'person')?.n ?? 0;
	const institutions = rows.find((r) => r.kind === 'institution')?.n ?? 0;
	return { people, institutions, total: people + institutions };
}

/** GET /api/v1/stats. */
export async function statsDocument(now = new Date()) {
	return { supporters: await supporterCounts(), generatedAt: now.toISOString() };
}

/** The OpenAPI path item and schema of /api/v1/stats (merged into /api/v1/openapi.json). */
export function statsOpenApi() {
	const int = { type: 'integer', minimum: 0 };
	return {
		path: {
			get: {
				operationId: 'getStats',
				summary: 'Counters of the appeal',
				description: 'Confirmed signatures of the appeal „Niedersachsen packt an“ (people, institutions, total). Every confirmed signature counts, whether or not it is shown on the public wall. Cached for 60 seconds.',
				tags: ['supporters'],
				responses: { '200': { description: 'Counters.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Stats' } } } } }
			}
		},
		tag: { name: 'supporters', description: 'Supporters of the appeal: counters.' },
		schema: {
			type: 'object',
			required: ['supporters', 'generatedAt'],
			properties: {
				supporters: { type: 'object', required: ['people', 'institutions', 'total'], properties: { people: int, institutions: int, total: int } },
				generatedAt: { type: 'string', format: 'date-time' }
			}
		}
	};
}

/** The API document with /api/v1/stats added (path, tag, schema). */
export function withStatsApi<D extends { paths: object; tags?: object[]; components?: { schemas?: object } }>(doc: D): D {
	const s = statsOpenApi();
	return {
		...doc,
		tags: [...(doc.tags ?? []), s.tag],
		paths: { ...doc.paths, '/api/v1/stats': s.path },
		components: { ...doc.components, schemas: { ...doc.components?.schemas, Stats: s.schema } }
	};
}
