/**
 * OpenAPI 3.1 description of the open-data API. Enums are read from the
 * taxonomy at runtime, so the document cannot drift from what the API accepts.
 */
import {
	ACTION_FIELDS,
	COSTS,
	DEFAULT_RADIUS_KM,
	OFFER_LANGUAGE_CODES,
	OFFER_TYPES,
	PER_PAGE_DEFAULT,
	PER_PAGE_MAX,
	SORTS,
	TARGET_GROUPS,
	TOPICS,
	TRISTATE
} from '../../atlas/taxonomy';
import { REGIONS } from '../accounts/schema';
import { MAX_LIMIT, QUERY_MAX_LENGTH } from '../gazetteer/service';
import { FACET_NAMES } from './contract';
import { CSV_HEADER, EXPORT_MAX } from './export';
import { mapOperation, mapSchemas } from './map/openapi';

export interface JsonSchema {
	type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null' | ('string' | 'number' | 'integer' | 'boolean' | 'null')[];
	format?: string;
	description?: string;
	enum?: readonly (string | null)[];
	const?: string | number | boolean;
	pattern?: string;
	minimum?: number;
	maximum?: number;
	maxLength?: number;
	minItems?: number;
	maxItems?: number;
	default?: string | number | boolean;
	items?: JsonSchema;
	prefixItems?: JsonSchema[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	additionalProperties?: boolean | JsonSchema;
	oneOf?: JsonSchema[];
	$ref?: string;
}

export interface Parameter {
	name: string;
	in: 'query';
	description: string;
	required?: boolean;
	schema: JsonSchema;
	style?: 'form';
	explode?: boolean;
}

interface MediaType {
	schema: JsonSchema;
}

interface ResponseObject {
	description: string;
	headers?: Record<string, { description: string; schema: JsonSchema }>;
	content?: Record<string, MediaType>;
}

interface Operation {
	operationId: string;
	summary: string;
	description?: string;
	tags: string[];
	parameters: Parameter[];
	responses: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
	openapi: '3.1.0';
	info: {
		title: string;
		version: string;
		description: string;
		license: { name: string; identifier: string };
	};
	servers: { url: string }[];
	tags: { name: string; description: string }[];
	paths: Record<string, { get: Operation }>;
	components: { schemas: Record<string, JsonSchema> };
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: 'string' | 'number' | 'integer' | 'boolean', extra: JsonSchema = {}): JsonSchema => ({ type: [type, 'null'], ...extra });
const strings = (values?: readonly string[]): JsonSchema => ({ type: 'array', items: values ? { type: 'string', enum: values } : { type: 'string' } });

/** Multi-valued filters: repeat the parameter or separate values with commas; unknown values are ignored. */
function multi(name: string, description: string, values?: readonly string[], pattern?: string): Parameter {
	const items: JsonSchema = values ? { type: 'string', enum: values } : { type: 'string', ...(pattern ? { pattern } : {}) };
	return {
		name,
		in: 'query',
		description: `${description} Repeat the parameter or separate values with commas; entries matching any value are returned. Unknown values are ignored.`,
		schema: { type: 'array', items },
		style: 'form',
		explode: true
	};
}

/** The filters of GET /api/v1/projects, shared by its exports. */
function filterParameters(): Parameter[] {
	return [
		{ name: 'near', in: 'query', description: 'Place name or postcode in Lower Saxony; the search is limited to radius_km around it.', schema: { type: 'string', maxLength: 100 } },
		{ name: 'lat', in: 'query', description: 'Latitude of a search centre (WGS 84), together with lon; ignored when near is given.', schema: { type: 'number', minimum: -90, maximum: 90 } },
		{ name: 'lon', in: 'query', description: 'Longitude of a search centre (WGS 84), together with lat.', schema: { type: 'number', minimum: -180, maximum: 180 } },
		{ name: 'radius_km', in: 'query', description: 'Search radius around the centre in kilometres.', schema: { type: 'integer', minimum: 1, maximum: 200, default: DEFAULT_RADIUS_KM } },
		{ name: 'q', in: 'query', description: 'Full-text query over titles, teasers and organisations in every language (tolerates typos).', schema: { type: 'string', maxLength: 200 } },
		multi('field', 'Action field (Handlungsfeld).', ACTION_FIELDS),
		multi('topic', 'Topic.', TOPICS),
		multi('offer', 'Offer type.', OFFER_TYPES),
		multi('target_group', 'Target group.', TARGET_GROUPS),
		multi('language', 'Language the offer is given in (ISO 639 code).', OFFER_LANGUAGE_CODES),
		multi('cost', 'Cost.', COSTS),
		{ name: 'barrier_free', in: 'query', description: 'Step-free access.', schema: { type: 'string', enum: TRISTATE } },
		{ name: 'childcare', in: 'query', description: 'Only offers with childcare.', schema: { type: 'string', enum: ['yes', 'true', '1'] } },
		multi('region', 'Region (Amt für regionale Landesentwicklung).', REGIONS),
		multi('district', 'District key (5-digit AGS of the Kreis).', undefined, '^03\\d{3}$'),
		{
			name: 'sort',
			in: 'query',
			description: 'Order of the results. Default: distance with a centre, relevance with q, else newest.',
			schema: { type: 'string', enum: SORTS }
		},
		{
			name: 'lang',
			in: 'query',
			description: 'Language of titles and teasers; entries without that translation are in their source language (see textLocale).',
			schema: { type: 'string', default: 'de' }
		}
	];
}

const paging: Parameter[] = [
	{ name: 'page', in: 'query', description: 'Page number.', schema: { type: 'integer', minimum: 1, default: 1 } },
	{ name: 'per_page', in: 'query', description: 'Entries per page.', schema: { type: 'integer', minimum: 1, maximum: PER_PAGE_MAX, default: PER_PAGE_DEFAULT } }
];

const exportHeaders: ResponseObject['headers'] = {
	'X-Total-Count': { description: 'Matching entries before the export limit.', schema: { type: 'integer' } },
	'X-Truncated': { description: `true when more than ${EXPORT_MAX} entries matched and the export was cut.`, schema: { type: 'string', enum: ['true', 'false'] } }
};

function schemas(): Record<string, JsonSchema> {
	const region: JsonSchema = { type: ['string', 'null'], enum: [...REGIONS, null] };
	return {
		Place: {
			description: 'How near (or lat/lon) was understood; ambiguous lists candidates, the search then runs without a place.',
			oneOf: [
				{ type: 'object', required: ['status'], properties: { status: { const: 'none' } } },
				{
					type: 'object',
					required: ['status', 'name', 'ags', 'lat', 'lon'],
					properties: { status: { const: 'found' }, name: { type: 'string' }, ags: { type: 'string' }, lat: { type: 'number' }, lon: { type: 'number' } }
				},
				{
					type: 'object',
					required: ['status', 'candidates'],
					properties: {
						status: { const: 'ambiguous' },
						candidates: {
							type: 'array',
							items: { type: 'object', properties: { name: { type: 'string' }, ags: { type: 'string' }, district: { type: 'string' } } }
						}
					}
				},
				{ type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['not_found', 'outside'] } } }
			]
		},
		ProjectSummary: {
			type: 'object',
			required: ['id', 'slug', 'title', 'teaser', 'textLocale', 'fields', 'offerTypes', 'languages', 'updatedAt', 'stale', 'distance_km'],
			properties: {
				id: { type: 'string', format: 'uuid' },
				slug: { type: 'string' },
				title: { type: 'string' },
				teaser: { type: 'string' },
				textLocale: { type: 'string', description: 'Language of title and teaser.' },
				organisation: nullable('string'),
				fields: strings(ACTION_FIELDS),
				offerTypes: strings(OFFER_TYPES),
				languages: strings(OFFER_LANGUAGE_CODES),
				place: nullable('string'),
				district: nullable('string', { description: 'District name.' }),
				region,
				updatedAt: { type: 'string', format: 'date-time' },
				lastConfirmedAt: nullable('string', { format: 'date-time' }),
				stale: { type: 'boolean', description: 'Not confirmed by the provider for 12 months.' },
				distance_km: nullable('number', { description: 'Distance of the nearest location to the centre.' })
			}
		},
		Projects: {
			type: 'object',
			required: ['total', 'page', 'per_page', 'pages', 'place', 'items', 'facets'],
			properties: {
				total: { type: 'integer' },
				page: { type: 'integer' },
				per_page: { type: 'integer' },
				pages: { type: 'integer' },
				place: ref('Place'),
				items: { type: 'array', items: ref('ProjectSummary') },
				facets: {
					type: 'object',
					description: 'Counts per value; each facet is counted with every other active filter applied.',
					required: [...FACET_NAMES],
					additionalProperties: false,
					properties: Object.fromEntries(
						FACET_NAMES.map((name) => [
							name,
							{ type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } } } }
						])
					)
				}
			}
		},
		ProjectFeatureCollection: {
			type: 'object',
			description:
				'RFC 7946 FeatureCollection, one Point feature per location; entries without a location are counted in anpacken:omitted_without_location.',
			required: ['type', 'features'],
			properties: {
				type: { const: 'FeatureCollection' },
				features: {
					type: 'array',
					items: {
						type: 'object',
						required: ['type', 'geometry', 'properties'],
						properties: {
							type: { const: 'Feature' },
							geometry: {
								type: 'object',
								properties: {
									type: { const: 'Point' },
									coordinates: { type: 'array', description: '[longitude, latitude], WGS 84, 5 decimals.', prefixItems: [{ type: 'number' }, { type: 'number' }], minItems: 2, maxItems: 2 }
								}
							},
							properties: {
								type: 'object',
								properties: {
									id: { type: 'string', format: 'uuid' },
									slug: { type: 'string' },
									title: { type: 'string' },
									teaser: { type: 'string' },
									text_locale: { type: 'string' },
									organisation: nullable('string'),
									fields: strings(ACTION_FIELDS),
									offer_types: strings(OFFER_TYPES),
									languages: strings(OFFER_LANGUAGE_CODES),
									place: { type: 'string' },
									district_key: nullable('string'),
									region,
									url: { type: 'string', format: 'uri' },
									approximate: { type: 'boolean', description: 'Only the place centre is published, not the address.' },
									licence: { type: 'string' }
								}
							}
						}
					}
				},
				'anpacken:total': { type: 'integer', description: 'Matching entries before the export limit.' },
				'anpacken:features': { type: 'integer' },
				'anpacken:omitted_without_location': { type: 'integer' },
				'anpacken:limit': { type: 'integer' },
				'anpacken:truncated': { type: 'boolean' },
				'anpacken:place': ref('Place'),
				'anpacken:licence': { type: 'string', description: 'Licences are per entry: see properties.licence of each feature.' }
			}
		},
		PlaceCandidate: {
			type: 'object',
			required: ['name', 'postcodes', 'ags', 'district', 'region', 'lat', 'lon'],
			properties: {
				name: { type: 'string' },
				postcodes: strings(),
				ags: { type: 'string', description: '8-digit municipality key.' },
				district: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' } } },
				region: { type: 'object', properties: { key: { type: 'string', enum: REGIONS }, name: { type: 'string' } } },
				lat: { type: 'number' },
				lon: { type: 'number' }
			}
		},
		Places: {
			type: 'object',
			required: ['query', 'status', 'candidates'],
			properties: {
				query: { type: 'string' },
				status: { type: 'string', enum: ['found', 'ambiguous', 'not_found', 'outside'] },
				candidates: { type: 'array', items: ref('PlaceCandidate') }
			}
		},
		Error: {
			type: 'object',
			required: ['error'],
			properties: {
				error: {
					type: 'object',
					properties: { code: { type: 'string', enum: ['query_missing', 'query_too_long', 'limit_invalid'] }, message: { type: 'string' } }
				}
			}
		}
	};
}

export function openApiDocument(origin: string): OpenApiDocument {
	const filters = filterParameters();
	const exportNote = `The whole result in the order of the JSON API (page and per_page do not apply), up to ${EXPORT_MAX} entries.`;
	return {
		openapi: '3.1.0',
		info: {
			title: 'anpacken open data API',
			version: '1',
			description:
				'Published entries of the Projektatlas of the Bündnis „Niedersachsen packt an“ and the places of Lower Saxony. Only public fields are served. Invalid or unknown query values are ignored rather than rejected, so every link keeps working. Data licence: CC BY 4.0 (attribution: „Projektatlas Niedersachsen packt an“).',
			license: { name: 'CC BY 4.0 (data)', identifier: 'CC-BY-4.0' }
		},
		servers: [{ url: origin }],
		tags: [
			{ name: 'atlas', description: 'Projektatlas: offers for integration in Lower Saxony.' },
			{ name: 'places', description: 'Gazetteer of Lower Saxony: places, postcodes, districts, regions.' }
		],
		paths: {
			'/api/v1/projects': {
				get: {
					operationId: 'searchProjects',
					summary: 'Search published atlas entries',
					tags: ['atlas'],
					parameters: [...filters, ...paging],
					responses: { '200': { description: 'One page of results with facet counts.', content: { 'application/json': { schema: ref('Projects') } } } }
				}
			},
			'/api/v1/projects.geojson': {
				get: {
					operationId: 'exportProjectsGeoJson',
					summary: 'Export matching entries as GeoJSON',
					description: exportNote,
					tags: ['atlas'],
					parameters: filters,
					responses: {
						'200': {
							description: 'RFC 7946 FeatureCollection.',
							headers: exportHeaders,
							content: { 'application/geo+json': { schema: ref('ProjectFeatureCollection') } }
						}
					}
				}
			},
			'/api/v1/projects.csv': {
				get: {
					operationId: 'exportProjectsCsv',
					summary: 'Export matching entries as CSV',
					description: `${exportNote} UTF-8 with BOM, ";"-separated, RFC 4180 quoting, CRLF; one row per entry with its first location; multiple values joined with "|"; text cells starting with = + - @ are prefixed with an apostrophe. Columns: ${CSV_HEADER.join(', ')}.`,
					tags: ['atlas'],
					parameters: filters,
					responses: { '200': { description: 'CSV file.', headers: exportHeaders, content: { 'text/csv': { schema: { type: 'string' } } } } }
				}
			},
			'/api/v1/projects.atom': {
				get: {
					operationId: 'feedProjectsAtom',
					summary: 'Newest published entries as an Atom feed',
					description: 'Atom 1.0 (RFC 4287): the 50 most recently published entries matching the filters, newest first (sort, page and per_page do not apply). Entry ids are urn:uuid: of the entry; texts in lang where translated.',
					tags: ['atlas'],
					parameters: filters,
					responses: { '200': { description: 'Atom feed.', content: { 'application/atom+xml': { schema: { type: 'string' } } } } }
				}
			},
			'/api/v1/projects/map': mapOperation(filters),
			'/api/v1/places': {
				get: {
					operationId: 'searchPlaces',
					summary: 'Find places of Lower Saxony by name or postcode',
					tags: ['places'],
					parameters: [
						{ name: 'q', in: 'query', required: true, description: 'Place name or postcode.', schema: { type: 'string', maxLength: QUERY_MAX_LENGTH } },
						{ name: 'limit', in: 'query', description: 'Maximum number of candidates.', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT } }
					],
					responses: {
						'200': { description: 'Candidates.', content: { 'application/json': { schema: ref('Places') } } },
						'400': { description: 'Missing or invalid parameter.', content: { 'application/json': { schema: ref('Error') } } }
					}
				}
			}
		},
		components: { schemas: { ...schemas(), ...mapSchemas() } }
	};
}
