/** Event rows → what pages and the public API may see (whitelist; never registrations). */
import type { ActionField, Tristate } from '../../atlas/taxonomy';
import type { EventKind, EventQuestion, OnlineMode } from '../../events/vocabulary';
import { renderMarkdown, type SafeHtml } from '../markdown';
import { availability, type Availability } from './registration';
import type { EventRow } from './repository';

export interface EventSummary {
	id: string;
	slug: string;
	kind: EventKind;
	title: string;
	textLocale: string;
	startsAt: string;
	endsAt: string;
	fields: ActionField[];
	region: string | null;
	online: OnlineMode;
	venueName: string | null;
	placeName: string | null;
	organiser: string;
	registration: Availability;
	distanceKm: number | null;
}

export interface EventDetail extends EventSummary {
	descriptionHtml: SafeHtml;
	/** Markdown source, for the API and calendar clients. */
	description: string;
	street: string | null;
	postcode: string | null;
	lat: number | null;
	lon: number | null;
	stepFree: Tristate;
	accessibility: string;
	languages: string[];
	interpretation: string[];
	contactEmail: string | null;
	contactPhone: string | null;
	website: string | null;
	/** The online link is public only when there is no registration; registrants get it by mail. */
	onlineUrl: string | null;
	questions: EventQuestion[];
	consentText: string;
	capacity: number | null;
	cancelled: boolean;
	updatedAt: string;
	series: { slug: string; startsAt: string; endsAt: string }[];
}

export function presentSummary(e: EventRow & { distanceKm?: number | null }, now = new Date()): EventSummary {
	return {
		id: e.id,
		slug: e.slug,
		kind: e.kind,
		title: e.title,
		textLocale: e.textLocale,
		startsAt: e.startsAt.toISOString(),
		endsAt: e.endsAt.toISOString(),
		fields: e.fields,
		region: e.region,
		online: e.online,
		venueName: e.venueName,
		placeName: e.placeName,
		organiser: e.organiser,
		registration: availability(e, now),
		distanceKm: e.distanceKm ?? null
	};
}

export function presentDetail(e: EventRow, series: { slug: string; startsAt: Date; endsAt: Date }[], now = new Date()): EventDetail {
	return {
		...presentSummary(e, now),
		descriptionHtml: renderMarkdown(e.description),
		description: e.description,
		street: e.street,
		postcode: e.postcode,
		lat: e.lat,
		lon: e.lon,
		stepFree: e.stepFree,
		accessibility: e.accessibility,
		languages: e.languages,
		interpretation: e.interpretation,
		contactEmail: e.contactEmail,
		contactPhone: e.contactPhone,
		website: e.website,
		onlineUrl: e.registrationEnabled ? null : e.onlineUrl,
		questions: e.questions,
		consentText: e.consentText,
		capacity: e.capacity,
		cancelled: e.status === 'cancelled',
		updatedAt: e.updatedAt.toISOString(),
		series: series.map((s) => ({ slug: s.slug, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() }))
	};
}

/** The JSON API's item: public fields and absolute links. */
export function presentApiItem(e: EventRow, origin: string, locale: string) {
	return {
		id: e.id,
		slug: e.slug,
		kind: e.kind,
		title: e.title,
		language: e.textLocale,
		description: e.description,
		start: e.startsAt.toISOString(),
		end: e.endsAt.toISOString(),
		timeZone: 'Europe/Berlin',
		fields: e.fields,
		region: e.region,
		attendance: e.online,
		venue:
			e.placeName || e.venueName
				? { name: e.venueName, street: e.street, postcode: e.postcode, place: e.placeName, ags: e.ags, lat: e.lat, lon: e.lon }
				: null,
		accessibility: { stepFree: e.stepFree, notes: e.accessibility },
		languages: e.languages,
		interpretation: e.interpretation,
		organiser: e.organiser,
		contact: { email: e.contactEmail, phone: e.contactPhone, website: e.website },
		registration: availability(e),
		cancelled: e.status === 'cancelled',
		url: `${origin}/${locale}/veranstaltungen/${encodeURIComponent(e.slug)}`,
		ics: `${origin}/api/v1/events/${encodeURIComponent(e.slug)}.ics`,
		updated: e.updatedAt.toISOString()
	};
}
