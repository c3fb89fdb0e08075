/**
 * Builds the one statement that answers a search: exact total, the ids of
 * one page and every facet's disjunctive counts, from a single scan of the
 * matching entries (see docs/adr/0007-atlas-search.md).
 */
import type { FacetName, SearchParams } from './contract';

export interface Centre {
	lat: number;
	lon: number;
}

export interface Statement {
	text: string;
	values: unknown[];
}

/** Collects positional parameters; SQL text never contains user input. */
class Params {
	readonly values: unknown[] = [];
	add(value: unknown, cast: string): string {
		this.values.push(value);
		return `$${this.values.length}::${cast}`;
	}
}

interface FacetSpec {
	name: FacetName;
	/** Expression yielding the facet's values for one row of `base`. */
	values: string;
	/** The filter this facet's own selection adds (on `projects p`), or null when nothing is selected. */
	filter: (p: Params, s: SearchParams) => string | null;
}

const overlap = (column: string, selected: string[]) => (p: Params) =>
	selected.length > 0 ? `${column} && ${p.add(selected, 'text[]')}` : null;

function facetSpecs(s: SearchParams): FacetSpec[] {
	return [
		{ name: 'field', values: 'unnest(b.fields)', filter: overlap('p.fields', s.field) },
		{ name: 'topic', values: 'unnest(b.topics)', filter: overlap('p.topics', s.topic) },
		{ name: 'offer', values: 'unnest(b.offer_types)', filter: overlap('p.offer_types', s.offer) },
		{ name: 'target_group', values: 'unnest(b.target_groups)', filter: overlap('p.target_groups', s.targetGroup) },
		{ name: 'language', values: 'unnest(b.languages)', filter: overlap('p.languages', s.language) },
		{ name: 'cost', values: 'unnest(b.costs)', filter: overlap('p.costs', s.cost) },
		{
			name: 'barrier_free',
			values: 'b.barrier_free',
			filter: (p) => (s.barrierFree ? `p.barrier_free = ${p.add(s.barrierFree, 'text')}` : null)
		},
		{
			name: 'childcare',
			values: `case when b.childcare then 'yes' else 'no' end`,
			filter: () => (s.childcare ? 'p.childcare' : null)
		},
		{ name: 'region', values: 'unnest(b.regions)', filter: overlap('p.regions', s.region) },
		{ name: 'district', values: 'unnest(b.district_keys)', filter: overlap('p.district_keys', s.district) }
	];
}

/** Bounding box around a centre, slightly larger than the radius so the exact distance decides. */
export function boundingBox(c: Centre, radiusKm: number): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
	const dLat = (radiusKm / 111.2) * 1.01;
	const dLon = dLat / Math.max(0.01, Math.cos((c.lat * Math.PI) / 180));
	return { minLat: c.lat - dLat, maxLat: c.lat + dLat, minLon: c.lon - dLon, maxLon: c.lon + dLon };
}

function orderBy(s: SearchParams, centre: Centre | null, hasText: boolean): string {
	const newest = 'published_at desc nulls last, id';
	if (s.sort === 'distance' && centre) return `distance asc nulls last, rank desc, ${newest}`;
	if (s.sort === 'relevance' && hasText) return `rank desc, distance asc nulls last, ${newest}`;
	// Without a place (or text) those sorts mean nothing; newest is the honest fallback.
	return newest;
}

export interface FilteredBase {
	p: Params;
	ctes: string[];
	/** Condition on `base b` that every active filter holds, except (optionally) one facet's own. */
	allOk: (except?: FacetName) => string;
	filters: { name: FacetName; values: string; cond: string | null }[];
	order: string;
}

/**
 * The matching published entries as CTE `base`, shared by the search and the
 * exports so both filter with exactly the same SQL.
 */
export function filteredBase(s: SearchParams, centre: Centre | null): FilteredBase {
	const p = new Params();
	const ctes: string[] = [];
	const from: string[] = ['projects p'];
	const where: string[] = [`p.status = 'published'`];
	let distance = 'null::float8';
	let rank = '0::float4';

	if (centre) {
		const lat = p.add(centre.lat, 'float8');
		const lon = p.add(centre.lon, 'float8');
		const r = p.add(s.radiusKm, 'float8');
		const box = boundingBox(centre, s.radiusKm);
		const corner1 = `point(${p.add(box.minLon, 'float8')}, ${p.add(box.minLat, 'float8')})`;
		const corner2 = `point(${p.add(box.maxLon, 'float8')}, ${p.add(box.maxLat, 'float8')})`;
		// Nearest location of each project inside the radius; state-wide offers join with distance null.
		ctes.push(`near as (
			select l.project_id, min(atlas_distance_km(${lat}, ${lon}, l.lat, l.lon)) as distance
			from project_locations l
			where point(l.lon, l.lat) <@ box(${corner1}, ${corner2})
				and atlas_distance_km(${lat}, ${lon}, l.lat, l.lon) <= ${r}
			group by l.project_id
			union all
			select w.id, null from projects w where w.statewide and w.status = 'published'
		)`);
		from.push('join near n on n.project_id = p.id');
		distance = 'n.distance';
	}

	const hasText = Boolean(s.q);
	if (s.q) {
		const q = p.add(s.q, 'text');
		ctes.push(`query as (
			select websearch_to_tsquery('german', atlas_norm(${q})) || websearch_to_tsquery('simple', atlas_norm(${q})) as tsq,
				atlas_norm(${q}) as norm
		)`);
		from.push('cross join query q');
		// Full text (stems, all locales) or, for typos and compound parts, trigram word similarity.
		where.push('(p.search_vector @@ q.tsq or q.norm <% p.search_text)');
		rank = 'ts_rank_cd(p.search_vector, q.tsq) + word_similarity(q.norm, p.search_text)';
	}

	const specs = facetSpecs(s);
	const filters = specs.map((f) => ({ name: f.name, values: f.values, cond: f.filter(p, s) }));
	const flagColumns = filters.filter((f) => f.cond).map((f) => `(${f.cond}) as ok_${f.name}`);
	const allOk = (except?: FacetName) =>
		filters
			.filter((f) => f.cond && f.name !== except)
			.map((f) => `b.ok_${f.name}`)
			.join(' and ') || 'true';

	// Disjunctive facets need the rows that fail at most one filter (a facet's own
	// counts ignore its own filter); rows failing two or more can never count, so
	// they stay out of the materialised base — on a large atlas that is most rows.
	const active = filters.filter((f) => f.cond);
	const atMostOneFails = active.length >= 2 ? [`(${active.map((f) => `(not coalesce(${f.cond}, false))::int`).join(' + ')}) <= 1`] : [];
	ctes.push(`base as materialized (
		select p.id, p.published_at, p.fields, p.topics, p.offer_types, p.target_groups, p.languages, p.costs,
			p.barrier_free, p.childcare, p.regions, p.district_keys,
			${distance} as distance, ${rank} as rank
			${flagColumns.map((c) => `, ${c}`).join('')}
		from ${from.join(' ')}
		where ${where.concat(atMostOneFails).join(' and ')}
	)`);
	return { p, ctes, allOk, filters, order: orderBy(s, centre, hasText) };
}

/**
 * The search statement. Columns of its single row: total (int), items
 * (json [{id, distance}] in page order), facets (json [{facet, value, count}]).
 */
export function searchStatement(s: SearchParams, centre: Centre | null): Statement {
	const { p, ctes, allOk, filters, order } = filteredBase(s, centre);
	const limit = p.add(s.perPage, 'int');
	const offset = p.add((s.page - 1) * s.perPage, 'bigint');
	// One grouped scan of base per facet, with the facet's values unnested in the
	// select list. Ten narrow scans of the materialised base cost less than one pass
	// that joins every row to a ten-way union of its values (ADR 0021 has the figures).
	const facetUnion = filters
		.map((f) => `select '${f.name}'::text as facet, x.v as value, count(*) as count from (select (${f.values})::text as v from base b where ${allOk(f.name)}) x group by x.v`)
		.join('\n\t\tunion all ');

	const text = `with ${ctes.join(',\n')}
	select
		(select count(*)::int from base b where ${allOk()}) as total,
		(select coalesce(json_agg(json_build_object('id', pg.id, 'distance', pg.distance) order by pg.n), '[]'::json)
			from (select b.id, b.distance, row_number() over (order by ${order}) as n
				from base b where ${allOk()}
				order by ${order} limit ${limit} offset ${offset}) pg) as items,
		(select coalesce(json_agg(json_build_object('facet', f.facet, 'value', f.value, 'count', f.count)), '[]'::json)
			from (${facetUnion}) f where f.value is not null) as facets`;
	return { text, values: p.values };
}

/**
 * Every matching id in result order, up to `limit`, without facets (for
 * exports). Columns per row: id, total (the count before the limit, so a
 * truncated export can say so).
 */
export function matchingIdsStatement(s: SearchParams, centre: Centre | null, limit: number): Statement {
	const { p, ctes, allOk, order } = filteredBase(s, centre);
	const text = `with ${ctes.join(',\n')}
	select b.id, count(*) over ()::int as total
	from base b where ${allOk()}
	order by ${order} limit ${p.add(limit, 'int')}`;
	return { text, values: p.values };
}
