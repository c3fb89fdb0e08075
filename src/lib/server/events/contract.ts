/**
 * The calendar's filter contract, shared by the list page, GET /api/v1/events,
 * the .ics feed and the Atom feed: URL parameters in, a typed filter out.
 * Unknown or malformed values are dropped, never an error: every link works.
 */
import { ACTION_FIELDS, type ActionField } from '../../atlas/taxonomy';
import { EVENT_KINDS, TIME_FILTERS, type EventKind, type TimeFilter } from '../../events/vocabulary';
import { REGIONS, type Region } from '../accounts/schema';
import { validDate } from './time';

export const RADIUS_CHOICES = [10, 25, 50, 100] as const;
export const DEFAULT_RADIUS_KM = 25;
export const PER_PAGE = 20;
export const PER_PAGE_MAX = 100;
export const FEED_MAX = 200;

export interface EventFilter {
	kind: EventKind[];
	region: Region[];
	field: ActionField[];
	/** Berlin dates, inclusive. */
	from?: string;
	to?: string;
	near?: string;
	radiusKm: number;
	time: TimeFilter;
	page: number;
	perPage: number;
}

function pick<T extends string>(values: string[], allowed: readonly T[]): T[] {
	const set = new Set<T>();
	for (const v of values) if ((allowed as readonly string[]).includes(v)) set.add(v as T);
	return allowed.filter((a) => set.has(a));
}

function positiveInt(raw: string | null, fallback: number, max: number): number {
	const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
	return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : fallback;
}

export function parseEventFilter(search: URLSearchParams): EventFilter {
	const all = (name: string) => search.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
	const date = (name: string) => {
		const v = search.get(name)?.trim();
		return v && validDate(v) ? v : undefined;
	};
	const near = search.get('near')?.trim().slice(0, 100) || undefined;
	const radius = Number(search.get('radius'));
	const time = search.get('time');
	let from = date('from');
	let to = date('to');
	if (from && to && from > to) [from, to] = [to, from];
	return {
		kind: pick(all('kind'), EVENT_KINDS),
		region: pick(all('region'), REGIONS),
		field: pick(all('field'), ACTION_FIELDS),
		from,
		to,
		near,
		radiusKm: (RADIUS_CHOICES as readonly number[]).includes(radius) ? radius : DEFAULT_RADIUS_KM,
		time: (TIME_FILTERS as readonly string[]).includes(time ?? '') ? (time as TimeFilter) : 'upcoming',
		page: positiveInt(search.get('page'), 1, 10_000),
		perPage: positiveInt(search.get('per_page'), PER_PAGE, PER_PAGE_MAX)
	};
}

/** The filter as URL parameters (without paging unless asked), in a stable order. */
export function filterQuery(f: EventFilter, opts: { page?: boolean } = {}): string {
	const p = new URLSearchParams();
	for (const k of f.kind) p.append('kind', k);
	for (const r of f.region) p.append('region', r);
	for (const x of f.field) p.append('field', x);
	if (f.from) p.set('from', f.from);
	if (f.to) p.set('to', f.to);
	if (f.near) {
		p.set('near', f.near);
		if (f.radiusKm !== DEFAULT_RADIUS_KM) p.set('radius', String(f.radiusKm));
	}
	if (f.time !== 'upcoming') p.set('time', f.time);
	if (opts.page && f.page > 1) p.set('page', String(f.page));
	if (opts.page && f.perPage !== PER_PAGE) p.set('per_page', String(f.perPage));
	return p.toString();
}
