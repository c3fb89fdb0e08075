/**
 * The entry form contract shared by submission and editing: FormData → the
 * values a page shows again → (zod) a validated EntryInput. Errors are
 * message keys (messages/atlas-submit) per input name.
 */
import { z } from 'zod';
import {
	CONTACT_KINDS,
	CONTACT_PERSON_MAX,
	DESCRIPTION_MAX,
	EMAIL_MAX,
	LICENCES,
	LOCATIONS_MAX,
	LOCATION_LABEL_MAX,
	ORGANISATION_MAX,
	PHONE_MAX,
	PLACE_MAX,
	SCHEDULE_NOTE_MAX,
	SLOTS_PER_DAY,
	STREET_MAX,
	TEASER_MAX,
	TITLE_MAX,
	TITLE_MIN,
	WEBSITE_MAX,
	WEEKDAYS,
	emptyEntryValues,
	emptyLocation,
	emptySlots,
	isEmptyLocation,
	names,
	type EntryValues,
	type LocationValues
} from '../../../atlas/form/entry';
import { ACTION_FIELDS, COSTS, OFFER_LANGUAGE_CODES, OFFER_TYPES, TARGET_GROUPS, TOPICS, TRISTATE } from '../../../atlas/taxonomy';
import { locales } from '../../../i18n';
import type { FieldErrors } from '../../../forms/errors';
import { sanitiseMarkdown } from '../../markdown';
import type { OnlineMode, ProjectClassification, WeeklySchedule } from '../contract';
import type { LocationInput } from '../locate';
import type { StoredContact } from '../schema';
import type { ProjectSnapshot } from '../snapshot';

export const ONLINE_MODES = ['no', 'online', 'hybrid'] as const;

/** What a validated form says; locations are still unresolved (see resolve.ts). */
export interface EntryInput extends Omit<ProjectClassification, 'statewide'> {
	sourceLocale: string;
	title: string;
	teaser: string;
	/** Sanitised limited Markdown. */
	description: string;
	locations: (LocationInput & { ags: string | null })[];
	schedule: WeeklySchedule | null;
	contact: StoredContact;
	licence: string;
	email: string | null;
}

// ---------------------------------------------------------------------------
// FormData → values
// ---------------------------------------------------------------------------

/** Every text is cut well above its limit, so a huge post stays cheap but an over-long text still gets its error. */
function text(form: FormData, name: string, max: number): string {
	const v = form.get(name);
	return typeof v === 'string' ? v.slice(0, max * 2) : '';
}

function list(form: FormData, name: string): string[] {
	return [...new Set(form.getAll(name).filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, 40)))].slice(0, 50);
}

const flag = (form: FormData, name: string) => form.get(name) !== null && form.get(name) !== '';

/** How many location blocks the form carried (hidden field), bounded. */
export function locationCount(form: FormData): number {
	const n = Number(form.get('loc_count'));
	return Number.isInteger(n) && n >= 1 ? Math.min(n, LOCATIONS_MAX) : 1;
}

export function readEntryForm(form: FormData, fallbackLocale: string): EntryValues {
	const v = emptyEntryValues(fallbackLocale);
	const locale = text(form, 'source_locale', 10);
	v.sourceLocale = (locales as readonly string[]).includes(locale) ? locale : fallbackLocale;
	v.title = text(form, 'title', TITLE_MAX);
	v.teaser = text(form, 'teaser', TEASER_MAX);
	v.description = text(form, 'description', DESCRIPTION_MAX);
	v.organisation = text(form, 'organisation', ORGANISATION_MAX);
	v.field = list(form, 'field');
	v.topic = list(form, 'topic');
	v.offer = list(form, 'offer');
	v.targetGroup = list(form, 'target_group');
	v.language = list(form, 'language');
	v.cost = list(form, 'cost');
	v.barrierFree = text(form, 'barrier_free', 10) || 'unknown';
	v.childcare = flag(form, 'childcare');
	v.womenOnly = flag(form, 'women_only');
	v.appointmentNeeded = flag(form, 'appointment_needed');
	v.online = text(form, 'online', 10) || 'no';
	v.locations = Array.from({ length: locationCount(form) }, (_, i): LocationValues => ({
		label: text(form, names.location(i, 'label'), LOCATION_LABEL_MAX),
		street: text(form, names.location(i, 'street'), STREET_MAX),
		postcode: text(form, names.location(i, 'postcode'), 10),
		place: text(form, names.location(i, 'place'), PLACE_MAX),
		approximate: flag(form, names.location(i, 'approximate')),
		ags: text(form, names.location(i, 'ags'), 8),
		// People write "52,37" in German and Arabic number style; the decimal point is what we store.
		lat: text(form, names.location(i, 'lat'), 20).replace(',', '.'),
		lon: text(form, names.location(i, 'lon'), 20).replace(',', '.')
	}));
	v.slots = emptySlots().map((slots, d) =>
		slots.map((_, s) => ({ from: text(form, names.slot(d, s, 'from'), 5), to: text(form, names.slot(d, s, 'to'), 5) }))
	);
	v.byAppointment = flag(form, 'by_appointment');
	v.temporarilyClosed = flag(form, 'temporarily_closed');
	v.scheduleNote = text(form, 'schedule_note', SCHEDULE_NOTE_MAX);
	for (const kind of CONTACT_KINDS) {
		v.contact[kind] = { value: text(form, names.contact(kind), kind === 'website' ? WEBSITE_MAX : CONTACT_PERSON_MAX), public: flag(form, names.contactPublic(kind)) };
	}
	v.licence = text(form, 'licence', 20) || LICENCES[0];
	v.email = text(form, 'email', EMAIL_MAX);
	return v;
}

// ---------------------------------------------------------------------------
// values → EntryInput
// ---------------------------------------------------------------------------

const E = {
	title: 'submit_error_title',
	titleShort: 'submit_error_title_short',
	titleLong: 'submit_error_title_long',
	teaser: 'submit_error_teaser',
	teaserLong: 'submit_error_teaser_long',
	descriptionLong: 'submit_error_description_long',
	organisationLong: 'submit_error_organisation_long',
	field: 'submit_error_field',
	choice: 'submit_error_choice',
	locationPlace: 'submit_error_location_place',
	locationPostcode: 'submit_error_location_postcode',
	locationLong: 'submit_error_location_long',
	locationPin: 'submit_error_location_pin',
	time: 'submit_error_time',
	timeOrder: 'submit_error_time_order',
	timeHalf: 'submit_error_time_half',
	noteLong: 'submit_error_schedule_note_long',
	contactPerson: 'submit_error_contact_person',
	contactEmail: 'submit_error_contact_email',
	contactPhone: 'submit_error_contact_phone',
	contactWebsite: 'submit_error_contact_website',
	licence: 'submit_error_licence',
	email: 'submit_error_email',
	locationsMax: 'submit_error_locations_max'
} as const;

const trimmed = (max: number, tooLong: string) => z.string().trim().max(max, { error: tooLong });
const inList = (values: readonly string[]) => z.array(z.string()).refine((arr) => arr.every((v) => values.includes(v)), { error: E.choice });
const optionalNumber = z
	.string()
	.trim()
	.refine((v) => v === '' || /^-?\d{1,3}(\.\d{1,8})?$/.test(v), { error: E.locationPin });
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const emailSchema = z.string().trim().max(EMAIL_MAX, { error: E.email }).pipe(z.email({ error: E.email }));

function websiteOf(raw: string): string | null {
	const v = raw.trim();
	if (!v) return null;
	// People write "www.verein.de": a missing scheme means https.
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`;
	try {
		const url = new URL(withScheme);
		if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname.includes('.')) return null;
		return url.href;
	} catch {
		return null;
	}
}

const locationSchema = z.object({
	label: trimmed(LOCATION_LABEL_MAX, E.locationLong),
	street: trimmed(STREET_MAX, E.locationLong),
	postcode: z
		.string()
		.trim()
		.refine((v) => v === '' || /^\d{5}$/.test(v), { error: E.locationPostcode }),
	place: trimmed(PLACE_MAX, E.locationLong),
	approximate: z.boolean(),
	ags: z.string().trim(),
	lat: optionalNumber,
	lon: optionalNumber
}).superRefine((l, ctx) => {
	if (isEmptyLocation(l)) return;
	if (!l.place.trim() && !l.postcode.trim()) ctx.addIssue({ code: 'custom', path: ['place'], message: E.locationPlace });
	if ((l.lat.trim() === '') !== (l.lon.trim() === '')) ctx.addIssue({ code: 'custom', path: ['lat'], message: E.locationPin });
});

const slotSchema = z.object({ from: z.string().trim(), to: z.string().trim() }).superRefine((slot, ctx) => {
	if (!slot.from && !slot.to) return;
	if (!slot.from || !slot.to) ctx.addIssue({ code: 'custom', path: [slot.from ? 'to' : 'from'], message: E.timeHalf });
	else if (!TIME.test(slot.from)) ctx.addIssue({ code: 'custom', path: ['from'], message: E.time });
	else if (!TIME.test(slot.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: E.time });
	else if (slot.from >= slot.to) ctx.addIssue({ code: 'custom', path: ['to'], message: E.timeOrder });
});

const contactField = (check: (value: string) => boolean, error: string, max: number) =>
	z.object({
		value: z.string().trim().max(max, { error }).refine((v) => v === '' || check(v), { error }),
		public: z.boolean()
	});

export const entrySchema = z
	.object({
		sourceLocale: z.enum(locales as unknown as [string, ...string[]]),
		title: z.string().trim().min(1, { error: E.title }).min(TITLE_MIN, { error: E.titleShort }).max(TITLE_MAX, { error: E.titleLong }),
		teaser: z.string().trim().min(1, { error: E.teaser }).max(TEASER_MAX, { error: E.teaserLong }),
		description: z.string().max(DESCRIPTION_MAX, { error: E.descriptionLong }),
		organisation: trimmed(ORGANISATION_MAX, E.organisationLong),
		field: inList(ACTION_FIELDS).refine((arr) => arr.length > 0, { error: E.field }),
		topic: inList(TOPICS),
		offer: inList(OFFER_TYPES),
		targetGroup: inList(TARGET_GROUPS),
		language: inList(OFFER_LANGUAGE_CODES),
		cost: inList(COSTS),
		barrierFree: z.enum(TRISTATE, { error: E.choice }),
		childcare: z.boolean(),
		womenOnly: z.boolean(),
		appointmentNeeded: z.boolean(),
		online: z.enum(ONLINE_MODES, { error: E.choice }),
		locations: z.array(locationSchema).max(LOCATIONS_MAX, { error: E.locationsMax }),
		slots: z.array(z.array(slotSchema)),
		byAppointment: z.boolean(),
		temporarilyClosed: z.boolean(),
		scheduleNote: trimmed(SCHEDULE_NOTE_MAX, E.noteLong),
		contact: z.object({
			person: contactField(() => true, E.contactPerson, CONTACT_PERSON_MAX),
			email: contactField((v) => z.email().safeParse(v).success, E.contactEmail, EMAIL_MAX),
			phone: contactField((v) => /^\+?[\d\s()/.-]{5,}$/.test(v) && /\d{4,}/.test(v.replace(/\D/g, '')), E.contactPhone, PHONE_MAX),
			website: contactField((v) => websiteOf(v) !== null, E.contactWebsite, WEBSITE_MAX)
		}),
		licence: z.enum(LICENCES, { error: E.licence }),
		email: z.string()
	});

/** A zod issue path → the input name the page uses (and the error summary links to). */
export function inputName(path: readonly PropertyKey[]): string {
	const [first, a, b, c] = path;
	if (first === 'locations' && typeof a === 'number') return names.location(a, (b as keyof LocationValues) ?? 'place');
	if (first === 'slots' && typeof a === 'number' && typeof b === 'number') return names.slot(a, b, c === 'to' ? 'to' : 'from');
	if (first === 'contact' && typeof a === 'string') return names.contact(a as (typeof CONTACT_KINDS)[number]);
	const snake: Record<string, string> = {
		sourceLocale: 'source_locale',
		targetGroup: 'target_group',
		barrierFree: 'barrier_free',
		womenOnly: 'women_only',
		appointmentNeeded: 'appointment_needed',
		byAppointment: 'by_appointment',
		temporarilyClosed: 'temporarily_closed',
		scheduleNote: 'schedule_note',
		locations: 'loc0_place'
	};
	return snake[String(first)] ?? String(first ?? 'title');
}

export type ValidationResult = { ok: true; input: EntryInput } | { ok: false; errors: FieldErrors };

/**
 * Validates the values. `requireEmail` for submissions: the submitter's
 * address is where the verification link goes.
 */
export function validateEntry(values: EntryValues, opts: { requireEmail: boolean }): ValidationResult {
	const errors: FieldErrors = {};
	const parsed = entrySchema.safeParse(values);
	if (!parsed.success) for (const issue of parsed.error.issues) errors[inputName(issue.path)] ??= issue.message;
	let email: string | null = null;
	if (opts.requireEmail) {
		const e = emailSchema.safeParse(values.email);
		if (e.success) email = e.data.toLowerCase();
		else errors.email = E.email;
	}
	if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
	const v = parsed.data;
	const days: WeeklySchedule['days'] = [];
	v.slots.forEach((slots, d) => {
		const filled = slots.filter((s) => s.from && s.to).map((s) => ({ from: s.from, to: s.to }));
		if (filled.length > 0) days.push({ day: WEEKDAYS[d]!, slots: filled.sort((a, b) => a.from.localeCompare(b.from)) });
	});
	const note = v.scheduleNote || null;
	const schedule: WeeklySchedule | null =
		days.length || v.byAppointment || v.temporarilyClosed || note ? { days, byAppointment: v.byAppointment, temporarilyClosed: v.temporarilyClosed, note } : null;
	const contact: StoredContact = {};
	for (const kind of CONTACT_KINDS) {
		const field = v.contact[kind];
		const value = kind === 'website' ? websiteOf(field.value) : kind === 'email' ? field.value.toLowerCase() : field.value;
		if (value) contact[kind] = { value, public: field.public };
	}
	const num = (s: string) => (s.trim() === '' ? null : Number(s));
	return {
		ok: true,
		input: {
			sourceLocale: v.sourceLocale,
			title: v.title.replace(/\s+/g, ' '),
			teaser: v.teaser.replace(/\s+/g, ' '),
			description: sanitiseMarkdown(v.description),
			organisation: v.organisation || null,
			fields: v.field as EntryInput['fields'],
			topics: v.topic as EntryInput['topics'],
			offerTypes: v.offer as EntryInput['offerTypes'],
			targetGroups: v.targetGroup as EntryInput['targetGroups'],
			languages: v.language,
			costs: v.cost as EntryInput['costs'],
			barrierFree: v.barrierFree,
			childcare: v.childcare,
			womenOnly: v.womenOnly,
			appointmentNeeded: v.appointmentNeeded,
			online: v.online as OnlineMode,
			locations: v.locations
				.filter((l) => !isEmptyLocation(l))
				.map((l) => ({
					label: l.label || null,
					street: l.street || null,
					postcode: l.postcode || null,
					place: l.place,
					approximate: l.approximate,
					lat: num(l.lat),
					lon: num(l.lon),
					ags: /^03\d{6}$/.test(l.ags) ? l.ags : null
				})),
			schedule,
			contact,
			licence: v.licence,
			email
		}
	};
}

/** The form values of a stored entry (its source-language texts), for the edit page. */
export function valuesFromSnapshot(s: ProjectSnapshot): EntryValues {
	const v = emptyEntryValues(s.sourceLocale);
	const t = s.texts[s.sourceLocale] ?? Object.values(s.texts)[0];
	v.title = t?.title ?? '';
	v.teaser = t?.teaser ?? '';
	v.description = t?.description ?? '';
	v.organisation = s.organisation ?? '';
	v.field = [...s.fields];
	v.topic = [...s.topics];
	v.offer = [...s.offerTypes];
	v.targetGroup = [...s.targetGroups];
	v.language = [...s.languages];
	v.cost = [...s.costs];
	v.barrierFree = s.barrierFree;
	v.childcare = s.childcare;
	v.womenOnly = s.womenOnly;
	v.appointmentNeeded = s.appointmentNeeded;
	v.online = s.online;
	v.locations = s.locations.length
		? s.locations.map((l) => ({
				label: l.label ?? '',
				street: l.street ?? '',
				postcode: l.postcode ?? '',
				place: l.placeName,
				approximate: l.approximate,
				ags: l.ags ?? '',
				lat: l.approximate ? '' : String(Math.round(l.lat * 1e5) / 1e5),
				lon: l.approximate ? '' : String(Math.round(l.lon * 1e5) / 1e5)
			}))
		: [emptyLocation()];
	const schedule = s.schedule;
	if (schedule) {
		for (const day of schedule.days) {
			const row = v.slots[day.day - 1];
			if (!row) continue;
			day.slots.slice(0, SLOTS_PER_DAY).forEach((slot, i) => (row[i] = { from: slot.from, to: slot.to }));
		}
		v.byAppointment = schedule.byAppointment;
		v.temporarilyClosed = schedule.temporarilyClosed;
		v.scheduleNote = schedule.note ?? '';
	}
	for (const kind of CONTACT_KINDS) {
		const c = s.contact[kind];
		v.contact[kind] = c ? { value: c.value, public: c.public } : { value: '', public: kind === 'website' };
	}
	v.licence = (LICENCES as readonly string[]).includes(s.licence) ? s.licence : LICENCES[0];
	return v;
}
