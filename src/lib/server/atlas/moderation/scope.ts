/**
 * Who sees which part of the atlas staff work. Moderators and admins see
 * every entry (and may narrow the view to one region or to state-wide
 * entries); a regional moderator sees only entries with a location in their
 * region. State-wide entries (no region) belong to moderators and admins.
 */
import { REGIONS, type Region } from '../../accounts/schema';
import { AccessDenied, can, requireAccess, type Action, type Actor } from '../../access/policy';

export const REGION_FILTERS = [...REGIONS, 'statewide'] as const;
export type RegionFilter = (typeof REGION_FILTERS)[number];

/** What a listing may show: everything, one region's entries, or the state-wide entries. */
export type Scope = { mode: 'all' } | { mode: 'region'; region: Region } | { mode: 'statewide' };

export function isRegionFilter(value: unknown): value is RegionFilter {
	return typeof value === 'string' && (REGION_FILTERS as readonly string[]).includes(value);
}

/**
 * The listing scope for an actor and an optional filter. A regional
 * moderator's own region always wins over any filter they send.
 */
export function scopeFor(actor: Actor, filter?: RegionFilter | null): Scope {
	requireAccess(actor, 'moderation.read');
	if (actor.kind === 'user' && actor.role === 'regional') {
		if (!actor.region) throw new AccessDenied('moderation.read', false);
		return { mode: 'region', region: actor.region };
	}
	if (!filter) return { mode: 'all' };
	return filter === 'statewide' ? { mode: 'statewide' } : { mode: 'region', region: filter };
}

/** Whether the actor may narrow listings by region (only those who see more than one). */
export function mayFilterRegions(actor: Actor): boolean {
	return can(actor, 'moderation.read') && !(actor.kind === 'user' && actor.role === 'regional');
}

/** SQL parameters for scopeSql(): mode and region. */
export function scopeParams(scope: Scope): [string, string | null] {
	return [scope.mode, scope.mode === 'region' ? scope.region : null];
}

/**
 * A WHERE fragment restricting `projects` (alias `alias`) to the scope, with
 * the mode and region at positional parameters $m and $r.
 */
export function scopeSql(alias: string, m: number, r: number): string {
	return `($${m}::text = 'all' or ($${m}::text = 'statewide' and cardinality(${alias}.regions) = 0) or ($${m}::text = 'region' and $${r}::text = any(${alias}.regions)))`;
}

/**
 * Throws AccessDenied unless the actor may do `action` on an entry with these
 * regions: one of them is theirs, or (no region) they are a moderator/admin.
 */
export function requireEntryAccess(actor: Actor, action: Extract<Action, 'moderation.read' | 'moderation.write'>, regions: readonly Region[]): void {
	if (regions.length === 0) {
		requireAccess(actor, action, { region: null });
		return;
	}
	if (!regions.some((region) => can(actor, action, { region }))) throw new AccessDenied(action, actor.kind === 'anonymous');
}
