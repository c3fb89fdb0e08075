/**
 * The atlas entry form as the page sees it: field names, limits and the
 * shape of the values a form carries (always strings and booleans, so that
 * everything a person typed survives a failed submission unchanged).
 * Client-safe; the server's zod contract (src/lib/server/atlas/write/contract.ts)
 * validates exactly these values.
 */
export const TITLE_MIN = 3;
export const TITLE_MAX = 120;
export const TEASER_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const ORGANISATION_MAX = 160;
export const LOCATION_LABEL_MAX = 80;
export const STREET_MAX = 120;
export const PLACE_MAX = 100;
export const CONTACT_PERSON_MAX = 120;
export const PHONE_MAX = 40;
export const WEBSITE_MAX = 300;
export const EMAIL_MAX = 254;
export const SCHEDULE_NOTE_MAX = 300;
export const OWNERSHIP_MESSAGE_MAX = 1000;

/** At most this many places per entry; the form starts with one block (or as many as the entry has). */
export const LOCATIONS_MAX = 10;
/** Time slots per weekday in the schedule grid (e.g. morning and afternoon). */
export const SLOTS_PER_DAY = 2;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Open-data licences an entry can be published under (SPDX-style identifiers); CC BY 4.0 is the default. */
export const LICENCES = ['CC-BY-4.0', 'CC0-1.0', 'DL-DE-BY-2.0'] as const;
export type Licence = (typeof LICENCES)[number];
export const DEFAULT_LICENCE: Licence = 'CC-BY-4.0';

export const CONTACT_KINDS = ['person', 'email', 'phone', 'website'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export interface LocationValues {
	label: string;
	street: string;
	postcode: string;
	place: string;
	approximate: boolean;
	/** The municipality key the person picked when the place name was ambiguous. */
	ags: string;
	/** A moved pin (decimal degrees), empty for the place centre. */
	lat: string;
	lon: string;
}

export interface SlotValues {
	from: string;
	to: string;
}

export interface EntryValues {
	sourceLocale: string;
	title: string;
	teaser: string;
	description: string;
	organisation: string;
	field: string[];
	topic: string[];
	offer: string[];
	targetGroup: string[];
	language: string[];
	cost: string[];
	barrierFree: string;
	childcare: boolean;
	womenOnly: boolean;
	appointmentNeeded: boolean;
	online: string;
	locations: LocationValues[];
	/** Index 0 = Monday … 6 = Sunday; SLOTS_PER_DAY slots each. */
	slots: SlotValues[][];
	byAppointment: boolean;
	temporarilyClosed: boolean;
	scheduleNote: string;
	contact: Record<ContactKind, { value: string; public: boolean }>;
	licence: string;
	/** The submitter's own address (submission only; verified by a link). */
	email: string;
}

export const emptyLocation = (): LocationValues => ({ label: '', street: '', postcode: '', place: '', approximate: false, ags: '', lat: '', lon: '' });

export const emptySlots = (): SlotValues[][] => WEEKDAYS.map(() => Array.from({ length: SLOTS_PER_DAY }, () => ({ from: '', to: '' })));

export function emptyEntryValues(sourceLocale: string): EntryValues {
	return {
		sourceLocale,
		title: '',
		teaser: '',
		description: '',
		organisation: '',
		field: [],
		topic: [],
		offer: [],
		targetGroup: [],
		language: [],
		cost: [],
		barrierFree: 'unknown',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: false,
		online: 'no',
		locations: [emptyLocation()],
		slots: emptySlots(),
		byAppointment: false,
		temporarilyClosed: false,
		scheduleNote: '',
		// Private by default (data protection by default): the provider decides what is shown.
		contact: {
			person: { value: '', public: false },
			email: { value: '', public: false },
			phone: { value: '', public: false },
			website: { value: '', public: true }
		},
		licence: DEFAULT_LICENCE,
		email: ''
	};
}

/** Input names; the error summary links to `#field-<name>`. */
export const names = {
	location: (i: number, key: keyof LocationValues) => `loc${i}_${key}`,
	slot: (dayIndex: number, slot: number, end: 'from' | 'to') => `day${dayIndex + 1}_${slot}_${end}`,
	contact: (kind: ContactKind) => `contact_${kind}`,
	contactPublic: (kind: ContactKind) => `contact_${kind}_public`
};

/** Whether a location block is still empty (empty blocks are ignored, not errors). */
export function isEmptyLocation(l: LocationValues): boolean {
	return !l.label.trim() && !l.street.trim() && !l.postcode.trim() && !l.place.trim();
}
