/**
 * Resolving what people type into places of Lower Saxony: postcodes, names
 * in any spelling, prefixes while typing. Public reference data, so no access
 * check: anyone may look up a place.
 */
import type { Region } from '../accounts/schema';
import { baseKeys, fullKeys } from './normalise';
import {
	findDistrict,
	findPlaceByAgs,
	findPlacesByName,
	findPlacesByPostcode,
	isNameElsewhere,
	postcodeStates,
	type PlaceRecord
} from './repository';
import { AGS_PATTERN, regionOfAgs } from './source';

export const QUERY_MAX_LENGTH = 100;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 25;

/**
 * found: one place; ambiguous: several, best first; not_found: nothing we
 * know; outside: a German place or postcode that is not in Lower Saxony.
 */
export type SearchStatus = 'found' | 'ambiguous' | 'not_found' | 'outside';
export type MatchKind = 'exact' | 'prefix' | 'similar';

export interface Place {
	id: number;
	name: string;
	ags: string;
	district: { ags: string; name: string };
	region: Region;
	lat: number;
	lon: number;
	population: number;
	postcodes: string[];
}

export interface PlaceCandidate extends Place {
	match: MatchKind;
}

export interface SearchResult {
	query: string;
	status: SearchStatus;
	candidates: PlaceCandidate[];
}

function toPlace(r: PlaceRecord): Place {
	return {
		id: r.id,
		name: r.name,
		ags: r.ags,
		district: { ags: r.districtAgs, name: r.districtName },
		region: r.region as Region,
		lat: r.lat,
		lon: r.lon,
		population: r.population,
		postcodes: r.postcodes
	};
}

function result(query: string, candidates: PlaceCandidate[]): SearchResult {
	const status: SearchStatus = candidates.length === 0 ? 'not_found' : candidates.length === 1 ? 'found' : 'ambiguous';
	return { query, status, candidates };
}

async function searchPostcode(query: string, limit: number): Promise<SearchResult> {
	const rows = await findPlacesByPostcode(query, { limit, prefix: false });
	if (rows.length > 0) return result(query, rows.map((r) => ({ ...toPlace(r), match: 'exact' })));
	const states = await postcodeStates(query);
	const outside = states.length > 0 && states.every((s) => s === false);
	return { query, status: outside ? 'outside' : 'not_found', candidates: [] };
}

async function searchName(query: string, limit: number): Promise<SearchResult> {
	const full = fullKeys(query);
	const base = baseKeys(query);
	const length = Math.max(0, ...full.map((k) => k.length));
	if (length === 0) return { query, status: 'not_found', candidates: [] };
	const rows = await findPlacesByName(full, base, { limit, prefix: length >= 2, fuzzy: length >= 3 });
	const best = rows[0]?.rank;
	// An exact name wins outright; the rest only helps while typing or after a typo.
	if (best === 0 || best === 1) {
		const exact = rows.filter((r) => r.rank === best);
		return result(query, exact.map((r) => ({ ...toPlace(r), match: 'exact' })));
	}
	if (await isNameElsewhere([...full, ...base])) return { query, status: 'outside', candidates: [] };
	const candidates = rows.map((r): PlaceCandidate => ({ ...toPlace(r), match: r.rank === 4 ? 'similar' : 'prefix' }));
	// A single guess is still a guess: only say "found" when it was not a typo correction.
	if (candidates.length === 1 && candidates[0]?.match === 'similar') return { query, status: 'ambiguous', candidates };
	return result(query, candidates);
}

/** Resolves a place name or postcode (or the start of one) to places in Lower Saxony. */
export async function searchPlaces(query: string, opts: { limit?: number } = {}): Promise<SearchResult> {
	const q = query.trim().slice(0, QUERY_MAX_LENGTH);
	const limit = Math.min(Math.max(1, Math.floor(opts.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
	if (q === '') return { query: q, status: 'not_found', candidates: [] };
	if (/^\d{5}$/.test(q)) return searchPostcode(q, limit);
	if (/^\d{2,4}$/.test(q)) {
		const rows = await findPlacesByPostcode(q, { limit, prefix: true });
		return result(q, rows.map((r) => ({ ...toPlace(r), match: 'prefix' })));
	}
	if (/^\d+$/.test(q)) return { query: q, status: 'not_found', candidates: [] };
	return searchName(q, limit);
}

/** The place standing for a municipality key, or null when the AGS is invalid or unknown. */
export async function placeByAgs(ags: string): Promise<Place | null> {
	if (!AGS_PATTERN.test(ags)) return null;
	const row = await findPlaceByAgs(ags);
	return row ? toPlace(row) : null;
}

/** The ArL region of a Lower Saxony AGS (8 digits) or Kreis key (5 digits), or null when it is not one. */
export function regionForAgs(ags: string): Region | null {
	if (!AGS_PATTERN.test(ags) && !/^03\d{3}$/.test(ags)) return null;
	return regionOfAgs(ags);
}

/** Whether an AGS is valid for a location in Lower Saxony: the pattern and one of the 45 Kreis keys (O-05). */
export async function isKnownAgs(ags: string): Promise<boolean> {
	if (!AGS_PATTERN.test(ags)) return false;
	return (await findDistrict(ags.slice(0, 5))) !== null;
}
