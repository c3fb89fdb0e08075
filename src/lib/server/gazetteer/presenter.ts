/** What the public API shows of a place: a stable JSON shape, region names in German. */
import type { Region } from '../accounts/schema';
import { m } from '../../paraglide/messages';
import type { PlaceCandidate, SearchResult, SearchStatus } from './service';

export interface PlaceJson {
	name: string;
	postcodes: string[];
	ags: string;
	district: { key: string; name: string };
	region: { key: Region; name: string };
	lat: number;
	lon: number;
}

export interface SearchJson {
	query: string;
	status: SearchStatus;
	candidates: PlaceJson[];
}

/** Region display name; the JSON keeps German so that it does not change with the visitor's language. */
export function regionName(region: Region, locale: 'de' | 'en' | 'ar' = 'de'): string {
	const names: Record<Region, () => string> = {
		braunschweig: () => m.gazetteer_region_braunschweig({}, { locale }),
		'leine-weser': () => m.gazetteer_region_leine_weser({}, { locale }),
		lueneburg: () => m.gazetteer_region_lueneburg({}, { locale }),
		'weser-ems': () => m.gazetteer_region_weser_ems({}, { locale })
	};
	return names[region]();
}

export function presentPlace(p: PlaceCandidate): PlaceJson {
	return {
		name: p.name,
		postcodes: p.postcodes,
		ags: p.ags,
		district: { key: p.district.ags, name: p.district.name },
		region: { key: p.region, name: regionName(p.region) },
		lat: p.lat,
		lon: p.lon
	};
}

export function presentSearch(r: SearchResult): SearchJson {
	return { query: r.query, status: r.status, candidates: r.candidates.map(presentPlace) };
}
