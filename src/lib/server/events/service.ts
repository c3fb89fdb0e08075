/**
 * The public calendar: published (and cancelled, marked) events, filtered
 * as the URL says. Nothing here needs an account.
 */
import { dbPool } from '../core/db';
import { searchPlaces } from '../gazetteer/service';
import { filterQuery, type EventFilter } from './contract';
import { presentDetail, presentSummary, type EventDetail, type EventSummary } from './presenter';
import * as repo from './repository';
import type { EventRow } from './repository';
import { addDays, berlinInstant } from './time';

export type PlaceState = { status: 'none' } | { status: 'found'; name: string } | { status: 'not_found' };

export interface CalendarResult {
	filter: EventFilter;
	query: string;
	items: EventSummary[];
	total: number;
	page: number;
	pages: number;
	place: PlaceState;
}

/** Published events are listed; cancelled ones stay visible (marked) so nobody travels in vain. */
const LISTED = ['published', 'cancelled'];

async function resolveNear(near: string | undefined): Promise<{ place: PlaceState; point?: { lat: number; lon: number } }> {
	if (!near) return { place: { status: 'none' } };
	const res = await searchPlaces(near, { limit: 5 });
	const first = res.candidates[0];
	if ((res.status !== 'found' && res.status !== 'ambiguous') || !first) return { place: { status: 'not_found' } };
	return { place: { status: 'found', name: first.name }, point: { lat: first.lat, lon: first.lon } };
}

async function query(filter: EventFilter, now: Date, limit: number, offset: number) {
	const { place, point } = await resolveNear(filter.near);
	const startOfFrom = filter.from ? berlinInstant(filter.from, '00:00') : null;
	const endOfTo = filter.to ? berlinInstant(addDays(filter.to, 1), '00:00') : null;
	const past = filter.time === 'past';
	// An unknown place filters nothing out but is reported, so the person can correct it.
	const result = await repo.listEvents(dbPool(), {
		kind: filter.kind,
		region: filter.region,
		field: filter.field,
		endsAfter: past ? (startOfFrom ?? undefined) : new Date(Math.max(now.getTime(), startOfFrom?.getTime() ?? 0)),
		endedBefore: past ? now : undefined,
		startsBefore: endOfTo ?? undefined,
		near: point ? { ...point, radiusKm: filter.radiusKm } : undefined,
		order: past ? 'desc' : 'asc',
		limit,
		offset,
		statuses: LISTED
	});
	return { ...result, place };
}

export async function listCalendar(filter: EventFilter, now = new Date()): Promise<CalendarResult> {
	const { rows, total, place } = await query(filter, now, filter.perPage, (filter.page - 1) * filter.perPage);
	return {
		filter,
		query: filterQuery(filter),
		items: rows.map((r) => presentSummary(r, now)),
		total,
		page: filter.page,
		pages: Math.max(1, Math.ceil(total / filter.perPage)),
		place
	};
}

/** Rows for feeds (.ics, Atom, JSON): the filter without paging, up to `max` events. */
export async function calendarRows(filter: EventFilter, max: number, now = new Date()): Promise<EventRow[]> {
	return (await query(filter, now, max, 0)).rows;
}

export async function pagedCalendarRows(filter: EventFilter, now = new Date()): Promise<{ rows: EventRow[]; total: number }> {
	const { rows, total } = await query(filter, now, filter.perPage, (filter.page - 1) * filter.perPage);
	return { rows, total };
}

/** A listed event by its slug (drafts and submissions are not public). */
export async function publicEventRow(slug: string): Promise<EventRow | null> {
	if (!slug || slug.length > 120) return null;
	const row = await repo.findEventBySlug(dbPool(), slug);
	return row && LISTED.includes(row.status) ? row : null;
}

export async function getPublicEvent(slug: string, now = new Date()): Promise<EventDetail | null> {
	const row = await publicEventRow(slug);
	if (!row) return null;
	const series = row.seriesId ? await repo.seriesDates(dbPool(), row.seriesId) : [];
	return presentDetail(row, series, now);
}
