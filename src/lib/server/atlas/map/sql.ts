/**
 * The map's statements. Every one starts from the list's own filtered set
 * (search-sql.ts `filteredBase`), so map and list can never disagree about
 * which entries match, and places each matching entry exactly once:
 *
 * - `located`: one representative location per entry — the first location
 *   that satisfies the location filters (inside the radius; in a selected
 *   region or district if there is one), nearest to the centre first, else
 *   in the entry's own order. Entries with several locations therefore count
 *   once, at the place that made them match.
 * - `pts`: every matching entry with that location, or nulls when it has
 *   none (state-wide and online offers) — "not on the map".
 *
 * Counts of all clusters plus the entries without a place are the list's
 * total by construction; clustering is a GROUP BY in PostgreSQL, so the
 * browser never receives more than one row per visible grid cell.
 */
import type { SearchParams } from '../contract';
import { filteredBase, type Centre, type Statement } from '../search-sql';
import { CELL_PX, MAX_LAT, TILE_SIZE } from '../../../atlas/map/projection';

interface Points {
	ctes: string[];
	add: (value: unknown, cast: string) => string;
	values: unknown[];
	/** Condition on `base b` that every active filter holds. */
	allOk: string;
	/**
	 * Condition on `project_locations l` that a location must meet to place an entry (the radius).
	 * Rows of `base` with a distance already have such a location; only the others need the check.
	 */
	qualifies: string;
}

/** A lat/lon rectangle (degrees). */
export interface Box {
	minLat: number;
	maxLat: number;
	minLon: number;
	maxLon: number;
}

/**
 * `within`: only entries with some location inside this box can be placed
 * inside it, so the others are skipped before their representative location
 * is chosen (a GiST index on point(lon, lat) finds them). The choice itself
 * still looks at all of an entry's locations, so the result is the same.
 */
function points(s: SearchParams, centre: Centre | null, within: Box | null = null): Points {
	const { p, ctes, allOk } = filteredBase(s, centre);
	const where: string[] = [allOk()];
	const qualifies: string[] = [];
	const preference: string[] = [];
	const order = ['l.project_id'];
	if (s.region.length > 0) preference.push(`coalesce(l.region = any(${p.add(s.region, 'text[]')}), false)::int`);
	if (s.district.length > 0) preference.push(`coalesce(l.district_key = any(${p.add(s.district, 'text[]')}), false)::int`);
	if (preference.length > 0) order.push(`${preference.join(' + ')} desc`);
	if (centre) {
		const distance = `atlas_distance_km(${p.add(centre.lat, 'float8')}, ${p.add(centre.lon, 'float8')}, l.lat, l.lon)`;
		qualifies.push(`${distance} <= ${p.add(s.radiusKm, 'float8')}`);
		order.push(`${distance} asc`);
	}
	order.push('l.position', 'l.id');
	where.push(...qualifies);
	if (within) {
		const corner1 = `point(${p.add(within.minLon, 'float8')}, ${p.add(within.minLat, 'float8')})`;
		const corner2 = `point(${p.add(within.maxLon, 'float8')}, ${p.add(within.maxLat, 'float8')})`;
		where.push(`l.project_id in (select v.project_id from project_locations v where point(v.lon, v.lat) <@ box(${corner1}, ${corner2}))`);
	}
	const out = [
		...ctes,
		`located as (
			select distinct on (l.project_id) l.project_id, l.lat, l.lon, l.district_key
			from project_locations l join base b on b.id = l.project_id
			where ${where.join(' and ')}
			order by ${order.join(', ')}
		)`,
		`pts as materialized (
			select b.id, b.published_at, x.lat, x.lon, x.district_key
			from base b left join located x on x.project_id = b.id
			where ${allOk()}
		)`
	];
	return { ctes: out, add: (v, cast) => p.add(v, cast), values: p.values, allOk: allOk(), qualifies: qualifies.join(' and ') || 'true' };
}

/**
 * One cluster per district (for the server-rendered map and its table).
 * Columns of the single row: total, unlocated (ints), clusters (json
 * [{district_key, district_name, count, lat, lon}]), unlocated_ids (json,
 * newest first, up to `unlocatedLimit`).
 */
export function districtStatement(s: SearchParams, centre: Centre | null, unlocatedLimit: number): Statement {
	const { ctes, add, values } = points(s, centre);
	const text = `with ${ctes.join(',\n')}
	select
		(select count(*)::int from pts) as total,
		(select count(*)::int from pts where lat is null) as unlocated,
		(select coalesce(json_agg(json_build_object('district_key', c.district_key, 'district_name', d.name,
				'count', c.count, 'lat', c.lat, 'lon', c.lon) order by c.count desc, c.district_key), '[]'::json)
			from (select district_key, count(*)::int as count, avg(lat) as lat, avg(lon) as lon
				from pts where lat is not null group by district_key) c
			left join gazetteer_districts d on d.ags = c.district_key) as clusters,
		(select coalesce(json_agg(u.id order by u.published_at desc nulls last, u.id), '[]'::json)
			from (select id, published_at from pts where lat is null
				order by published_at desc nulls last, id limit ${add(unlocatedLimit, 'int')}) u) as unlocated_ids`;
	return { text, values };
}

/** A rectangle of grid cells at one zoom level (inclusive). */
export interface CellRange {
	zoom: number;
	minX: number;
	maxX: number;
	minY: number;
	maxY: number;
}

/** CTE `cells`: the located points with the grid cell they fall in at `zoom`. */
function cellsCte(add: Points['add'], zoom: number): string {
	const scale = add(TILE_SIZE * 2 ** zoom, 'float8');
	const cell = add(CELL_PX, 'float8');
	const maxLat = add(MAX_LAT, 'float8');
	// The same Web Mercator formula as projection.ts worldPixel().
	return `cells as (
		select id, published_at, lat, lon, district_key,
			floor(((lon + 180) / 360) * ${scale} / ${cell})::int as cx,
			floor(((1 - ln(tan(pi() / 4 + radians(least(greatest(lat, -${maxLat}), ${maxLat})) / 2)) / pi()) / 2) * ${scale} / ${cell})::int as cy
		from pts where lat is not null
	)`;
}

/**
 * Grid clusters in a range of cells (`within`: that range as a box, or null
 * for no early restriction). Columns of the single row: total, unlocated
 * (ints, for the whole filtered set) and clusters (json
 * [{cx, cy, count, lat, lon, min_lat, min_lon, max_lat, max_lon, districts,
 * without_district, name}]). `name` is the largest gazetteer place inside
 * the cluster's extent, else the one nearest to its centre.
 */
export function gridStatement(s: SearchParams, centre: Centre | null, range: CellRange, within: Box | null): Statement {
	const { ctes, add, values, allOk, qualifies } = points(s, centre, within);
	ctes.push(cellsCte(add, range.zoom));
	// Names: the largest place inside the extent, else the nearest one; only places near the cluster are looked at.
	const near = `g.lat between least(c.min_lat, c.lat - 0.3) and greatest(c.max_lat, c.lat + 0.3)
					and g.lon between least(c.min_lon, c.lon - 0.5) and greatest(c.max_lon, c.lon + 0.5)`;
	const inside = 'g.lat between c.min_lat and c.max_lat and g.lon between c.min_lon and c.max_lon';
	const text = `with ${ctes.join(',\n')}
	select
		(select count(*)::int from base b where ${allOk}) as total,
		(select count(*)::int from base b where ${allOk}${centre ? ' and b.distance is null' : ''}
			and not exists (select 1 from project_locations l where l.project_id = b.id and ${qualifies})) as unlocated,
		(select coalesce(json_agg(json_build_object('cx', c.cx, 'cy', c.cy, 'count', c.count, 'lat', c.lat, 'lon', c.lon,
				'min_lat', c.min_lat, 'min_lon', c.min_lon, 'max_lat', c.max_lat, 'max_lon', c.max_lon,
				'districts', c.districts, 'without_district', c.without_district, 'name', n.name)
				order by c.cy, c.cx), '[]'::json)
			from (select cx, cy, count(*)::int as count, avg(lat) as lat, avg(lon) as lon,
					min(lat) as min_lat, min(lon) as min_lon, max(lat) as max_lat, max(lon) as max_lon,
					coalesce(array_agg(distinct district_key) filter (where district_key is not null), '{}') as districts,
					bool_or(district_key is null) as without_district
				from cells
				where cx between ${add(range.minX, 'int')} and ${add(range.maxX, 'int')}
					and cy between ${add(range.minY, 'int')} and ${add(range.maxY, 'int')}
				group by cx, cy) c
			left join lateral (
				select g.name from gazetteer_places g
				where ${near}
				order by (${inside}) desc, case when ${inside} then -g.population else 0 end,
					atlas_distance_km(c.lat, c.lon, g.lat, g.lon)
				limit 1
			) n on true) as clusters`;
	return { text, values };
}

/**
 * The entries of one grid cell, newest first. Columns per row: id, total
 * (entries in the cell before the limit).
 */
export function cellEntriesStatement(
	s: SearchParams,
	centre: Centre | null,
	zoom: number,
	cx: number,
	cy: number,
	limit: number,
	within: Box | null
): Statement {
	const { ctes, add, values } = points(s, centre, within);
	ctes.push(cellsCte(add, zoom));
	const text = `with ${ctes.join(',\n')}
	select id, count(*) over ()::int as total
	from cells where cx = ${add(cx, 'int')} and cy = ${add(cy, 'int')}
	order by published_at desc nulls last, id
	limit ${add(limit, 'int')}`;
	return { text, values };
}
