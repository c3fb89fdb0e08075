/**
 * Turning what a person or a CSV row says about a location (postcode and/or
 * place name) into a stored location: coordinates of the place centre, AGS,
 * district and region from the gazetteer. Street-level geocoding is not
 * available offline; owners may move the pin themselves (lat/lon).
 */
import { searchPlaces, type Place } from '../gazetteer/service';
import type { SnapshotLocation } from './snapshot';

export interface LocationInput {
	label?: string | null;
	street?: string | null;
	postcode?: string | null;
	place: string;
	approximate?: boolean;
	/** A pin the owner moved; accepted when within MAX_PIN_DISTANCE_KM of the place centre. */
	lat?: number | null;
	lon?: number | null;
}

export const MAX_PIN_DISTANCE_KM = 25;

export type LocateResult =
	| { status: 'found'; location: SnapshotLocation; place: Place }
	| { status: 'ambiguous'; candidates: { name: string; ags: string; district: string }[] }
	| { status: 'not_found' | 'outside' | 'pin_too_far' };

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371.0088 * Math.asin(Math.sqrt(Math.min(1, h)));
}

/**
 * Resolves one location. The postcode narrows an ambiguous place name
 * ("Asendorf" + 27330); a postcode alone names its main place.
 */
export async function locate(input: LocationInput): Promise<LocateResult> {
	const postcode = input.postcode?.trim() || null;
	const placeName = input.place.trim();
	let candidates: Place[] = [];
	if (placeName) {
		const byName = await searchPlaces(placeName, { limit: 10 });
		if (byName.status === 'outside') return { status: 'outside' };
		candidates = byName.candidates.filter((c) => byName.status === 'found' || c.match !== 'similar');
		if (postcode) {
			const withPostcode = candidates.filter((c) => c.postcodes.includes(postcode));
			if (withPostcode.length > 0) candidates = withPostcode;
		}
		if (byName.status === 'found' && candidates.length > 1) candidates = candidates.slice(0, 1);
	}
	if (candidates.length === 0 && postcode) {
		const byPostcode = await searchPlaces(postcode, { limit: 10 });
		if (byPostcode.status === 'outside') return { status: 'outside' };
		candidates = byPostcode.candidates.slice(0, 1);
	}
	if (candidates.length === 0) return { status: 'not_found' };
	if (candidates.length > 1) {
		return { status: 'ambiguous', candidates: candidates.map((c) => ({ name: c.name, ags: c.ags, district: c.district.name })) };
	}
	const place = candidates[0]!;
	let lat = place.lat;
	let lon = place.lon;
	const approximate = input.approximate ?? false;
	if (!approximate && typeof input.lat === 'number' && typeof input.lon === 'number' && Number.isFinite(input.lat) && Number.isFinite(input.lon)) {
		if (distanceKm(place, { lat: input.lat, lon: input.lon }) > MAX_PIN_DISTANCE_KM) return { status: 'pin_too_far' };
		lat = input.lat;
		lon = input.lon;
	}
	return {
		status: 'found',
		place,
		location: {
			label: input.label?.trim() || null,
			// An approximate location publishes only the place centre: the street is not even stored.
			street: approximate ? null : input.street?.trim() || null,
			postcode: postcode ?? place.postcodes[0] ?? null,
			placeName: place.name,
			ags: place.ags,
			districtKey: place.district.ags,
			region: place.region,
			lat,
			lon,
			approximate
		}
	};
}
