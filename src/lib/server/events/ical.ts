/**
 * iCalendar (RFC 5545) output: CRLF line ends, lines folded at 75 octets
 * without splitting a UTF-8 character, TEXT values escaped, and times as
 * Europe/Berlin wall-clock times with a VTIMEZONE that carries the DST rules
 * (ADR 0017). No library: the format is small, and every rule is tested by
 * parsing the output with ical.js.
 */
import { EVENT_TIME_ZONE } from '../../events/vocabulary';
import { berlinWallClock } from './time';

export interface IcsEvent {
	uid: string;
	title: string;
	description: string;
	url: string;
	startsAt: Date;
	endsAt: Date;
	updatedAt: Date;
	location?: string | null;
	geo?: { lat: number; lon: number } | null;
	categories?: string[];
	organiser?: { name: string; email?: string | null } | null;
	cancelled?: boolean;
	/** The registrant a METHOD:CANCEL message is addressed to (RFC 5546 §3.2.5). */
	attendee?: { name: string; email: string } | null;
	/** Increases when the event changes, so calendars replace their copy. */
	sequence?: number;
}

export interface IcsCalendar {
	name: string;
	/**
	 * METHOD:PUBLISH for single events sent by mail, METHOD:CANCEL when the
	 * office calls an event off (RFC 5546: same UID, higher SEQUENCE,
	 * STATUS:CANCELLED, so calendars remove their copy); feeds carry no method.
	 */
	method?: 'PUBLISH' | 'CANCEL';
	events: IcsEvent[];
	now: Date;
}

const encoder = new TextEncoder();

/** Folds one content line into chunks of at most 75 octets; continuation lines start with a space. */
export function foldLine(line: string): string {
	if (encoder.encode(line).length <= 75) return line;
	const out: string[] = [];
	let current = '';
	let octets = 0;
	for (const ch of line) {
		const size = encoder.encode(ch).length;
		// The first line holds 75 octets; every continuation line 74 plus its leading space.
		const limit = out.length === 0 ? 75 : 74;
		if (octets + size > limit) {
			out.push(current);
			current = '';
			octets = 0;
		}
		current += ch;
		octets += size;
	}
	out.push(current);
	return out.map((part, i) => (i === 0 ? part : ` ${part}`)).join('\r\n');
}

/** TEXT value escaping (RFC 5545 §3.3.11); control characters other than line breaks are dropped. */
export function escapeText(s: string): string {
	return (
		s
			.replace(/\r\n?/g, '\n')
			.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
			.replace(/\\/g, '\\\\')
			.replace(/;/g, '\\;')
			.replace(/,/g, '\\,')
			.replace(/\n/g, '\\n')
	);
}

/** A parameter value: quoted, without the characters a quoted value cannot hold. */
function paramValue(s: string): string {
	return `"${s.replace(/["\u0000-\u001f\u007f]/g, '')}"`;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function utcStamp(d: Date): string {
	return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** Local Berlin time in iCalendar form, e.g. 20250601T100000. */
export function berlinStamp(d: Date): string {
	const w = berlinWallClock(d);
	return `${w.date.replace(/-/g, '')}T${w.time.replace(':', '')}${pad(w.seconds)}`;
}

/** Europe/Berlin since 1996: CEST from the last Sunday of March 02:00, CET from the last Sunday of October 03:00. */
const VTIMEZONE = [
	'BEGIN:VTIMEZONE',
	`TZID:${EVENT_TIME_ZONE}`,
	`X-LIC-LOCATION:${EVENT_TIME_ZONE}`,
	'BEGIN:DAYLIGHT',
	'TZOFFSETFROM:+0100',
	'TZOFFSETTO:+0200',
	'TZNAME:CEST',
	'DTSTART:19700329T020000',
	'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
	'END:DAYLIGHT',
	'BEGIN:STANDARD',
	'TZOFFSETFROM:+0200',
	'TZOFFSETTO:+0100',
	'TZNAME:CET',
	'DTSTART:19701025T030000',
	'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
	'END:STANDARD',
	'END:VTIMEZONE'
];

function eventLines(e: IcsEvent, now: Date): string[] {
	const lines = [
		'BEGIN:VEVENT',
		`UID:${e.uid}`,
		`DTSTAMP:${utcStamp(now)}`,
		`DTSTART;TZID=${EVENT_TIME_ZONE}:${berlinStamp(e.startsAt)}`,
		`DTEND;TZID=${EVENT_TIME_ZONE}:${berlinStamp(e.endsAt)}`,
		`LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
		`SEQUENCE:${e.sequence ?? 0}`,
		`SUMMARY:${escapeText(e.title)}`,
		`DESCRIPTION:${escapeText(e.description)}`,
		`URL:${e.url}`,
		`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`
	];
	if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
	if (e.geo) lines.push(`GEO:${e.geo.lat.toFixed(6)};${e.geo.lon.toFixed(6)}`);
	if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
	if (e.organiser?.email) lines.push(`ORGANIZER;CN=${paramValue(e.organiser.name)}:mailto:${e.organiser.email}`);
	if (e.attendee) lines.push(`ATTENDEE;CN=${paramValue(e.attendee.name)}:mailto:${e.attendee.email}`);
	lines.push('END:VEVENT');
	return lines;
}

export function icsCalendar(cal: IcsCalendar): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Niedersachsen packt an//anpacken//DE',
		'CALSCALE:GREGORIAN',
		...(cal.method ? [`METHOD:${cal.method}`] : []),
		`X-WR-CALNAME:${escapeText(cal.name)}`,
		`X-WR-TIMEZONE:${EVENT_TIME_ZONE}`,
		...VTIMEZONE,
		...cal.events.flatMap((e) => eventLines(e, cal.now)),
		'END:VCALENDAR'
	];
	return lines.map(foldLine).join('\r\n') + '\r\n';
}
