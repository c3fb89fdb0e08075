/** The gazetteer's SQL. Keys passed in are normalised ([a-z0-9 ] only). */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { db } from '../core/db';
import { gazetteerDistricts, gazetteerPlaces, gazetteerPostcodes } from './schema';

/** How well a place matched: 0 full name, 1 name without suffix, 2 prefix, 3 word prefix, 4 similar. */
export type MatchRank = 0 | 1 | 2 | 3 | 4;

export interface PlaceRecord {
	id: number;
	name: string;
	ags: string;
	districtAgs: string;
	districtName: string;
	region: string;
	lat: number;
	lon: number;
	population: number;
	postcodes: string[];
}

export interface RankedPlace extends PlaceRecord {
	rank: MatchRank;
}

const placeColumns = {
	id: gazetteerPlaces.id,
	name: gazetteerPlaces.name,
	ags: gazetteerPlaces.ags,
	districtAgs: gazetteerPlaces.districtAgs,
	districtName: gazetteerDistricts.name,
	region: gazetteerPlaces.region,
	lat: gazetteerPlaces.lat,
	lon: gazetteerPlaces.lon,
	population: gazetteerPlaces.population,
	postcodes: gazetteerPlaces.postcodes
};

function textArray(values: string[]): SQL {
	if (values.length === 0) return sql`array[]::text[]`;
	return sql`array[${sql.join(
		values.map((v) => sql`${v}`),
		sql`, `
	)}]::text[]`;
}

function places() {
	return db().select(placeColumns).from(gazetteerPlaces).innerJoin(gazetteerDistricts, eq(gazetteerDistricts.ags, gazetteerPlaces.districtAgs));
}

/**
 * Places by name, best first: exact before prefix before similar, then the
 * bigger place. `fuzzy` enables trigram similarity (pg_trgm) for typos.
 */
export async function findPlacesByName(
	full: string[],
	base: string[],
	opts: { limit: number; prefix: boolean; fuzzy: boolean }
): Promise<RankedPlace[]> {
	const fullArr = textArray(full);
	const prefixes = textArray(full.map((k) => `${k}%`));
	const wordPrefixes = textArray(full.map((k) => `% ${k}%`));
	const rank = sql<number>`case
		when ${gazetteerPlaces.keys} && ${fullArr} then 0
		when ${gazetteerPlaces.baseKeys} && ${fullArr} or ${gazetteerPlaces.keys} && ${textArray(base)} then 1
		${opts.prefix ? sql`when exists (select 1 from unnest(${gazetteerPlaces.keys}) k where k like any (${prefixes})) then 2
		when exists (select 1 from unnest(${gazetteerPlaces.keys}) k where k like any (${wordPrefixes})) then 3` : sql``}
		else 4 end`;
	const similar = opts.fuzzy
		? sql<number>`(select max(similarity(k, q)) from unnest(${gazetteerPlaces.keys}) k, unnest(${fullArr}) q)`
		: sql<number>`0`;
	const rows = await db()
		.select({ ...placeColumns, rank: sql<number>`r.rank`, similar: sql<number>`r.similar` })
		.from(gazetteerPlaces)
		.innerJoin(gazetteerDistricts, eq(gazetteerDistricts.ags, gazetteerPlaces.districtAgs))
		.innerJoin(sql`lateral (select ${rank} as rank, ${similar} as similar) r`, sql`true`)
		.where(sql`r.rank < 4 or r.similar >= 0.4`)
		.orderBy(sql`r.rank`, sql`case when r.rank = 4 then r.similar else 0 end desc`, desc(gazetteerPlaces.population))
		.limit(opts.limit);
	return rows.map((r) => ({ ...r, rank: Number(r.rank) as MatchRank }));
}

/** Places that carry one of the given postcodes or a postcode starting with the prefix. */
export async function findPlacesByPostcode(postcode: string, opts: { limit: number; prefix: boolean }): Promise<PlaceRecord[]> {
	const where = opts.prefix
		? sql`exists (select 1 from unnest(${gazetteerPlaces.postcodes}) pc where pc like ${`${postcode}%`})`
		: sql`${gazetteerPlaces.postcodes} @> ${textArray([postcode])}`;
	return places().where(where).orderBy(desc(gazetteerPlaces.population)).limit(opts.limit);
}

/** What the postcode data says about a postcode's state: true, false or null per place name; empty when unknown. */
export async function postcodeStates(postcode: string): Promise<(boolean | null)[]> {
	const rows = await db()
		.select({ inLowerSaxony: gazetteerPostcodes.inLowerSaxony })
		.from(gazetteerPostcodes)
		.where(eq(gazetteerPostcodes.postcode, postcode));
	return rows.map((r) => r.inLowerSaxony);
}

/** Whether a name is a postcode place elsewhere in Germany. */
export async function isNameElsewhere(keys: string[]): Promise<boolean> {
	const rows = await db()
		.select({ postcode: gazetteerPostcodes.postcode })
		.from(gazetteerPostcodes)
		.where(and(sql`${gazetteerPostcodes.nameKeys} && ${textArray(keys)}`, eq(gazetteerPostcodes.inLowerSaxony, false)))
		.limit(1);
	return rows.length > 0;
}

/** The place that stands for a municipality: a real settlement before a city section, then the biggest. */
export async function findPlaceByAgs(ags: string): Promise<PlaceRecord | null> {
	const rows = await places()
		.where(eq(gazetteerPlaces.ags, ags))
		.orderBy(sql`${gazetteerPlaces.featureCode} = 'PPLX'`, desc(gazetteerPlaces.population))
		.limit(1);
	return rows[0] ?? null;
}

export async function findDistrict(ags: string): Promise<{ ags: string; name: string; type: string; region: string } | null> {
	const rows = await db().select().from(gazetteerDistricts).where(eq(gazetteerDistricts.ags, ags)).limit(1);
	return rows[0] ?? null;
}

export async function listDistricts(): Promise<{ ags: string; name: string; type: string; region: string }[]> {
	return db().select().from(gazetteerDistricts).orderBy(gazetteerDistricts.ags);
}
