/**
 * Texts for the entry form's error keys (see src/lib/server/atlas/write),
 * and the order in which the error summary lists them: the order of the
 * fields on the page.
 */
import { m } from '$lib/paraglide/messages';
import { protectionErrorText } from '$lib/forms/protection';
import { CONTACT_KINDS, SLOTS_PER_DAY, WEEKDAYS, names, type EntryValues, type LocationValues } from './entry';

const TEXTS: Record<string, () => string> = {
	submit_error_title: () => m.submit_error_title(),
	submit_error_title_short: () => m.submit_error_title_short(),
	submit_error_title_long: () => m.submit_error_title_long(),
	submit_error_teaser: () => m.submit_error_teaser(),
	submit_error_teaser_long: () => m.submit_error_teaser_long(),
	submit_error_description_long: () => m.submit_error_description_long(),
	submit_error_organisation_long: () => m.submit_error_organisation_long(),
	submit_error_field: () => m.submit_error_field(),
	submit_error_choice: () => m.submit_error_choice(),
	submit_error_location_place: () => m.submit_error_location_place(),
	submit_error_location_postcode: () => m.submit_error_location_postcode(),
	submit_error_location_long: () => m.submit_error_location_long(),
	submit_error_location_pin: () => m.submit_error_location_pin(),
	submit_error_location_pin_far: () => m.submit_error_location_pin_far(),
	submit_error_location_not_found: () => m.submit_error_location_not_found(),
	submit_error_location_outside: () => m.submit_error_location_outside(),
	submit_error_location_ambiguous: () => m.submit_error_location_ambiguous(),
	submit_error_locations_max: () => m.submit_error_locations_max(),
	submit_error_time: () => m.submit_error_time(),
	submit_error_time_order: () => m.submit_error_time_order(),
	submit_error_time_half: () => m.submit_error_time_half(),
	submit_error_schedule_note_long: () => m.submit_error_schedule_note_long(),
	submit_error_contact_person: () => m.submit_error_contact_person(),
	submit_error_contact_email: () => m.submit_error_contact_email(),
	submit_error_contact_phone: () => m.submit_error_contact_phone(),
	submit_error_contact_website: () => m.submit_error_contact_website(),
	submit_error_licence: () => m.submit_error_licence(),
	submit_error_email: () => m.submit_error_email(),
	submit_error_already_owner: () => m.submit_error_already_owner(),
	submit_error_invite_rate_limited: () => m.submit_error_invite_rate_limited(),
	submit_error_claim_message: () => m.submit_error_claim_message(),
	submit_error_claim_message_long: () => m.submit_error_claim_message_long()
};

export function errorText(key: string | undefined, retryMinutes?: number): string | undefined {
	if (!key) return undefined;
	return TEXTS[key]?.() ?? protectionErrorText(key, retryMinutes);
}

const LOCATION_KEYS: (keyof LocationValues)[] = ['label', 'street', 'postcode', 'place', 'ags', 'approximate', 'lat', 'lon'];

/** Every input name of the entry form, in page order. */
export function fieldOrder(values: EntryValues): string[] {
	return [
		'source_locale',
		'title',
		'teaser',
		'description',
		'organisation',
		'field',
		'topic',
		'offer',
		'target_group',
		'language',
		'cost',
		'barrier_free',
		'online',
		...values.locations.flatMap((_, i) => LOCATION_KEYS.map((k) => names.location(i, k))),
		...WEEKDAYS.flatMap((_, d) => Array.from({ length: SLOTS_PER_DAY }, (_, s) => [names.slot(d, s, 'from'), names.slot(d, s, 'to')]).flat()),
		'schedule_note',
		...CONTACT_KINDS.map((k) => names.contact(k)),
		'licence',
		'email',
		'protection'
	];
}

/** The translated errors, in page order (the summary lists them so), unknown fields last. */
export function translateErrors(given: Record<string, string> | undefined, order: string[], retryMinutes?: number): Record<string, string> {
	const out: Record<string, string> = {};
	if (!given) return out;
	for (const name of [...order, ...Object.keys(given).filter((k) => !order.includes(k))]) {
		const text = errorText(given[name], retryMinutes);
		if (text) out[name] = text;
	}
	return out;
}
