/**
 * Display names of the event vocabularies. Records keyed by the code types,
 * so the compiler reports a code without a message.
 */
import { m } from '$lib/paraglide/messages';
import { languageName } from '$lib/atlas/labels';
import { SIGN_LANGUAGE, type EventKind, type EventQuestion, type EventStatus, type OnlineMode, type RegistrationStatus } from './vocabulary';

type Message = () => string;

const KINDS: Record<EventKind, Message> = {
	integration_conference: m.events_kind_integration_conference,
	regional_conference: m.events_kind_regional_conference,
	follow_up: m.events_kind_follow_up,
	workshop_forum: m.events_kind_workshop_forum,
	market: m.events_kind_market,
	thank_you: m.events_kind_thank_you,
	workshop: m.events_kind_workshop,
	online_forum: m.events_kind_online_forum,
	community: m.events_kind_community
};

const QUESTIONS: Record<EventQuestion, Message> = {
	organisation: m.events_question_organisation,
	dietary: m.events_question_dietary,
	accessibility: m.events_question_accessibility,
	interpreter: m.events_question_interpreter
};

const STATUSES: Record<EventStatus, Message> = {
	draft: m.events_status_draft,
	submitted: m.events_status_submitted,
	published: m.events_status_published,
	rejected: m.events_status_rejected,
	cancelled: m.events_status_cancelled
};

const ONLINE: Record<OnlineMode, Message> = {
	no: m.events_attendance_no,
	online: m.events_attendance_online,
	hybrid: m.events_attendance_hybrid
};

const REGISTRATION: Record<RegistrationStatus, Message> = {
	pending: m.events_registration_status_pending,
	confirmed: m.events_registration_status_confirmed,
	waitlisted: m.events_registration_status_waitlisted,
	offered: m.events_registration_status_offered,
	cancelled: m.events_registration_status_cancelled,
	expired: m.events_registration_status_expired
};

export const kindLabel = (k: EventKind) => KINDS[k]?.() ?? k;
export const questionLabel = (q: EventQuestion) => QUESTIONS[q]?.() ?? q;
export const statusLabel = (s: EventStatus) => STATUSES[s]?.() ?? s;
export const attendanceLabel = (o: OnlineMode) => ONLINE[o]?.() ?? o;
export const registrationStatusLabel = (s: RegistrationStatus) => REGISTRATION[s]?.() ?? s;

/** A spoken language by its endonym, or German Sign Language in the page's language. */
export function interpretationName(code: string): { text: string; lang?: string } {
	if (code === SIGN_LANGUAGE) return { text: m.events_sign_language() };
	return languageName(code);
}
