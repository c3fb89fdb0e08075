/**
 * Mails of the newsletter subscription and of "for the newsletter"
 * submissions, each in the person's language. Every text is plain text
 * (renderMail escapes it). The confirmation mail carries no promotion: who
 * asks, what for, one link, how to ignore it (D-04).
 */
import { m } from '../../paraglide/messages';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { renderMail, type RenderedMail } from '../mail/render';

const loc = (locale: string): Locale => (isLocale(locale) ? locale : baseLocale);
/** A title or name inside a subject or a line: one line, no breaks. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function confirmSubscriptionMail(locale: string, url: string, hours: number): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.nl_mail_confirm_subject({}, { locale: l }),
		paragraphs: [m.nl_mail_confirm_intro({}, { locale: l }), m.nl_mail_confirm_what({}, { locale: l })],
		action: { label: m.nl_mail_confirm_action({}, { locale: l }), url },
		afterAction: [m.nl_mail_confirm_validity({ hours }, { locale: l }), m.nl_mail_confirm_ignore({}, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

/** Sent instead of a confirmation when the address already gets the newsletter: no enumeration through the form. */
export function alreadySubscribedMail(locale: string, preferencesUrl: string): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.nl_mail_already_subject({}, { locale: l }),
		paragraphs: [m.nl_mail_already_intro({}, { locale: l })],
		action: { label: m.nl_mail_preferences_action({}, { locale: l }), url: preferencesUrl },
		afterAction: [m.nl_mail_already_ignore({}, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

export function welcomeMail(locale: string, preferencesUrl: string, unsubscribeUrl: string): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.nl_mail_welcome_subject({}, { locale: l }),
		paragraphs: [m.nl_mail_welcome_intro({}, { locale: l }), m.nl_mail_welcome_preferences({}, { locale: l })],
		action: { label: m.nl_mail_preferences_action({}, { locale: l }), url: preferencesUrl },
		afterAction: [m.nl_mail_unsubscribe({ url: unsubscribeUrl }, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

/** Receipt to whoever sent an item in "for the newsletter". */
export function submissionReceiptMail(locale: string, title: string): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.nl_mail_receipt_subject({}, { locale: l }),
		paragraphs: [
			m.nl_mail_receipt_intro({ title: oneLine(title) }, { locale: l }),
			m.nl_mail_receipt_next({}, { locale: l }),
			m.nl_mail_receipt_privacy({}, { locale: l })
		],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

/** The decision "not in the newsletter", with the office's note, in the submitter's language. */
export function submissionRejectedMail(locale: string, title: string, note: string): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.nl_mail_rejected_subject({}, { locale: l }),
		paragraphs: [
			m.nl_mail_rejected_intro({ title: oneLine(title) }, { locale: l }),
			`${m.nl_mail_rejected_note({}, { locale: l })}:`,
			...note.split(/\r?\n/).filter((line) => line.trim() !== ''),
			m.nl_mail_rejected_contact({}, { locale: l })
		],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

export interface OfficeSubmission {
	kind: string;
	title: string;
	name: string;
	organisation: string | null;
	queueUrl: string;
}

/** To the office, in German: there is a new item in the queue (content stays in the queue, not in the mailbox). */
export function officeSubmissionMail(s: OfficeSubmission): RenderedMail {
	const l = baseLocale;
	return renderMail({
		locale: l,
		subject: m.nl_mail_office_subject({ title: oneLine(s.title) }, { locale: l }),
		paragraphs: [
			m.nl_mail_office_intro({}, { locale: l }),
			`${m.nl_field_kind({}, { locale: l })}: ${s.kind}`,
			`${m.nl_field_title({}, { locale: l })}: ${oneLine(s.title)}`,
			`${m.nl_field_name({}, { locale: l })}: ${oneLine(s.name)}${s.organisation ? ` (${oneLine(s.organisation)})` : ''}`
		],
		action: { label: m.nl_mail_office_action({}, { locale: l }), url: s.queueUrl },
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}
