/** Mails to registrants, in the registrant's locale; every text is plain text (renderMail escapes it). */
import { m } from '../../paraglide/messages';
import type { Locale } from '../../paraglide/runtime';
import { formatDateTime, formatWhen } from '../../events/format';
import { renderMail, type RenderedMail } from '../mail/render';
import type { MailAttachment } from '../mail/schema';
import { cancellationIcs, eventIcs, icsFilename, venueLine } from './calendar';
import type { EventRow } from './repository';

export interface RegistrationMail extends RenderedMail {
	template: string;
	attachments?: MailAttachment[];
}

const footer = (l: Locale) => [m.mail_footer_sender({}, { locale: l })];

function whereLines(e: EventRow, l: Locale, withOnlineUrl: boolean): string[] {
	const lines = [m.events_mail_when({ when: formatWhen(e.startsAt, e.endsAt, l) }, { locale: l })];
	const venue = venueLine(e);
	if (venue) lines.push(m.events_mail_where({ where: venue }, { locale: l }));
	if (e.online !== 'no') {
		lines.push(withOnlineUrl && e.onlineUrl ? m.events_mail_online_url({ url: e.onlineUrl }, { locale: l }) : m.events_mail_online({}, { locale: l }));
	}
	return lines;
}

function ics(e: EventRow, l: Locale, cancelled = false): MailAttachment {
	return {
		filename: icsFilename(e),
		contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
		content: eventIcs(e, l, { cancelled, forRegistrant: !cancelled })
	};
}

/** Double opt-in: who asked, for what, one link, how long, how to ignore it. */
export function confirmMail(e: EventRow, l: Locale, name: string, url: string, days: number): RegistrationMail {
	return {
		template: 'events.registration.confirm',
		...renderMail({
			locale: l,
			greeting: m.events_mail_greeting({ name }, { locale: l }),
			subject: m.events_mail_confirm_subject({ title: e.title }, { locale: l }),
			paragraphs: [m.events_mail_confirm_intro({ title: e.title }, { locale: l }), ...whereLines(e, l, false), m.events_mail_confirm_what({}, { locale: l })],
			action: { label: m.events_mail_confirm_action({}, { locale: l }), url },
			afterAction: [m.events_mail_confirm_validity({ days }, { locale: l }), m.events_mail_confirm_ignore({}, { locale: l })],
			footer: footer(l)
		})
	};
}

export function confirmedMail(e: EventRow, l: Locale, name: string, cancelUrl: string, eventUrl: string): RegistrationMail {
	return {
		template: 'events.registration.confirmed',
		attachments: [ics(e, l)],
		...renderMail({
			locale: l,
			greeting: m.events_mail_greeting({ name }, { locale: l }),
			subject: m.events_mail_confirmed_subject({ title: e.title }, { locale: l }),
			paragraphs: [m.events_mail_confirmed_intro({ title: e.title }, { locale: l }), ...whereLines(e, l, true), m.events_mail_ics_note({}, { locale: l })],
			action: { label: m.events_mail_event_page({}, { locale: l }), url: eventUrl },
			afterAction: [m.events_mail_cancel_hint({ url: cancelUrl }, { locale: l })],
			footer: footer(l)
		})
	};
}

export function waitlistedMail(e: EventRow, l: Locale, name: string, cancelUrl: string, eventUrl: string): RegistrationMail {
	return {
		template: 'events.registration.waitlisted',
		...renderMail({
			locale: l,
			greeting: m.events_mail_greeting({ name }, { locale: l }),
			subject: m.events_mail_waitlisted_subject({ title: e.title }, { locale: l }),
			paragraphs: [
				m.events_mail_waitlisted_intro({ title: e.title }, { locale: l }),
				...whereLines(e, l, false),
				m.events_mail_waitlisted_how({ hours: e.offerHours }, { locale: l })
			],
			action: { label: m.events_mail_event_page({}, { locale: l }), url: eventUrl },
			afterAction: [m.events_mail_cancel_waitlist_hint({ url: cancelUrl }, { locale: l })],
			footer: footer(l)
		})
	};
}

export function offerMail(e: EventRow, l: Locale, name: string, acceptUrl: string, cancelUrl: string, expiresAt: Date): RegistrationMail {
	return {
		template: 'events.registration.offer',
		...renderMail({
			locale: l,
			greeting: m.events_mail_greeting({ name }, { locale: l }),
			subject: m.events_mail_offer_subject({ title: e.title }, { locale: l }),
			paragraphs: [m.events_mail_offer_intro({ title: e.title }, { locale: l }), ...whereLines(e, l, false)],
			action: { label: m.events_mail_offer_action({}, { locale: l }), url: acceptUrl },
			afterAction: [
				m.events_mail_offer_deadline({ deadline: formatDateTime(expiresAt, l) }, { locale: l }),
				m.events_mail_offer_decline({ url: cancelUrl }, { locale: l })
			],
			footer: footer(l)
		})
	};
}

export function offerExpiredMail(e: EventRow, l: Locale, name: string, eventUrl: string): RegistrationMail {
	return {
		template: 'events.registration.offer_expired',
		...renderMail({
			locale: l,
			greeting: m.events_mail_greeting({ name }, { locale: l }),
			subject: m.events_mail_offer_expired_subject({ title: e.title }, { locale: l }),
			paragraphs: [m.events_mail_offer_expired_intro({ title: e.title }, { locale: l })],
			action: { label: m.events_mail_event_page({}, { locale: l }), url: eventUrl },
			footer: footer(l)
		})
	};
}

export function cancelledMail(e: EventRow, l: Locale, name: string, eventUrl: string, heldSeat: boolean): RegistrationMail {
	return {
		template: 'events.registration.cancelled',
		// A calendar that took the confirmed date from our .ics removes it with this one (same UID, STATUS:CANCELLED).
		attachments: heldSeat ? [ics(e, l, true)] : undefined,
		...renderMail({
			locale: l,
			greeting: m.events_mail_greeting({ name }, { locale: l }),
			subject: m.events_mail_cancelled_subject({ title: e.title }, { locale: l }),
			paragraphs: [m.events_mail_cancelled_intro({ title: e.title }, { locale: l }), ...(heldSeat ? [m.events_mail_cancelled_ics({}, { locale: l })] : [])],
			action: { label: m.events_mail_event_page({}, { locale: l }), url: eventUrl },
			footer: footer(l)
		})
	};
}

export function reminderMail(e: EventRow, l: Locale, name: string, cancelUrl: string, eventUrl: string): RegistrationMail {
	return {
		template: 'events.registration.reminder',
		attachments: [ics(e, l)],
		...renderMail({
			locale: l,
			greeting: m.events_mail_greeting({ name }, { locale: l }),
			subject: m.events_mail_reminder_subject({ title: e.title }, { locale: l }),
			paragraphs: [m.events_mail_reminder_intro({ title: e.title }, { locale: l }), ...whereLines(e, l, true)],
			action: { label: m.events_mail_event_page({}, { locale: l }), url: eventUrl },
			afterAction: [m.events_mail_reminder_cancel({ url: cancelUrl }, { locale: l })],
			footer: footer(l)
		})
	};
}

/**
 * The office called the event off (cancellation.ts). Everyone who held a seat,
 * an offer or a waitlist place gets the reason and an iTIP CANCEL (.ics with
 * the same UID and a higher SEQUENCE) that removes the date from a calendar;
 * people who never confirmed get the short version without a calendar file.
 * `e` is the event as cancelled (status, updated_at), so the SEQUENCE is new.
 */
export function eventCancelledMail(
	e: EventRow,
	l: Locale,
	to: { name: string; email: string },
	reason: string,
	calendarUrl: string,
	confirmed: boolean
): RegistrationMail {
	return {
		template: confirmed ? 'events.event.cancelled' : 'events.event.cancelled_pending',
		attachments: confirmed
			? [{ filename: icsFilename(e), contentType: 'text/calendar; charset=utf-8; method=CANCEL', content: cancellationIcs(e, l, to) }]
			: undefined,
		...renderMail({
			locale: l,
			greeting: m.events_mail_greeting({ name: to.name }, { locale: l }),
			subject: m.events_mail_event_cancelled_subject({ title: e.title }, { locale: l }),
			paragraphs: [
				m.events_mail_event_cancelled_intro({ title: e.title }, { locale: l }),
				m.events_mail_event_cancelled_reason({ reason }, { locale: l }),
				...whereLines(e, l, false),
				confirmed ? m.events_mail_event_cancelled_ics({}, { locale: l }) : m.events_mail_event_cancelled_pending({}, { locale: l }),
				m.events_mail_event_cancelled_sorry({}, { locale: l })
			],
			action: { label: m.events_mail_calendar_action({}, { locale: l }), url: calendarUrl },
			footer: footer(l)
		})
	};
}
