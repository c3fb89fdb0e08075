/**
 * GET /api/v1/places without the HTTP wrapping: parses the query string and
 * answers with a status code and JSON body, so it can be tested directly.
 */
import { z } from 'zod';
import { m } from '../../paraglide/messages';
import { presentSearch, type SearchJson } from './presenter';
import { MAX_LIMIT, QUERY_MAX_LENGTH, searchPlaces } from './service';

export interface ApiError {
	error: { code: 'query_missing' | 'query_too_long' | 'limit_invalid'; message: string };
}

export type PlacesResponse = { status: 200; body: SearchJson } | { status: 400; body: ApiError };

const limitSchema = z.coerce.number().int().min(1).max(MAX_LIMIT);

function bad(code: ApiError['error']['code'], message: string): PlacesResponse {
	return { status: 400, body: { error: { code, message } } };
}

export async function placesApi(params: URLSearchParams): Promise<PlacesResponse> {
	const q = (params.get('q') ?? '').trim();
	if (q === '') return bad('query_missing', m.gazetteer_error_query_missing({}, { locale: 'de' }));
	if (q.length > QUERY_MAX_LENGTH) {
		return bad('query_too_long', m.gazetteer_error_query_too_long({ max: QUERY_MAX_LENGTH }, { locale: 'de' }));
	}
	const rawLimit = params.get('limit');
	let limit: number | undefined;
	if (rawLimit !== null) {
		const parsed = limitSchema.safeParse(rawLimit);
		if (!parsed.success) return bad('limit_invalid', m.gazetteer_error_limit_invalid({ max: MAX_LIMIT }, { locale: 'de' }));
		limit = parsed.data;
	}
	return { status: 200, body: presentSearch(await searchPlaces(q, { limit })) };
}
