/** Test fixtures for the events module: events written straight through the repository. */
import { dbPool } from '../core/db';
import * as repo from './repository';
import type { EventRow, EventWrite } from './repository';
import { PROTECTION_FIELDS, protectionFields } from '../protection/service';
import { REGISTER_FORM } from './registration';

const DAY = 24 * 3600_000;

let counter = 0;

export async function makeEvent(over: Partial<EventWrite> & { slug?: string } = {}, now = new Date()): Promise<EventRow> {
	counter++;
	const { slug, ...fields } = over;
	// Whole minutes, as the staff form enters them (iCalendar has no fractions of seconds).
	const startsAt = fields.startsAt ?? new Date(Math.floor((now.getTime() + 10 * DAY) / 60_000) * 60_000);
	const write: EventWrite = {
		kind: 'regional_conference',
		status: 'published',
		title: `Regionalkonferenz Test ${counter}`,
		description: 'Austausch über **Sprache** und Arbeit.',
		textLocale: 'de',
		fields: ['sprache'],
		region: 'lueneburg',
		online: 'no',
		onlineUrl: null,
		venueName: 'Rathaus',
		street: 'Am Ochsenmarkt 1',
		postcode: '21335',
		placeName: 'Lüneburg',
		ags: '03355022',
		districtKey: '03355',
		lat: 53.2488,
		lon: 10.4075,
		startsAt,
		endsAt: new Date(startsAt.getTime() + 6 * 3600_000),
		stepFree: 'yes',
		accessibility: '',
		languages: ['de'],
		interpretation: [],
		organiser: 'Geschäftsstelle',
		contactEmail: 'veranstaltungen@example.org',
		contactPhone: null,
		website: null,
		seriesId: null,
		projectId: null,
		registrationEnabled: true,
		registrationOpen: true,
		capacity: 2,
		registrationOpensAt: null,
		registrationClosesAt: null,
		questions: ['organisation', 'dietary', 'accessibility', 'interpreter'],
		consentText: 'Ich bin einverstanden, dass meine Angaben zur Organisation verarbeitet werden.',
		offerHours: 24,
		demo: false,
		...fields
	};
	return repo.insertEvent(dbPool(), slug ?? `test-veranstaltung-${counter}`, write, now);
}

/** A registration form as the page posts it, rendered long enough ago to pass the fill-time check. */
export function registrationForm(fields: Record<string, string>, renderedAt = new Date(Date.now() - 10_000)): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(REGISTER_FORM, renderedAt).started);
	f.set(PROTECTION_FIELDS.honeypot, '');
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

export async function eventRow(id: string): Promise<EventRow> {
	return (await repo.findEventById(dbPool(), id))!;
}
