/** Test fixtures for the atlas write side: a filled-in entry form as a browser would send it. */
import { PROTECTION_FIELDS, protectionFields } from '../../protection/service';
import { SUBMIT_FORM } from './submit';

export type FormFields = Record<string, string | string[] | undefined>;

/** A valid submission (a language café in Hemmingen) with `fields` replacing or adding inputs; undefined removes one. */
export function entryFormData(fields: FormFields = {}, renderedAt = new Date(Date.now() - 10_000)): FormData {
	const base: FormFields = {
		[PROTECTION_FIELDS.started]: protectionFields(SUBMIT_FORM, renderedAt).started,
		[PROTECTION_FIELDS.honeypot]: '',
		source_locale: 'de',
		title: 'Sprachtreff am Wasserturm',
		teaser: 'Jeden Dienstag üben Nachbarinnen und Nachbarn gemeinsam Deutsch im Alltag.',
		description: 'Wir treffen uns **jede Woche**.\n\n- Kaffee\n- Gespräche',
		organisation: 'Nachbarschaftsverein Wasserturm',
		field: ['sprache', 'teilhabe'],
		topic: 'nachbarschaft',
		offer: 'treffpunkt',
		target_group: ['gefluechtete', 'zugewanderte'],
		language: ['de', 'ar', 'uk'],
		cost: 'free',
		barrier_free: 'yes',
		online: 'no',
		loc_count: '1',
		loc0_label: 'Wasserturm',
		loc0_street: 'Am Wasserturm 1',
		loc0_postcode: '31134',
		loc0_place: 'Hildesheim',
		day2_0_from: '17:00',
		day2_0_to: '19:00',
		schedule_note: 'Nicht in den Ferien.',
		contact_email: 'treff@example.org',
		contact_email_public: 'yes',
		contact_phone: '05121 123456',
		contact_website: 'www.example.org/treff',
		contact_website_public: 'yes',
		licence: 'CC-BY-4.0',
		email: 'Ehrenamt@Example.org',
		intent: 'submit'
	};
	const form = new FormData();
	for (const [name, value] of Object.entries({ ...base, ...fields })) {
		if (value === undefined) continue;
		for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
	}
	return form;
}
