/**
 * Route side of atlas moderation: a service's AccessDenied (an entry outside
 * a regional moderator's region) becomes a 403 page instead of a 500.
 */
import { error } from '@sveltejs/kit';
import { AccessDenied } from '$lib/server/access/policy';
import { isRegionFilter, mayFilterRegions, type RegionFilter } from '$lib/server/atlas/moderation/scope';
import type { Actor } from '$lib/server/access/policy';

export async function forbiddenAs403<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (err instanceof AccessDenied) error(403, 'forbidden');
		throw err;
	}
}

/** The region filter of a listing URL (?region=…), only for staff who may filter. */
export function regionFilterOf(url: URL, actor: Actor): RegionFilter | null {
	const value = url.searchParams.get('region');
	return mayFilterRegions(actor) && isRegionFilter(value) ? value : null;
}
