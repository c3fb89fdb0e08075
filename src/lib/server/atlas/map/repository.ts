/** Runs the map's statements (sql.ts) and the gazetteer lookups the map needs. */
import { dbPool } from '../../core/db';
import type { SearchParams } from '../contract';
import type { Centre, Statement } from '../search-sql';
import { cellEntriesStatement, districtStatement, gridStatement, type Box, type CellRange } from './sql';

/**
 * Runs a map statement with enough sort memory for the grouping of ~100,000
 * points to stay in memory (the default 4 MB spills to disk and doubles the time).
 */
async function query<T extends object>(st: Statement): Promise<T[]> {
	const client = await dbPool().connect();
	try {
		await client.query('begin read only');
		await client.query(`set local work_mem = '48MB'`);
		const res = await client.query<T>(st.text, st.values);
		await client.query('commit');
		return res.rows;
	} catch (err) {
		await client.query('rollback').catch(() => {});
		throw err;
	} finally {
		client.release();
	}
}

export interface DistrictRow {
	district_key: string | null;
	district_name: string | null;
	count: number;
	lat: number;
	lon: number;
}

export async function districtRows(
	params: SearchParams,
	centre: Centre | null,
	unlocatedLimit: number
): Promise<{ total: number; unlocated: number; clusters: DistrictRow[]; unlocatedIds: string[] }> {
	const rows = await query<{ total: number; unlocated: number; clusters: DistrictRow[]; unlocated_ids: string[] }>(
		districtStatement(params, centre, unlocatedLimit)
	);
	const row = rows[0];
	return { total: row?.total ?? 0, unlocated: row?.unlocated ?? 0, clusters: row?.clusters ?? [], unlocatedIds: row?.unlocated_ids ?? [] };
}

export interface GridRow {
	cx: number;
	cy: number;
	count: number;
	lat: number;
	lon: number;
	min_lat: number;
	min_lon: number;
	max_lat: number;
	max_lon: number;
	districts: string[];
	without_district: boolean;
	name: string | null;
}

export async function gridRows(
	params: SearchParams,
	centre: Centre | null,
	range: CellRange,
	within: Box | null
): Promise<{ total: number; unlocated: number; clusters: GridRow[] }> {
	const rows = await query<{ total: number; unlocated: number; clusters: GridRow[] }>(gridStatement(params, centre, range, within));
	const row = rows[0];
	return { total: row?.total ?? 0, unlocated: row?.unlocated ?? 0, clusters: row?.clusters ?? [] };
}

export async function cellEntryIds(
	params: SearchParams,
	centre: Centre | null,
	cell: { zoom: number; x: number; y: number },
	limit: number,
	within: Box
): Promise<{ ids: string[]; total: number }> {
	const rows = await query<{ id: string; total: number }>(cellEntriesStatement(params, centre, cell.zoom, cell.x, cell.y, limit, within));
	return { ids: rows.map((r) => r.id), total: rows[0]?.total ?? 0 };
}

export interface PlaceRow {
	name: string;
	lat: number;
	lon: number;
	population: number;
}

/** The largest places of Lower Saxony (orientation labels on the map). */
export async function largestPlaces(limit: number): Promise<PlaceRow[]> {
	const res = await dbPool().query<PlaceRow>(
		`select name, lat, lon, population from gazetteer_places order by population desc, id limit $1`,
		[limit]
	);
	return res.rows;
}
