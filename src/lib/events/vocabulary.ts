/**
 * Event vocabularies: stable codes used in the database, URLs and the API.
 * Display names live in messages/events (events_kind_<code>, …).
 * Client-safe: pages and server share it.
 */

export const EVENT_KINDS = [
	'integration_conference',
	'regional_conference',
	'follow_up',
	'workshop_forum',
	'market',
	'thank_you',
	'workshop',
	'online_forum',
	'community'
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_STATUSES = ['draft', 'submitted', 'published', 'rejected', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const ONLINE_MODES = ['no', 'online', 'hybrid'] as const;
export type OnlineMode = (typeof ONLINE_MODES)[number];

/** The optional questions of a registration form. */
export const EVENT_QUESTIONS = ['organisation', 'dietary', 'accessibility', 'interpreter'] as const;
export type EventQuestion = (typeof EVENT_QUESTIONS)[number];

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'waitlisted', 'offered', 'cancelled', 'expired'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
/** Statuses that hold a seat (counted in events.seats_taken by the database trigger). */
export const SEAT_STATUSES = ['confirmed', 'offered'] as const satisfies readonly RegistrationStatus[];

export const EVENT_TOKEN_PURPOSES = ['confirm', 'cancel', 'accept'] as const;
export type EventTokenPurpose = (typeof EVENT_TOKEN_PURPOSES)[number];

/** Wall-clock times of events are always German local time. */
export const EVENT_TIME_ZONE = 'Europe/Berlin';

/** Interpretation codes beyond the spoken languages of OFFER_LANGUAGES. */
export const SIGN_LANGUAGE = 'dgs';

export const TIME_FILTERS = ['upcoming', 'past'] as const;
export type TimeFilter = (typeof TIME_FILTERS)[number];
