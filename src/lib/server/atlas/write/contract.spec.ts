import { describe, expect, it } from 'vitest';
import { emptyEntryValues } from '../../../atlas/form/entry';
import type { ProjectSnapshot } from '../snapshot';
import { readEntryForm, validateEntry, valuesFromSnapshot } from './contract';
import { applyLayoutIntent } from './submit';
import { entryFormData } from './testing';

const validate = (fields: Parameters<typeof entryFormData>[0], requireEmail = true) => validateEntry(readEntryForm(entryFormData(fields), 'de'), { requireEmail });

describe('entry form contract', () => {
	it('turns a complete form into a validated entry', () => {
		const result = validate({});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const input = result.input;
		expect(input).toMatchObject({
			sourceLocale: 'de',
			title: 'Sprachtreff am Wasserturm',
			organisation: 'Nachbarschaftsverein Wasserturm',
			fields: ['sprache', 'teilhabe'],
			topics: ['nachbarschaft'],
			languages: ['de', 'ar', 'uk'],
			costs: ['free'],
			barrierFree: 'yes',
			online: 'no',
			licence: 'CC-BY-4.0',
			email: 'ehrenamt@example.org'
		});
		expect(input.locations).toEqual([
			{ label: 'Wasserturm', street: 'Am Wasserturm 1', postcode: '31134', place: 'Hildesheim', approximate: false, lat: null, lon: null, ags: null }
		]);
		expect(input.schedule).toEqual({ days: [{ day: 2, slots: [{ from: '17:00', to: '19:00' }] }], byAppointment: false, temporarilyClosed: false, note: 'Nicht in den Ferien.' });
		// Private unless ticked; a website without scheme gets https.
		expect(input.contact).toEqual({
			email: { value: 'treff@example.org', public: true },
			phone: { value: '05121 123456', public: false },
			website: { value: 'https://www.example.org/treff', public: true }
		});
	});

	it('sanitises the description on write', () => {
		const result = validate({ description: 'Hallo <script>alert(1)</script>**Welt** ![x](https://evil.example/x.png) [a](javascript:alert(1))' });
		expect(result.ok && result.input.description).toBe('Hallo **Welt** x a');
	});

	it('reports each problem under the name of its input, as a message key', () => {
		const result = validate({
			title: ' ',
			teaser: 'x'.repeat(201),
			field: [],
			language: ['de', 'klingon'],
			barrier_free: 'maybe',
			loc0_place: '',
			loc0_postcode: '123',
			day1_0_from: '10:00',
			day1_0_to: '',
			day3_1_from: '18:00',
			day3_1_to: '17:00',
			day5_0_from: '25:00',
			day5_0_to: '26:00',
			contact_email: 'kein-at',
			contact_phone: 'ruf an',
			contact_website: 'javascript:alert(1)',
			licence: 'proprietary',
			email: 'nobody'
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual({
			title: 'submit_error_title',
			teaser: 'submit_error_teaser_long',
			field: 'submit_error_field',
			language: 'submit_error_choice',
			barrier_free: 'submit_error_choice',
			loc0_postcode: 'submit_error_location_postcode',
			day1_0_to: 'submit_error_time_half',
			day3_1_to: 'submit_error_time_order',
			day5_0_from: 'submit_error_time',
			contact_email: 'submit_error_contact_email',
			contact_phone: 'submit_error_contact_phone',
			contact_website: 'submit_error_contact_website',
			licence: 'submit_error_licence',
			email: 'submit_error_email'
		});
	});

	it('needs a place or postcode in a started location block, and ignores empty blocks', () => {
		const missing = validate({ loc0_place: '', loc0_postcode: '' });
		expect(!missing.ok && missing.errors).toEqual({ loc0_place: 'submit_error_location_place' });
		const empty = validate({ loc_count: '2', loc0_label: '', loc0_street: '', loc0_postcode: '', loc0_place: '', loc1_place: 'Meppen' });
		expect(empty.ok && empty.input.locations.map((l) => l.place)).toEqual(['Meppen']);
	});

	it('does not ask for the submitter address when editing', () => {
		expect(validate({ email: '' }, false).ok).toBe(true);
		expect(validate({ email: '' }, true).ok).toBe(false);
	});

	it('keeps everything typed when the form comes back, including an added place block', () => {
		const values = readEntryForm(entryFormData({ intent: 'add_location', loc0_approximate: 'yes' }), 'ar');
		expect(applyLayoutIntent(values, 'add_location')).toBe(true);
		expect(values.locations).toHaveLength(2);
		expect(values.locations[0]).toMatchObject({ place: 'Hildesheim', approximate: true });
		expect(values.slots[1]![0]).toEqual({ from: '17:00', to: '19:00' });
		expect(applyLayoutIntent(values, 'remove_location_0')).toBe(true);
		expect(values.locations.map((l) => l.place)).toEqual(['']);
		expect(applyLayoutIntent(values, 'submit')).toBe(false);
	});

	it('an unknown text language falls back to the page language', () => {
		expect(readEntryForm(entryFormData({ source_locale: 'xx' }), 'ar').sourceLocale).toBe('ar');
	});

	it('fills the edit form from a stored entry', () => {
		const snapshot: ProjectSnapshot = {
			slug: 'x',
			status: 'published',
			organisation: null,
			fields: ['arbeit'],
			topics: [],
			offerTypes: ['kurs'],
			targetGroups: [],
			languages: ['de'],
			costs: [],
			barrierFree: 'unknown',
			childcare: true,
			womenOnly: false,
			appointmentNeeded: false,
			online: 'hybrid',
			statewide: false,
			contact: { person: { value: 'Frau A', public: true } },
			schedule: { days: [{ day: 7, slots: [{ from: '10:00', to: '12:00' }] }], byAppointment: true, temporarilyClosed: false, note: null },
			licence: 'CC0-1.0',
			sourceLocale: 'en',
			texts: { en: { title: 'Job club', teaser: 'Weekly', description: 'Text', status: 'source' }, de: { title: 'Jobclub', teaser: '', description: '', status: 'current' } },
			locations: [{ label: null, street: null, postcode: '49716', placeName: 'Meppen', ags: '03454035', districtKey: '03454', region: 'weser-ems', lat: 52.69, lon: 7.29, approximate: true }]
		};
		const v = valuesFromSnapshot(snapshot);
		expect(v).toMatchObject({ sourceLocale: 'en', title: 'Job club', field: ['arbeit'], online: 'hybrid', childcare: true, licence: 'CC0-1.0', byAppointment: true });
		expect(v.slots[6]![0]).toEqual({ from: '10:00', to: '12:00' });
		expect(v.locations[0]).toMatchObject({ place: 'Meppen', approximate: true, ags: '03454035', lat: '', lon: '' });
		expect(v.contact.person).toEqual({ value: 'Frau A', public: true });
		// Round trip: what the edit form shows validates to the same facts.
		const back = validateEntry(v, { requireEmail: false });
		expect(back.ok && back.input.schedule).toEqual(snapshot.schedule);
		expect(emptyEntryValues('de').licence).toBe('CC-BY-4.0');
	});
});
