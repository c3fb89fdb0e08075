/** The JSON shape of GET /api/v1/projects: snake_case, stable for open-data users. */
import type { Facets, ProjectSummary, SearchResult } from './contract';

export interface ProjectsJson {
	total: number;
	page: number;
	per_page: number;
	pages: number;
	place: SearchResult['place'];
	items: (Omit<ProjectSummary, 'distanceKm'> & { distance_km: number | null })[];
	facets: Facets;
}

export function presentSearchJson(r: SearchResult): ProjectsJson {
	return {
		total: r.total,
		page: r.page,
		per_page: r.params.perPage,
		pages: r.pages,
		place: r.place,
		items: r.items.map(({ distanceKm, ...rest }) => ({ ...rest, distance_km: distanceKm })),
		facets: r.facets
	};
}
