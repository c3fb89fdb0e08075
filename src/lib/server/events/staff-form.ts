/**
 * The staff event form: what the page posts → a validated event write, with
 * message keys as errors and every entered value kept.
 */
import { z } from 'zod';
import { ACTION_FIELDS, OFFER_LANGUAGES, TRISTATE } from '../../atlas/taxonomy';
import { EVENT_KINDS, EVENT_QUESTIONS, ONLINE_MODES, SIGN_LANGUAGE } from '../../events/vocabulary';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { locales } from '../../paraglide/runtime';
import { REGIONS } from '../accounts/schema';
import { MARKDOWN_MAX, safeLinkTarget, sanitiseMarkdown } from '../markdown';
import { locate } from '../atlas/locate';
import type { EventWrite } from './repository';
import { addDays, berlinInstant, berlinWallClock, validDate, validTime } from './time';

export const STAFF_STATUSES = ['draft', 'published', 'cancelled'] as const;
export const REPEATS = ['none', 'weekly', 'biweekly', 'monthly'] as const;
export type Repeat = (typeof REPEATS)[number];
export const REPEAT_MAX = 26;

const LIST_FIELDS = ['fields', 'languages', 'interpretation', 'questions'] as const;
const TEXT_FIELDS = [
	'title',
	'description',
	'kind',
	'status',
	'text_locale',
	'region',
	'online',
	'online_url',
	'venue_name',
	'street',
	'postcode',
	'place',
	'start_date',
	'start_time',
	'end_date',
	'end_time',
	'step_free',
	'accessibility',
	'organiser',
	'contact_email',
	'contact_phone',
	'website',
	'registration_enabled',
	'registration_open',
	'capacity',
	'registration_opens',
	'registration_closes',
	'consent_text',
	'offer_hours',
	'repeat',
	'repeat_count'
] as const;

export type EventFormValues = Record<(typeof TEXT_FIELDS)[number], string> & Record<(typeof LIST_FIELDS)[number], string[]>;

export function eventFormValues(form: FormData): EventFormValues {
	const out: Record<string, string | string[]> = {};
	for (const name of TEXT_FIELDS) {
		const v = form.get(name);
		out[name] = typeof v === 'string' ? v.slice(0, name === 'description' ? MARKDOWN_MAX * 2 : 2000) : '';
	}
	for (const name of LIST_FIELDS) out[name] = form.getAll(name).filter((v): v is string => typeof v === 'string').slice(0, 50);
	return out as EventFormValues;
}

/** The form's values for an existing event (edit page). */
export function valuesFromEvent(e: EventWrite): EventFormValues {
	const start = berlinWallClock(e.startsAt);
	const end = berlinWallClock(e.endsAt);
	return {
		title: e.title,
		description: e.description,
		kind: e.kind,
		status: e.status,
		text_locale: e.textLocale,
		region: e.region ?? '',
		online: e.online,
		online_url: e.onlineUrl ?? '',
		venue_name: e.venueName ?? '',
		street: e.street ?? '',
		postcode: e.postcode ?? '',
		place: e.placeName ?? '',
		start_date: start.date,
		start_time: start.time,
		end_date: end.date,
		end_time: end.time,
		step_free: e.stepFree,
		accessibility: e.accessibility,
		organiser: e.organiser,
		contact_email: e.contactEmail ?? '',
		contact_phone: e.contactPhone ?? '',
		website: e.website ?? '',
		registration_enabled: e.registrationEnabled ? 'yes' : '',
		registration_open: e.registrationOpen ? 'yes' : '',
		capacity: e.capacity === null ? '' : String(e.capacity),
		registration_opens: e.registrationOpensAt ? berlinWallClock(e.registrationOpensAt).date : '',
		registration_closes: e.registrationClosesAt ? berlinWallClock(new Date(e.registrationClosesAt.getTime() - 1)).date : '',
		consent_text: e.consentText,
		offer_hours: String(e.offerHours),
		repeat: 'none',
		repeat_count: '',
		fields: e.fields,
		languages: e.languages,
		interpretation: e.interpretation,
		questions: e.questions
	};
}

const text = (max: number, key = 'events_staff_error_too_long') => z.string().trim().max(max, { error: key });
const optional = (max: number) => text(max).transform((v) => v || null);
const url = z
	.string()
	.trim()
	.max(500, { error: 'events_staff_error_url' })
	.refine((v) => v === '' || (safeLinkTarget(v)?.startsWith('http') ?? false), { error: 'events_staff_error_url' })
	.transform((v) => (v ? safeLinkTarget(v) : null));

const schema = z.object({
	title: z.string().trim().min(1, { error: 'events_staff_error_title' }).max(200, { error: 'events_staff_error_too_long' }),
	description: text(MARKDOWN_MAX),
	kind: z.enum(EVENT_KINDS, { error: 'events_staff_error_kind' }),
	status: z.enum(STAFF_STATUSES, { error: 'events_staff_error_status' }),
	text_locale: z.enum(locales, { error: 'events_staff_error_status' }),
	region: z.union([z.literal(''), z.enum(REGIONS)], { error: 'events_staff_error_region' }),
	online: z.enum(ONLINE_MODES, { error: 'events_staff_error_online' }),
	online_url: url,
	venue_name: optional(200),
	street: optional(200),
	postcode: z
		.string()
		.trim()
		.refine((v) => v === '' || /^\d{5}$/.test(v), { error: 'events_staff_error_postcode' }),
	place: text(100),
	start_date: z.string().refine(validDate, { error: 'events_staff_error_date' }),
	start_time: z.string().refine(validTime, { error: 'events_staff_error_time' }),
	end_date: z.string().refine((v) => v === '' || validDate(v), { error: 'events_staff_error_date' }),
	end_time: z.string().refine(validTime, { error: 'events_staff_error_time' }),
	step_free: z.enum(TRISTATE, { error: 'events_staff_error_step_free' }),
	accessibility: text(2000),
	organiser: text(200),
	contact_email: z
		.string()
		.trim()
		.max(254, { error: 'events_staff_error_email' })
		.pipe(z.union([z.literal(''), z.email({ error: 'events_staff_error_email' })]))
		.transform((v) => v.toLowerCase() || null),
	contact_phone: optional(50),
	website: url,
	registration_enabled: z.string(),
	registration_open: z.string(),
	capacity: z
		.string()
		.trim()
		.refine((v) => v === '' || (/^\d{1,6}$/.test(v) && Number(v) >= 1), { error: 'events_staff_error_capacity' })
		.transform((v) => (v === '' ? null : Number(v))),
	registration_opens: z.string().refine((v) => v === '' || validDate(v), { error: 'events_staff_error_date' }),
	registration_closes: z.string().refine((v) => v === '' || validDate(v), { error: 'events_staff_error_date' }),
	consent_text: text(2000),
	offer_hours: z
		.string()
		.trim()
		.refine((v) => v === '' || (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 168), { error: 'events_staff_error_offer_hours' })
		.transform((v) => (v === '' ? 24 : Number(v))),
	repeat: z
		.string()
		.transform((v) => v || 'none')
		.pipe(z.enum(REPEATS, { error: 'events_staff_error_repeat' })),
	repeat_count: z
		.string()
		.trim()
		.refine((v) => v === '' || (/^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= REPEAT_MAX), { error: 'events_staff_error_repeat_count' })
		.transform((v) => (v === '' ? 1 : Number(v))),
	fields: z.array(z.enum(ACTION_FIELDS, { error: 'events_staff_error_fields' })),
	languages: z.array(z.string().refine((v) => Object.hasOwn(OFFER_LANGUAGES, v), { error: 'events_staff_error_languages' })),
	interpretation: z.array(z.string().refine((v) => v === SIGN_LANGUAGE || Object.hasOwn(OFFER_LANGUAGES, v), { error: 'events_staff_error_languages' })),
	questions: z.array(z.enum(EVENT_QUESTIONS, { error: 'events_staff_error_questions' }))
});

export type ParsedEventForm =
	| { ok: true; event: Omit<EventWrite, 'demo' | 'seriesId' | 'projectId'>; repeat: Repeat; repeatCount: number }
	| { ok: false; values: EventFormValues; errors: FieldErrors };

/** The dates of a series: the first and every further one, at the same Berlin wall-clock times. */
export function recurringDates(first: string, repeat: Repeat, count: number): string[] {
	if (repeat === 'none') return [first];
	const dates = [first];
	for (let i = 1; i < count; i++) {
		if (repeat === 'monthly') {
			const [y, m, d] = first.split('-').map(Number) as [number, number, number];
			const target = new Date(Date.UTC(y, m - 1 + i, 1));
			const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
			// The 31st becomes the last day of shorter months.
			target.setUTCDate(Math.min(d, lastDay));
			dates.push(target.toISOString().slice(0, 10));
		} else {
			dates.push(addDays(first, i * (repeat === 'weekly' ? 7 : 14)));
		}
	}
	return dates;
}

export async function parseEventForm(form: FormData): Promise<ParsedEventForm> {
	const values = eventFormValues(form);
	const parsed = schema.safeParse(values);
	if (!parsed.success) {
		// The place is checked as well, so that every problem is named in one round.
		const errors = fieldErrorsFrom(parsed.error.issues, 'title');
		if (!errors.place && !errors.postcode && (values.place.trim() || values.postcode.trim())) {
			const found = await locate({ place: values.place, postcode: values.postcode.trim() || null });
			if (found.status !== 'found') errors.place = found.status === 'ambiguous' ? 'events_staff_error_place_ambiguous' : 'events_staff_error_place';
		}
		return { ok: false, values, errors };
	}
	const d = parsed.data;
	const errors: FieldErrors = {};
	const endDate = d.end_date || d.start_date;
	const startsAt = berlinInstant(d.start_date, d.start_time);
	const endsAt = berlinInstant(endDate, d.end_time);
	if (!startsAt) errors.start_time = 'events_staff_error_time_gap';
	if (!endsAt) errors.end_time = 'events_staff_error_time_gap';
	if (startsAt && endsAt && endsAt <= startsAt) errors.end_time = 'events_staff_error_end_before_start';
	if (d.online !== 'no' && !d.online_url && d.online !== 'hybrid') errors.online_url = 'events_staff_error_online_url';
	let location: Pick<EventWrite, 'placeName' | 'ags' | 'districtKey' | 'lat' | 'lon' | 'postcode' | 'street'> = {
		placeName: null,
		ags: null,
		districtKey: null,
		lat: null,
		lon: null,
		postcode: null,
		street: null
	};
	let region = d.region || null;
	if (d.place || d.postcode) {
		const found = await locate({ place: d.place, postcode: d.postcode || null, street: d.street, label: d.venue_name });
		if (found.status === 'found') {
			const l = found.location;
			location = { placeName: l.placeName, ags: l.ags, districtKey: l.districtKey, lat: l.lat, lon: l.lon, postcode: l.postcode, street: l.street };
			region = l.region;
		} else {
			errors.place = found.status === 'ambiguous' ? 'events_staff_error_place_ambiguous' : 'events_staff_error_place';
		}
	} else if (d.online === 'no') {
		errors.place = 'events_staff_error_place_required';
	}
	const opens = d.registration_opens ? berlinInstant(d.registration_opens, '00:00') : null;
	// The closing date is the last day on which people can register.
	const closes = d.registration_closes ? berlinInstant(addDays(d.registration_closes, 1), '00:00') : null;
	if (opens && closes && closes <= opens) errors.registration_closes = 'events_staff_error_window';
	if (d.repeat !== 'none' && d.repeat_count < 2) errors.repeat_count = 'events_staff_error_repeat_count';
	const registrationEnabled = d.registration_enabled === 'yes';
	if (registrationEnabled && !d.consent_text) errors.consent_text = 'events_staff_error_consent_text';
	if (Object.keys(errors).length > 0 || !startsAt || !endsAt) return { ok: false, values, errors };
	return {
		ok: true,
		repeat: d.repeat,
		repeatCount: d.repeat === 'none' ? 1 : d.repeat_count,
		event: {
			kind: d.kind,
			status: d.status,
			title: d.title,
			description: sanitiseMarkdown(d.description),
			textLocale: d.text_locale,
			fields: d.fields,
			region,
			online: d.online,
			onlineUrl: d.online === 'no' ? null : d.online_url,
			venueName: d.venue_name,
			...location,
			startsAt,
			endsAt,
			stepFree: d.step_free,
			accessibility: d.accessibility,
			languages: [...new Set(d.languages)],
			interpretation: [...new Set(d.interpretation)],
			organiser: d.organiser,
			contactEmail: d.contact_email,
			contactPhone: d.contact_phone,
			website: d.website,
			registrationEnabled,
			registrationOpen: d.registration_open === 'yes',
			capacity: d.capacity,
			registrationOpensAt: opens,
			registrationClosesAt: closes,
			questions: [...new Set(d.questions)],
			consentText: d.consent_text,
			offerHours: d.offer_hours
		}
	};
}
