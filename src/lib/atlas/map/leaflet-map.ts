/**
 * The interactive atlas map. Imported only when a person asks for it
 * (InteractiveMap.svelte, dynamic import), so Leaflet and its CSS never
 * weigh on any other page or on the first view of this one.
 *
 * Everything comes from our own origin: clusters from /api/v1/projects/map,
 * the outline from /atlas/niedersachsen.geojson or raster tiles from a
 * configured path. Markers are div icons (Leaflet's default marker images
 * are never requested). Every control is a real button; clusters are
 * focusable, named ("12 offers near Hannover") and open with Enter.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './leaflet-map.css';
import { FRAME, MAX_ZOOM, MIN_ZOOM } from './projection';

export interface MapTexts {
	label: string;
	zoomIn: string;
	zoomOut: string;
	panNorth: string;
	panSouth: string;
	panEast: string;
	panWest: string;
	reset: string;
	close: string;
	loading: string;
	failed: string;
	attribution: string;
	/** "12 offers near Hannover" (accessible name of a cluster and heading of its popup). */
	cluster: (count: number, place: string | null) => string;
	/** "See all 120 offers in the list". */
	more: (count: number) => string;
	list: string;
	/** Live status after each load: "In this part of the map: 34 offers." */
	status: (count: number) => string;
}

export interface MapOptions {
	/** The search's filter query (same parameters as the list). */
	query: string;
	locale: string;
	/** Raster tiles on our own origin, or null for the vector outline. */
	tiles: { url: string; attribution: string | null } | null;
	places: { name: string; lat: number; lon: number }[];
	/** The search circle when the search is near a place. */
	radius: { lat: number; lon: number; km: number } | null;
	/** id of the element that explains the keyboard use. */
	describedBy: string;
	texts: MapTexts;
	onStatus: (text: string) => void;
}

interface ClusterJson {
	key: string;
	cell: [number, number];
	count: number;
	lat: number;
	lon: number;
	bounds: [number, number, number, number];
	name: string | null;
	list_query: string;
}

interface CellJson {
	count: number;
	entries: { slug: string; title: string; text_locale: string; place: string | null }[];
}

export interface MapHandle {
	/** A new search on the same page (client-side navigation): reload the clusters, move to a new circle. */
	update(next: Pick<MapOptions, 'query' | 'radius'>): void;
	destroy(): void;
}

const STATE_BOUNDS = L.latLngBounds([FRAME.south, FRAME.west], [FRAME.north, FRAME.east]);
const PAN_PX = 160;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

/** Size class by count, so a big cluster reads as big without relying on colour. */
function sizeOf(count: number): { px: number; className: string } {
	if (count >= 100) return { px: 52, className: 'atlas-map__cluster--l' };
	if (count >= 10) return { px: 44, className: 'atlas-map__cluster--m' };
	return { px: 36, className: 'atlas-map__cluster--s' };
}

function controls(map: L.Map, t: MapTexts, reset: () => void): L.Control {
	const Controls = L.Control.extend({
		onAdd() {
			const box = el('div', 'atlas-map__controls');
			const button = (label: string, symbol: string, action: () => void) => {
				const b = el('button', 'atlas-map__control');
				b.type = 'button';
				b.setAttribute('aria-label', label);
				b.title = label;
				const glyph = el('span', undefined, symbol);
				glyph.setAttribute('aria-hidden', 'true');
				b.append(glyph);
				b.addEventListener('click', action);
				box.append(b);
			};
			button(t.zoomIn, '+', () => map.zoomIn());
			button(t.zoomOut, '−', () => map.zoomOut());
			button(t.panNorth, '↑', () => map.panBy([0, -PAN_PX]));
			button(t.panWest, '←', () => map.panBy([-PAN_PX, 0]));
			button(t.panEast, '→', () => map.panBy([PAN_PX, 0]));
			button(t.panSouth, '↓', () => map.panBy([0, PAN_PX]));
			button(t.reset, '⌂', reset);
			L.DomEvent.disableClickPropagation(box);
			return box;
		}
	});
	return new Controls({ position: 'topleft' });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function createMap(container: HTMLElement, o: MapOptions): Promise<MapHandle> {
	const t = o.texts;
	container.setAttribute('role', 'region');
	container.setAttribute('aria-label', t.label);
	container.setAttribute('aria-describedby', o.describedBy);

	// Honour "reduce motion": no fading and no animated zoom.
	const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	const map = L.map(container, {
		fadeAnimation: !still,
		zoomAnimation: !still,
		markerZoomAnimation: !still,
		zoomControl: false,
		attributionControl: false,
		minZoom: MIN_ZOOM,
		maxZoom: MAX_ZOOM,
		// Quarter steps let the whole state fill the frame; clusters come from the whole level below.
		zoomSnap: 0.25,
		zoomDelta: 1,
		maxBounds: STATE_BOUNDS.pad(0.3),
		keyboardPanDelta: PAN_PX
	});
	let query = o.query;
	let radius = o.radius;
	const home = () => {
		if (radius) map.fitBounds(L.latLng(radius.lat, radius.lon).toBounds(radius.km * 2000));
		else map.fitBounds(STATE_BOUNDS);
	};
	home();
	controls(map, t, home).addTo(map);
	const attribution = L.control.attribution({ prefix: false, position: 'bottomright' }).addTo(map);
	attribution.addAttribution(escapeHtml(t.attribution));

	if (o.tiles) {
		L.tileLayer(o.tiles.url, { minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM, crossOrigin: false }).addTo(map);
		if (o.tiles.attribution) attribution.addAttribution(escapeHtml(o.tiles.attribution));
	} else {
		const res = await fetch('/atlas/niedersachsen.geojson');
		if (!res.ok) throw new Error(`basemap: ${res.status}`);
		const outline = (await res.json()) as GeoJSON.FeatureCollection;
		L.geoJSON(outline, {
			interactive: false,
			style: (f) => ({ className: f?.properties?.role === 'land' ? 'atlas-map__land' : 'atlas-map__neighbour' })
		}).addTo(map);
	}

	// Orientation labels: part of the picture, not of the content (clusters carry the place names).
	map.createPane('atlas-places').classList.add('atlas-map__places-pane');
	for (const p of o.places) {
		const label = el('span', 'atlas-map__place-name', p.name);
		L.marker([p.lat, p.lon], {
			pane: 'atlas-places',
			interactive: false,
			keyboard: false,
			icon: L.divIcon({ className: 'atlas-map__place', html: label, iconSize: undefined })
		})
			.addTo(map)
			.getElement()
			?.setAttribute('aria-hidden', 'true');
	}
	let circle: L.Circle | null = null;
	const drawRadius = () => {
		circle?.remove();
		circle = radius
			? L.circle([radius.lat, radius.lon], { radius: radius.km * 1000, interactive: false, fill: false, className: 'atlas-map__radius' }).addTo(map)
			: null;
	};
	drawRadius();

	const clusters = L.layerGroup().addTo(map);
	/** The markers on the map now, by cell key (a re-render replaces them). */
	let current = new Map<string, L.Marker>();
	let controller: AbortController | null = null;
	let timer: ReturnType<typeof setTimeout> | undefined;
	/** After a keyboard zoom, focus goes to the cluster nearest to where the person was. */
	let refocus: L.LatLng | null = null;

	const api = (extra: string) => `/api/v1/projects/map?${query ? `${query}&` : ''}${extra}`;

	function openCell(c: ClusterJson, zoom: number, marker: L.Marker) {
		const box = el('div', 'atlas-map__popup');
		box.setAttribute('lang', o.locale);
		const heading = el('h3', 'atlas-map__popup-heading', t.cluster(c.count, c.name));
		heading.tabIndex = -1;
		const status = el('p', undefined, t.loading);
		box.append(heading, status);
		const popup = L.popup({ maxWidth: 320, autoPanPadding: [24, 24] }).setLatLng([c.lat, c.lon]).setContent(box).openOn(map);
		// The marker may have been replaced since (autoPan reloads the clusters): find it by its cell.
		const back = () => (current.get(c.key) ?? marker).getElement()?.focus();
		box.addEventListener('keydown', (e) => {
			if (e.key === 'Escape') {
				map.closePopup(popup);
				back();
			}
		});
		popup.once('remove', () => {
			if (box.contains(document.activeElement)) back();
		});
		const close = popup.getElement()?.querySelector('.leaflet-popup-close-button');
		close?.setAttribute('aria-label', t.close);
		close?.setAttribute('title', t.close);
		heading.focus();
		fetch(api(`zoom=${zoom}&cell=${c.cell[0]},${c.cell[1]}&lang=${encodeURIComponent(o.locale)}`))
			.then(async (res) => {
				if (!res.ok) throw new Error(String(res.status));
				const cell = (await res.json()) as CellJson;
				const list = el('ul', 'atlas-map__popup-list');
				for (const e of cell.entries) {
					const a = el('a', undefined, e.title);
					a.href = `/${o.locale}/atlas/${encodeURIComponent(e.slug)}`;
					a.lang = e.text_locale;
					a.dir = 'auto';
					const li = el('li');
					li.append(a);
					if (e.place) li.append(el('span', 'atlas-map__popup-place', ` · ${e.place}`));
					list.append(li);
				}
				const more = el('a', 'atlas-map__popup-more', cell.count > cell.entries.length ? t.more(cell.count) : t.list);
				more.href = `/${o.locale}/atlas?${c.list_query}`;
				status.replaceWith(list, el('p', undefined), more);
				// update() re-inserts the content for the new size, which would drop the focus to <body>.
				const focused = box.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
				popup.update();
				focused?.focus();
			})
			.catch(() => {
				status.textContent = t.failed;
			});
	}

	/** `level`: the zoom level the cluster was computed for (its cell belongs to that grid). */
	function activate(c: ClusterJson, level: number, marker: L.Marker, viaKeyboard: boolean) {
		const zoom = map.getZoom();
		const [w, s, e, n] = c.bounds;
		const spread = e - w > 1e-6 || n - s > 1e-6;
		if (c.count > 1 && spread && zoom < MAX_ZOOM) {
			const bounds = L.latLngBounds([s, w], [n, e]);
			const target = Math.min(MAX_ZOOM, Math.max(zoom + 1, map.getBoundsZoom(bounds, false, L.point(48, 48))));
			if (viaKeyboard) refocus = L.latLng(c.lat, c.lon);
			map.setView(bounds.getCenter(), target);
		} else {
			openCell(c, level, marker);
		}
	}

	function render(list: ClusterJson[], level: number) {
		const focused = [...current].find(([, m]) => m.getElement() === document.activeElement)?.[0];
		clusters.clearLayers();
		current = new Map();
		// Reading order for the Tab key: north to south, then west to east.
		const sorted = [...list].sort((a, b) => b.lat - a.lat || a.lon - b.lon);
		const markers: { c: ClusterJson; marker: L.Marker }[] = [];
		for (const c of sorted) {
			const size = sizeOf(c.count);
			const count = el('span', 'atlas-map__cluster-count', String(c.count));
			count.setAttribute('aria-hidden', 'true');
			const marker = L.marker([c.lat, c.lon], {
				keyboard: true,
				riseOnHover: true,
				icon: L.divIcon({ className: `atlas-map__cluster ${size.className}`, html: count, iconSize: [size.px, size.px] })
			});
			marker.on('click', () => activate(c, level, marker, false));
			marker.addTo(clusters);
			const icon = marker.getElement();
			if (icon) {
				icon.setAttribute('aria-label', t.cluster(c.count, c.name));
				icon.addEventListener('keydown', (e) => {
					if (e.key === 'Enter' || e.key === ' ') {
						e.preventDefault();
						e.stopPropagation();
						activate(c, level, marker, true);
					}
				});
			}
			markers.push({ c, marker });
			current.set(c.key, marker);
		}
		if (focused && current.has(focused)) current.get(focused)?.getElement()?.focus();
		else if (refocus && markers.length > 0) {
			const from = refocus;
			const nearest = markers.reduce((best, m) => (from.distanceTo([m.c.lat, m.c.lon]) < from.distanceTo([best.c.lat, best.c.lon]) ? m : best));
			nearest.marker.getElement()?.focus();
		}
		refocus = null;
	}

	async function load() {
		controller?.abort();
		controller = new AbortController();
		const zoom = Math.floor(map.getZoom());
		const b = map.getBounds().pad(0.1);
		const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(4)).join(',');
		try {
			const res = await fetch(api(`zoom=${zoom}&bbox=${bbox}`), { signal: controller.signal });
			if (!res.ok) throw new Error(String(res.status));
			const body = (await res.json()) as { clusters: ClusterJson[] };
			render(body.clusters, zoom);
			o.onStatus(t.status(body.clusters.reduce((sum, c) => sum + c.count, 0)));
		} catch (err) {
			if ((err as Error).name !== 'AbortError') o.onStatus(t.failed);
		}
	}

	map.on('moveend', () => {
		clearTimeout(timer);
		timer = setTimeout(() => void load(), 120);
	});
	await load();

	return {
		update(next) {
			const moved = JSON.stringify(next.radius) !== JSON.stringify(radius);
			if (next.query === query && !moved) return;
			query = next.query;
			radius = next.radius;
			map.closePopup();
			if (moved) {
				drawRadius();
				home();
			}
			void load();
		},
		destroy() {
			clearTimeout(timer);
			controller?.abort();
			map.remove();
		}
	};
}
