/** Events as iCalendar: one event (page link, mail attachment) or a feed for any calendar filter. */
import { m } from '../../paraglide/messages';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { config } from '../core/config';
import { icsCalendar, type IcsEvent } from './ical';
import type { EventRow } from './repository';

/** SEQUENCE: minutes since 2024 of the last change — grows with every edit, fits the 32-bit integer calendars expect. */
const SEQUENCE_EPOCH = Date.UTC(2024, 0, 1);

export function venueLine(e: Pick<EventRow, 'venueName' | 'street' | 'postcode' | 'placeName'>): string {
	const place = [e.postcode, e.placeName].filter(Boolean).join(' ');
	return [e.venueName, e.street, place].filter(Boolean).join(', ');
}

export function eventUrl(slug: string, locale: string): string {
	return `${config().origin}/${locale}/veranstaltungen/${encodeURIComponent(slug)}`;
}

export function icsEvent(e: EventRow, locale: Locale, opts: { cancelled?: boolean; onlineUrl?: boolean } = {}): IcsEvent {
	const url = eventUrl(e.slug, locale);
	const venue = venueLine(e);
	const online = e.online !== 'no' ? m.events_online_label({}, { locale }) : '';
	const location = [venue, online].filter(Boolean).join(' / ');
	const description = [e.description.trim(), opts.onlineUrl && e.onlineUrl ? e.onlineUrl : '', url].filter(Boolean).join('\n\n');
	return {
		uid: `${e.id}@${new URL(config().origin).hostname || 'localhost'}`,
		title: e.title,
		description,
		url,
		startsAt: e.startsAt,
		endsAt: e.endsAt,
		updatedAt: e.updatedAt,
		location: location || null,
		geo: e.lat !== null && e.lon !== null ? { lat: e.lat, lon: e.lon } : null,
		categories: [e.kind],
		organiser: e.contactEmail ? { name: e.organiser || m.events_default_organiser({}, { locale }), email: e.contactEmail } : null,
		cancelled: opts.cancelled || e.status === 'cancelled',
		// A cancelled copy always outranks the last published one, even when both fall into the same minute.
		sequence: Math.max(0, Math.floor((e.updatedAt.getTime() - SEQUENCE_EPOCH) / 60_000)) + (opts.cancelled || e.status === 'cancelled' ? 1 : 0)
	};
}

export function localeOf(lang: string | null | undefined): Locale {
	return lang && isLocale(lang) ? lang : baseLocale;
}

/** One event as a calendar file; for a registrant (mail attachment) with the online link. */
export function eventIcs(e: EventRow, locale: Locale, opts: { cancelled?: boolean; forRegistrant?: boolean; now?: Date } = {}): string {
	return icsCalendar({
		name: e.title,
		method: 'PUBLISH',
		events: [icsEvent(e, locale, { cancelled: opts.cancelled, onlineUrl: opts.forRegistrant })],
		now: opts.now ?? new Date()
	});
}

/** The address part of MAIL_FROM ("Name <a@b>" or "a@b"). */
function senderAddress(): string {
	const from = config().MAIL_FROM;
	return (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from).trim();
}

/**
 * The office called the event off: an iTIP CANCEL (RFC 5546 §3.2.5) for one
 * registrant — same UID as every earlier copy, a higher SEQUENCE,
 * STATUS:CANCELLED, the registrant as ATTENDEE and an ORGANIZER (the event's
 * contact, else our sender address), which CANCEL requires.
 */
export function cancellationIcs(e: EventRow, locale: Locale, attendee: { name: string; email: string }, now = new Date()): string {
	const event = icsEvent(e, locale, { cancelled: true });
	return icsCalendar({
		name: e.title,
		method: 'CANCEL',
		events: [{ ...event, organiser: event.organiser ?? { name: m.events_default_organiser({}, { locale }), email: senderAddress() }, attendee }],
		now
	});
}

export function feedIcs(rows: EventRow[], locale: Locale, now = new Date()): string {
	return icsCalendar({
		name: m.events_feed_title({}, { locale }),
		events: rows.map((e) => icsEvent(e, locale, { onlineUrl: !e.registrationEnabled })),
		now
	});
}

/** File name for an attachment or download: the slug, which is ASCII. */
export function icsFilename(e: Pick<EventRow, 'slug'>): string {
	return `${e.slug}.ics`;
}
