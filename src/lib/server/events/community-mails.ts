/**
 * Mails of community events and stands, in the recipient's language (the
 * sender's locale at submission, an owner's account locale). Every text is
 * plain text; renderMail escapes it.
 */
import { m } from '../../paraglide/messages';
import type { Locale } from '../../paraglide/runtime';
import { formatWhen } from '../../events/format';
import { renderMail, type RenderedMail } from '../mail/render';
import { venueLine } from './calendar';
import type { EventRow } from './repository';

export interface CommunityMail extends RenderedMail {
	template: string;
}

const footer = (l: Locale) => [m.mail_footer_sender({}, { locale: l })];

function whereLines(e: EventRow, l: Locale): string[] {
	const lines = [m.events_mail_when({ when: formatWhen(e.startsAt, e.endsAt, l) }, { locale: l })];
	const venue = venueLine(e);
	if (venue) lines.push(m.events_mail_where({ where: venue }, { locale: l }));
	return lines;
}

/** Verification of the sender's address: what was sent in, one link, how long, how to ignore it. */
export function submissionVerifyMail(e: EventRow, l: Locale, name: string, url: string, hours: number): CommunityMail {
	return {
		template: 'events.community.verify',
		...renderMail({
			locale: l,
			greeting: m.evc_mail_greeting({ name }, { locale: l }),
			subject: m.evc_mail_verify_subject({ title: e.title }, { locale: l }),
			paragraphs: [m.evc_mail_verify_intro({ title: e.title }, { locale: l }), ...whereLines(e, l), m.evc_mail_verify_what({}, { locale: l })],
			action: { label: m.evc_mail_verify_action({}, { locale: l }), url },
			afterAction: [m.evc_mail_verify_validity({ hours }, { locale: l }), m.evc_mail_verify_ignore({}, { locale: l })],
			footer: footer(l)
		})
	};
}

export function submissionApprovedMail(e: EventRow, l: Locale, name: string, eventUrl: string, note: string): CommunityMail {
	const paragraphs = [m.evc_mail_approved_intro({ title: e.title }, { locale: l }), ...whereLines(e, l)];
	if (note) paragraphs.push(m.evc_mail_note({ note }, { locale: l }));
	return {
		template: 'events.community.approved',
		...renderMail({
			locale: l,
			greeting: m.evc_mail_greeting({ name }, { locale: l }),
			subject: m.evc_mail_approved_subject({ title: e.title }, { locale: l }),
			paragraphs,
			action: { label: m.evc_mail_event_page({}, { locale: l }), url: eventUrl },
			footer: footer(l)
		})
	};
}

/** A rejection names the reason; the sender may send the event in again with the changes asked for. */
export function submissionRejectedMail(e: EventRow, l: Locale, name: string, note: string, submitUrl: string): CommunityMail {
	return {
		template: 'events.community.rejected',
		...renderMail({
			locale: l,
			greeting: m.evc_mail_greeting({ name }, { locale: l }),
			subject: m.evc_mail_rejected_subject({ title: e.title }, { locale: l }),
			paragraphs: [m.evc_mail_rejected_intro({ title: e.title }, { locale: l }), m.evc_mail_note({ note }, { locale: l }), m.evc_mail_rejected_resubmit({}, { locale: l })],
			action: { label: m.evc_mail_rejected_action({}, { locale: l }), url: submitUrl },
			footer: footer(l)
		})
	};
}

export function standDecisionMail(
	e: EventRow,
	l: Locale,
	entryTitle: string,
	approved: boolean,
	note: string,
	eventUrl: string
): CommunityMail {
	const paragraphs = [
		approved
			? m.evc_mail_stand_approved_intro({ entry: entryTitle, title: e.title }, { locale: l })
			: m.evc_mail_stand_rejected_intro({ entry: entryTitle, title: e.title }, { locale: l }),
		...whereLines(e, l)
	];
	if (note) paragraphs.push(m.evc_mail_note({ note }, { locale: l }));
	return {
		template: approved ? 'events.stand.approved' : 'events.stand.rejected',
		...renderMail({
			locale: l,
			subject: approved ? m.evc_mail_stand_approved_subject({ title: e.title }, { locale: l }) : m.evc_mail_stand_rejected_subject({ title: e.title }, { locale: l }),
			paragraphs,
			action: { label: m.evc_mail_event_page({}, { locale: l }), url: eventUrl },
			footer: footer(l)
		})
	};
}
