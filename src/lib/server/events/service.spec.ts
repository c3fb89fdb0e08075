import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { dbPool } from '../core/db';
import { GET as apiList } from '../../../routes/api/v1/events/+server';
import { GET as apiIcs } from '../../../routes/api/v1/events.ics/+server';
import { GET as apiAtom } from '../../../routes/api/v1/events.atom/+server';
import { GET as apiOne } from '../../../routes/api/v1/events/[slug].ics/+server';
import { parseEventFilter } from './contract';
import { seedEventsDemo } from './demo';
import { makeEvent } from './fixtures.spec-helper';
import { getPublicEvent, listCalendar } from './service';

const filter = (qs: string) => parseEventFilter(new URLSearchParams(qs));
const ORIGIN = 'http://localhost:5173';

// The handlers only read url and params; a full RequestEvent is not needed to call them.
const call = <T>(handler: (e: never) => T, path: string, params: Record<string, string> = {}) =>
	handler({ url: new URL(path, ORIGIN), params } as never);

describe('public calendar', () => {
	useTestDatabase();

	it('lists the demo events: upcoming by date, past separately, drafts never', async () => {
		const n = await seedEventsDemo(() => {});
		expect(n).toBeGreaterThanOrEqual(12);
		// npm start seeds on every start: a second run adds nothing (series included).
		expect(await seedEventsDemo(() => {})).toBe(0);
		await makeEvent({ status: 'draft', title: 'Entwurf' });
		const upcoming = await listCalendar(filter('per_page=100'));
		expect(upcoming.items.map((i) => i.title)).not.toContain('Entwurf');
		const starts = upcoming.items.map((i) => i.startsAt);
		expect(starts).toEqual([...starts].sort());
		expect(upcoming.items.every((i) => new Date(i.endsAt) > new Date())).toBe(true);
		const past = await listCalendar(filter('time=past'));
		expect(past.items.map((i) => i.kind).sort()).toEqual(['follow_up', 'workshop_forum']);
		expect(past.items[0]!.startsAt > past.items[1]!.startsAt).toBe(true);
	});

	it('filters by kind, region, field, dates and distance from a place', async () => {
		await seedEventsDemo(() => {});
		const regional = await listCalendar(filter('kind=regional_conference'));
		expect(regional.items.map((i) => i.region).sort()).toEqual(['braunschweig', 'leine-weser', 'lueneburg', 'weser-ems']);
		const weserEms = await listCalendar(filter('region=weser-ems'));
		expect(weserEms.items.map((i) => i.slug).sort()).toEqual(['markt-der-moeglichkeiten-osnabrueck', 'regionalkonferenz-weser-ems']);
		const work = await listCalendar(filter('field=arbeit&kind=regional_conference'));
		expect(work.items.map((i) => i.slug).sort()).toEqual(['regionalkonferenz-braunschweig', 'regionalkonferenz-weser-ems']);
		const near = await listCalendar(filter('near=Lüneburg&radius=25'));
		expect(near.place).toEqual({ status: 'found', name: 'Lüneburg' });
		expect(near.items.map((i) => i.slug).sort()).toEqual(['dankeschoen-abend-lueneburg', 'regionalkonferenz-lueneburg']);
		expect(near.items.every((i) => i.distanceKm !== null && i.distanceKm < 25)).toBe(true);
		const unknown = await listCalendar(filter('near=Atlantis'));
		expect(unknown.place).toEqual({ status: 'not_found' });
		const conf = (await listCalendar(filter('kind=integration_conference'))).items[0]!;
		const day = conf.startsAt.slice(0, 10);
		const window = await listCalendar(filter(`from=${day}&to=${day}`));
		expect(window.items.map((i) => i.slug)).toContain('integrationskonferenz-hannover');
		expect(window.items.every((i) => i.startsAt.slice(0, 10) === day)).toBe(true);
	});

	it('pages through results and keeps the filter in the query', async () => {
		await seedEventsDemo(() => {});
		const first = await listCalendar(filter('per_page=5'));
		const second = await listCalendar(filter('per_page=5&page=2'));
		expect(first.total).toBe(second.total);
		expect(first.pages).toBe(Math.ceil(first.total / 5));
		expect(first.items.map((i) => i.id)).not.toEqual(expect.arrayContaining(second.items.map((i) => i.id)));
		expect((await listCalendar(filter('kind=market&region=weser-ems&time=past'))).query).toBe('kind=market&region=weser-ems&time=past');
		expect(parseEventFilter(new URLSearchParams('kind=bogus&radius=7&from=2026-13-01&page=-3'))).toMatchObject({ kind: [], radiusKm: 25, from: undefined, page: 1 });
	});

	it('shows a series with its other dates and never the registrations', async () => {
		await seedEventsDemo(() => {});
		const detail = await getPublicEvent('werkstatt-ehrenamt-goettingen-2');
		expect(detail?.series.map((s) => s.slug)).toEqual([1, 2, 3, 4].map((i) => `werkstatt-ehrenamt-goettingen-${i}`));
		expect(detail?.onlineUrl).toBeNull();
		expect(JSON.stringify(detail)).not.toMatch(/demo-teilnahme|@example\.org.*@example\.org/);
		const online = await getPublicEvent('online-forum-sprachpatenschaften');
		// Registration needed: the room's link goes only to registrants.
		expect(online?.onlineUrl).toBeNull();
	});
});

describe('calendar API and feeds', () => {
	useTestDatabase();

	it('GET /api/v1/events serves JSON with the same filters', async () => {
		await seedEventsDemo(() => {});
		const res = await call(apiList, '/api/v1/events?kind=regional_conference&lang=en');
		expect(res.headers.get('content-type')).toContain('application/json');
		const body = (await res.json()) as { total: number; items: { kind: string; url: string; ics: string; start: string; timeZone: string }[] };
		expect(body.total).toBe(4);
		expect(body.items.every((i) => i.kind === 'regional_conference' && i.url.startsWith(`${ORIGIN}/en/veranstaltungen/`) && i.ics.endsWith('.ics'))).toBe(true);
		expect(body.items[0]!.timeZone).toBe('Europe/Berlin');
		expect(JSON.stringify(body)).not.toContain('demo-teilnahme');
	});

	it('GET /api/v1/events.ics is a valid calendar for any filter; one event has its own file', async () => {
		await seedEventsDemo(() => {});
		const res = await call(apiIcs, '/api/v1/events.ics?region=lueneburg');
		expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		const text = await res.text();
		expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
		const comp = new ICAL.Component(ICAL.parse(text));
		ICAL.TimezoneService.register(new ICAL.Timezone(comp.getFirstSubcomponent('vtimezone')!));
		const vevents = comp.getAllSubcomponents('vevent');
		const rows = await dbPool().query<{ slug: string; starts_at: Date }>(`select slug, starts_at from events where region = 'lueneburg' and ends_at > now() order by starts_at`);
		expect(vevents).toHaveLength(rows.rows.length);
		expect(vevents.map((v) => new ICAL.Event(v).startDate.toJSDate().getTime())).toEqual(rows.rows.map((r) => r.starts_at.getTime()));

		const one = await call(apiOne, '/api/v1/events/regionalkonferenz-lueneburg.ics', { slug: 'regionalkonferenz-lueneburg' });
		expect(one.headers.get('content-disposition')).toContain('regionalkonferenz-lueneburg.ics');
		const single = new ICAL.Component(ICAL.parse(await one.text())).getAllSubcomponents('vevent');
		expect(single).toHaveLength(1);
		expect(single[0]!.getFirstPropertyValue('summary')).toBe('Regionalkonferenz Lüneburg: Ehrenamt stärken');
		await expect(async () => call(apiOne, '/api/v1/events/nope.ics', { slug: 'nope' })).rejects.toMatchObject({ status: 404 });
	});

	it('GET /api/v1/events.atom is an Atom feed of the filtered calendar', async () => {
		await seedEventsDemo(() => {});
		const res = await call(apiAtom, '/api/v1/events.atom?kind=market&lang=ar');
		const xml = await res.text();
		expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
		expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">');
		expect(xml.match(/<entry/g)).toHaveLength(1);
		expect(xml).toContain('<entry xml:lang="de">');
		expect(xml).toContain(`${ORIGIN}/ar/veranstaltungen/markt-der-moeglichkeiten-osnabrueck`);
		expect(xml).toContain('<id>urn:uuid:');
	});
});
