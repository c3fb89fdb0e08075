/**
 * The map's own URL parameters (on top of the list's search parameters):
 * which zoom level and which part of the map, or which grid cell to list.
 * Parsing never throws; bad input is reported as a problem for a 400.
 */
import { z } from 'zod';
import { CELL_PX, FRAME, MAX_LAT, MAX_ZOOM, MIN_ZOOM, worldPixel } from '../../../atlas/map/projection';
import type { CellRange } from './sql';

/** west, south, east, north in degrees (WGS 84). */
export type BBox = [number, number, number, number];

export interface MapView {
	zoom: number;
	bbox: BBox;
	/** A grid cell whose entries are wanted (popups), instead of clusters. */
	cell: { x: number; y: number } | null;
}

/** The whole static frame of Lower Saxony: the default view. */
export const DEFAULT_BBOX: BBox = [FRAME.west, FRAME.south, FRAME.east, FRAME.north];
export const DEFAULT_ZOOM = 7;
/** More cells than a 4K screen shows at once: a larger request is a mistake or abuse. */
export const MAX_CELLS = 5000;

const bbox = z
	.string()
	.transform((s) => s.split(',').map((v) => Number(v.trim())))
	.pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]))
	.refine(([w, s, e, n]) => w < e && s < n);

const schema = z.object({
	zoom: z.coerce.number().int().min(MIN_ZOOM).max(MAX_ZOOM).optional(),
	bbox: bbox.optional(),
	cell: z
		.string()
		.regex(/^\d{1,6},\d{1,6}$/)
		.transform((s) => s.split(',').map(Number) as [number, number])
		.optional()
});

export type MapViewResult = { ok: true; view: MapView } | { ok: false; problem: 'zoom' | 'bbox' | 'cell' | 'too_many_cells' };

export function parseMapView(url: URLSearchParams): MapViewResult {
	const raw = { zoom: url.get('zoom') ?? undefined, bbox: url.get('bbox') ?? undefined, cell: url.get('cell') ?? undefined };
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		const field = String(parsed.error.issues[0]?.path[0] ?? 'bbox');
		return { ok: false, problem: field === 'zoom' || field === 'cell' ? field : 'bbox' };
	}
	const view: MapView = {
		zoom: parsed.data.zoom ?? DEFAULT_ZOOM,
		bbox: (parsed.data.bbox as BBox | undefined) ?? DEFAULT_BBOX,
		cell: parsed.data.cell ? { x: parsed.data.cell[0], y: parsed.data.cell[1] } : null
	};
	if (!view.cell) {
		const range = cellRange(view);
		if ((range.maxX - range.minX + 1) * (range.maxY - range.minY + 1) > MAX_CELLS) return { ok: false, problem: 'too_many_cells' };
	}
	return { ok: true, view };
}

/** The grid cells that cover a bounding box, whole cells only (so edge clusters are never cut in two). */
export function cellRange(view: Pick<MapView, 'zoom' | 'bbox'>): CellRange {
	const [w, s, e, n] = view.bbox;
	const topLeft = worldPixel(Math.min(n, MAX_LAT), w, view.zoom);
	const bottomRight = worldPixel(Math.max(s, -MAX_LAT), e, view.zoom);
	return {
		zoom: view.zoom,
		minX: Math.floor(topLeft.x / CELL_PX),
		maxX: Math.floor(bottomRight.x / CELL_PX),
		minY: Math.floor(topLeft.y / CELL_PX),
		maxY: Math.floor(bottomRight.y / CELL_PX)
	};
}
