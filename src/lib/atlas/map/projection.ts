/**
 * Web Mercator (EPSG:3857), the projection of Leaflet and of every raster tile
 * set, used three ways so that they agree: the server-rendered SVG map of
 * Lower Saxony, the grid the server clusters on, and the interactive map.
 * Pure functions only: imported by the browser module, the server and the
 * basemap script (scripts/map-basemap.ts).
 */

/** The part of the world the static map shows: Lower Saxony with its islands and a margin. */
export const FRAME = { west: 6.4, east: 11.85, south: 51.2, north: 54.0 } as const;

/** SVG user units across the static map; the height follows from the projection. */
export const SVG_WIDTH = 600;

const RAD = Math.PI / 180;
const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2));

export const SVG_HEIGHT = Math.round((SVG_WIDTH * (mercY(FRAME.north) - mercY(FRAME.south))) / ((FRAME.east - FRAME.west) * RAD));

/** lat/lon → SVG user units of the static map (x to the east, y to the south). */
export function toSvg(lat: number, lon: number): { x: number; y: number } {
	const x = ((lon - FRAME.west) / (FRAME.east - FRAME.west)) * SVG_WIDTH;
	const y = ((mercY(FRAME.north) - mercY(lat)) / (mercY(FRAME.north) - mercY(FRAME.south))) * SVG_HEIGHT;
	return { x, y };
}

/** Leaflet's and the tile schema's size of one tile in pixels. */
export const TILE_SIZE = 256;

/** Mercator stops short of the poles; so do Leaflet and the SQL grid. */
export const MAX_LAT = 85.0511287798;

/** lat/lon → "world pixel" at a zoom level (what Leaflet calls project(latlng, zoom)). */
export function worldPixel(lat: number, lon: number, zoom: number): { x: number; y: number } {
	const scale = TILE_SIZE * 2 ** zoom;
	const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
	return {
		x: ((lon + 180) / 360) * scale,
		y: ((1 - mercY(clamped) / Math.PI) / 2) * scale
	};
}

/** World pixel → lat/lon (the inverse of worldPixel). */
export function fromWorldPixel(x: number, y: number, zoom: number): { lat: number; lon: number } {
	const scale = TILE_SIZE * 2 ** zoom;
	const lon = (x / scale) * 360 - 180;
	const n = Math.PI - (2 * Math.PI * y) / scale;
	const lat = Math.atan(Math.sinh(n)) / RAD;
	return { lat, lon };
}

/** The smallest and largest zoom levels the map offers (7: all of Lower Saxony; 15: a few streets). */
export const MIN_ZOOM = 6;
export const MAX_ZOOM = 15;

/** Side of one clustering grid cell in screen pixels: about the size of a marker with some room around it. */
export const CELL_PX = 72;
