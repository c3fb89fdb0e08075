/**
 * Turning the form's location blocks into stored locations through the
 * gazetteer (locate()). An ambiguous place name is not guessed: the page asks
 * the person to pick one of the candidates, and the pick (an AGS) comes back
 * with the next submission.
 */
import { names } from '../../../atlas/form/entry';
import type { FieldErrors } from '../../../forms/errors';
import { placeByAgs } from '../../gazetteer/service';
import { locate, type LocateResult } from '../locate';
import type { SnapshotLocation } from '../snapshot';
import type { EntryInput } from './contract';

export interface PlaceChoice {
	name: string;
	ags: string;
	district: string;
}

export type ResolveResult =
	| { ok: true; locations: SnapshotLocation[] }
	| { ok: false; errors: FieldErrors; choices: Record<number, PlaceChoice[]> };

const ERRORS: Record<Exclude<LocateResult['status'], 'found' | 'ambiguous'>, string> = {
	not_found: 'submit_error_location_not_found',
	outside: 'submit_error_location_outside',
	pin_too_far: 'submit_error_location_pin_far'
};

/**
 * Resolves every location. `indexes` maps each input location back to its
 * block on the page (empty blocks were dropped), so errors land on the right field.
 */
export async function resolveLocations(locations: EntryInput['locations'], indexes: number[]): Promise<ResolveResult> {
	const out: SnapshotLocation[] = [];
	const errors: FieldErrors = {};
	const choices: Record<number, PlaceChoice[]> = {};
	for (const [n, input] of locations.entries()) {
		const block = indexes[n] ?? n;
		let result = await locate(input);
		if (result.status === 'ambiguous' && input.ags) {
			const picked = result.candidates.find((c) => c.ags === input.ags);
			const place = picked ? await placeByAgs(picked.ags) : null;
			// The pick names one municipality; its own name and postcode single it out.
			if (place) {
				const again = await locate({ ...input, place: place.name, postcode: input.postcode && place.postcodes.includes(input.postcode) ? input.postcode : (place.postcodes[0] ?? null) });
				if (again.status !== 'found' || again.location.ags === place.ags) result = again;
			}
		}
		if (result.status === 'found') {
			// A postcode the person typed wins over the gazetteer's first one.
			out.push({ ...result.location, postcode: result.location.approximate ? result.location.postcode : (input.postcode ?? result.location.postcode) });
			continue;
		}
		if (result.status === 'ambiguous') {
			choices[block] = result.candidates;
			errors[names.location(block, 'place')] = 'submit_error_location_ambiguous';
			continue;
		}
		errors[names.location(block, result.status === 'pin_too_far' ? 'lat' : 'place')] = ERRORS[result.status];
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors, choices };
	return { ok: true, locations: out };
}
