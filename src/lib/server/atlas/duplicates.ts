/**
 * "Is this yours?": existing entries that look like the one being submitted
 * or imported: a similar title (trigram similarity on the normalised title
 * in any locale) and nearby (within DUPLICATE_RADIUS_KM of one of its
 * locations), or a similar title among state-wide entries.
 */
import { dbPool } from '../core/db';
import type { Queryable } from './snapshot';

export const DUPLICATE_RADIUS_KM = 10;
export const DUPLICATE_SIMILARITY = 0.45;

export interface DuplicateCandidate {
	id: string;
	slug: string;
	title: string;
	status: string;
	place: string | null;
	distanceKm: number | null;
	similarity: number;
}

export async function findSimilarEntries(
	input: { title: string; points: { lat: number; lon: number }[]; excludeId?: string | null },
	opts: { limit?: number } = {},
	q: Queryable = dbPool()
): Promise<DuplicateCandidate[]> {
	const title = input.title.trim();
	if (!title) return [];
	const res = await q.query<{
		id: string;
		slug: string;
		title: string;
		status: string;
		place: string | null;
		distance_km: number | null;
		similarity: number;
	}>(
		`with pts as (
			select (p->>'lat')::float8 as lat, (p->>'lon')::float8 as lon from json_array_elements($2::json) p
		), cand as (
			select t.project_id, max(similarity(atlas_norm(t.title), atlas_norm($1))) as sim
			from project_texts t
			where atlas_norm(t.title) % atlas_norm($1) or similarity(atlas_norm(t.title), atlas_norm($1)) >= $3
			group by t.project_id
		)
		select p.id, p.slug, st.title, p.status, loc.place_name as place, loc.distance_km, cand.sim as similarity
		from cand
		join projects p on p.id = cand.project_id
		join project_texts st on st.project_id = p.id and st.locale = p.source_locale
		left join lateral (
			select l.place_name, min(atlas_distance_km(l.lat, l.lon, pts.lat, pts.lon)) as distance_km
			from project_locations l cross join pts where l.project_id = p.id
			group by l.place_name order by 2 limit 1
		) loc on true
		where p.status in ('submitted', 'published')
			and ($4::uuid is null or p.id <> $4::uuid)
			and cand.sim >= $3
			and (loc.distance_km <= $5 or (json_array_length($2::json) = 0 and p.statewide) or (p.statewide and cand.sim >= 0.7))
		order by cand.sim desc, loc.distance_km nulls last
		limit $6`,
		[title, JSON.stringify(input.points), DUPLICATE_SIMILARITY, input.excludeId ?? null, DUPLICATE_RADIUS_KM, opts.limit ?? 5]
	);
	return res.rows.map((r) => ({
		id: r.id,
		slug: r.slug,
		title: r.title,
		status: r.status,
		place: r.place,
		distanceKm: r.distance_km === null ? null : Math.round(r.distance_km * 10) / 10,
		similarity: Math.round(r.similarity * 100) / 100
	}));
}
