import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { escapeText, foldLine, icsCalendar, type IcsEvent } from './ical';
import { berlinInstant } from './time';

const NOW = new Date('2026-05-01T12:00:00Z');

function event(over: Partial<IcsEvent> = {}): IcsEvent {
	return {
		uid: 'abc-123@anpacken.example',
		title: 'Regionalkonferenz Lüneburg; Teil 1, „Ehrenamt“',
		description: 'Zeile eins\nZeile zwei mit Backslash \\ und Komma, Semikolon;',
		url: 'https://anpacken.example/de/veranstaltungen/regionalkonferenz',
		startsAt: berlinInstant('2026-07-02', '10:00')!,
		endsAt: berlinInstant('2026-07-02', '16:30')!,
		updatedAt: new Date('2026-04-01T08:00:00Z'),
		location: 'Rathaus, Am Ochsenmarkt 1, 21335 Lüneburg',
		geo: { lat: 53.2488, lon: 10.4075 },
		categories: ['regional_conference'],
		organiser: { name: 'Amt für regionale Landesentwicklung "Lüneburg"', email: 'info@example.org' },
		...over
	};
}

function parse(ics: string) {
	const comp = new ICAL.Component(ICAL.parse(ics));
	const tz = comp.getFirstSubcomponent('vtimezone')!;
	ICAL.TimezoneService.register(new ICAL.Timezone(tz));
	return comp;
}

describe('iCalendar output', () => {
	it('uses CRLF, folds at 75 octets without splitting characters, and parses with ical.js', () => {
		const long = 'Ärger über Übergänge – إندماج ' + 'مرحبا بكم في المؤتمر '.repeat(10);
		const ics = icsCalendar({ name: 'Test', events: [event({ title: long })], now: NOW });
		expect(ics.endsWith('\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
		for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
		const vevent = parse(ics).getFirstSubcomponent('vevent')!;
		expect(vevent.getFirstPropertyValue('summary')).toBe(long);
	});

	it('escapes text values and round-trips them', () => {
		expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
		const e = event();
		const vevent = parse(icsCalendar({ name: 'X', events: [e], now: NOW })).getFirstSubcomponent('vevent')!;
		expect(vevent.getFirstPropertyValue('summary')).toBe(e.title);
		expect(vevent.getFirstPropertyValue('description')).toBe(e.description);
		expect(vevent.getFirstPropertyValue('location')).toBe(e.location);
		expect(vevent.getFirstPropertyValue('uid')).toBe(e.uid);
		expect(String(vevent.getFirstPropertyValue('organizer'))).toBe('mailto:info@example.org');
		expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe('Amt für regionale Landesentwicklung Lüneburg');
	});

	it('gives summer and winter events the right instants through the VTIMEZONE', () => {
		const summer = event({ uid: 's@x', startsAt: berlinInstant('2026-07-02', '10:00')!, endsAt: berlinInstant('2026-07-02', '12:00')! });
		const winter = event({ uid: 'w@x', startsAt: berlinInstant('2026-12-03', '10:00')!, endsAt: berlinInstant('2026-12-03', '12:00')! });
		const ics = icsCalendar({ name: 'X', events: [summer, winter], now: NOW });
		expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20260702T100000');
		expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20261203T100000');
		expect(ics).toContain('DTSTAMP:20260501T120000Z');
		const events = parse(ics).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
		expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual(['2026-07-02T08:00:00.000Z', '2026-12-03T09:00:00.000Z']);
		expect(events[1]!.endDate.toJSDate().toISOString()).toBe('2026-12-03T11:00:00.000Z');
		expect(events[0]!.startDate.zone?.tzid).toBe('Europe/Berlin');
	});

	it('marks cancelled events and carries the required properties', () => {
		const ics = icsCalendar({ name: 'X', method: 'PUBLISH', events: [event({ cancelled: true, sequence: 7 })], now: NOW });
		const comp = parse(ics);
		expect(comp.getFirstPropertyValue('version')).toBe('2.0');
		expect(comp.getFirstPropertyValue('prodid')).toBeTruthy();
		expect(comp.getFirstPropertyValue('method')).toBe('PUBLISH');
		const v = comp.getFirstSubcomponent('vevent')!;
		expect(v.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(v.getFirstPropertyValue('sequence')).toBe(7);
		expect(v.getFirstPropertyValue('dtstamp')).toBeTruthy();
	});

	it('folds a plain ASCII line into 75 + 74 octet pieces', () => {
		const folded = foldLine('X'.repeat(200));
		const parts = folded.split('\r\n');
		expect(parts[0]).toHaveLength(75);
		expect(parts.slice(1).every((p) => p.startsWith(' ') && p.length <= 75)).toBe(true);
		expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe('X'.repeat(200));
	});
});
