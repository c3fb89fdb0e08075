/** OpenAPI description of GET /api/v1/projects/map (joined into ../openapi.ts). */
import type { JsonSchema, Parameter } from '../openapi';
import { CELL_PX, MAX_ZOOM, MIN_ZOOM } from '../../../atlas/map/projection';
import { CELL_ENTRIES_MAX } from './service';
import { DEFAULT_ZOOM, MAX_CELLS } from './contract';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const bbox: JsonSchema = { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }, { type: 'number' }, { type: 'number' }], minItems: 4, maxItems: 4 };

const viewParameters: Parameter[] = [
	{
		name: 'zoom',
		in: 'query',
		description: `Web Mercator zoom level of the clustering grid (cells of ${CELL_PX} × ${CELL_PX} px of 256-px tiles).`,
		schema: { type: 'integer', minimum: MIN_ZOOM, maximum: MAX_ZOOM, default: DEFAULT_ZOOM }
	},
	{
		name: 'bbox',
		in: 'query',
		description: `View as "west,south,east,north" in degrees (WGS 84); whole grid cells covering it are returned, at most ${MAX_CELLS} cells. Default: all of Lower Saxony.`,
		schema: { type: 'string', pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$' }
	},
	{
		name: 'cell',
		in: 'query',
		description: `"x,y" of one grid cell at zoom: returns up to ${CELL_ENTRIES_MAX} of its entries instead of clusters.`,
		schema: { type: 'string', pattern: '^[0-9]{1,6},[0-9]{1,6}$' }
	}
];

export function mapOperation(filters: Parameter[]) {
	return {
		get: {
			operationId: 'mapProjects',
			summary: 'Where the matching entries are: clusters on a grid, or the entries of one cell',
			description:
				'Every matching entry is counted once, at the location that made it match (inside the radius, in a selected region or district, else its first location): the counts of all clusters add up to `located`, and located + unlocated (state-wide and online offers without a place) is the total of GET /api/v1/projects. Approximate locations are only their place centre.',
			tags: ['atlas'],
			parameters: [...filters, ...viewParameters],
			responses: {
				'200': {
					description: 'Clusters (or, with cell, the entries of that cell).',
					content: { 'application/json': { schema: { oneOf: [ref('MapClusters'), ref('MapCell')] } } }
				},
				'400': {
					description: 'Invalid zoom, bbox or cell, or a bbox with too many cells for the zoom.',
					content: {
						'application/json': {
							schema: ref('MapError')
						}
					}
				}
			}
		}
	};
}

export function mapSchemas(): Record<string, JsonSchema> {
	return {
		MapError: {
			type: 'object',
			required: ['error', 'parameter'],
			properties: { error: { const: 'invalid_parameter' }, parameter: { type: 'string', enum: ['zoom', 'bbox', 'cell', 'too_many_cells'] } }
		},
		MapClusters: {
			type: 'object',
			required: ['total', 'located', 'unlocated', 'zoom', 'place', 'list_query', 'clusters'],
			properties: {
				total: { type: 'integer' },
				located: { type: 'integer' },
				unlocated: { type: 'integer', description: 'Matching entries without a place (not on the map).' },
				zoom: { type: 'integer' },
				place: ref('Place'),
				list_query: { type: 'string', description: 'Query of the list page (/{lang}/atlas?…) with the same filters.' },
				clusters: {
					type: 'array',
					items: {
						type: 'object',
						required: ['key', 'cell', 'count', 'lat', 'lon', 'bounds', 'name', 'list_query'],
						properties: {
							key: { type: 'string', description: 'zoom/x/y of the grid cell.' },
							cell: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'integer' }], minItems: 2, maxItems: 2 },
							count: { type: 'integer', minimum: 1 },
							lat: { type: 'number', description: 'Mean position of the entries.' },
							lon: { type: 'number' },
							bounds: { ...bbox, description: 'Extent of the entries: west, south, east, north.' },
							name: { type: ['string', 'null'], description: 'Largest place within the extent, else the nearest.' },
							list_query: { type: 'string', description: 'List query restricted to the districts of the entries; contains all of them.' }
						}
					}
				}
			}
		},
		MapCell: {
			type: 'object',
			required: ['zoom', 'cell', 'count', 'entries'],
			properties: {
				zoom: { type: 'integer' },
				cell: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'integer' }], minItems: 2, maxItems: 2 },
				count: { type: 'integer' },
				entries: {
					type: 'array',
					items: {
						type: 'object',
						required: ['slug', 'title', 'text_locale', 'place'],
						properties: { slug: { type: 'string' }, title: { type: 'string' }, text_locale: { type: 'string' }, place: { type: ['string', 'null'] } }
					}
				}
			}
		}
	};
}
