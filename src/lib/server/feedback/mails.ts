import { m } from '../../paraglide/messages';
import { isLocale, baseLocale } from '../../paraglide/runtime';
import { ENDONYMS } from '../../i18n';
import { renderMail, type RenderedMail } from '../mail/render';
import type { Feedback, FeedbackKind } from './service';

const KIND_LABELS: Record<FeedbackKind, (l: 'de' | 'en' | 'ar') => string> = {
	barrier: (l) => m.forms_feedback_kind_barrier({}, { locale: l }),
	question: (l) => m.forms_feedback_kind_question({}, { locale: l }),
	format: (l) => m.forms_feedback_kind_format({}, { locale: l })
};

function localeOf(locale: string) {
	return isLocale(locale) ? locale : baseLocale;
}

/** To the office, in German (the office's language); the person's own text is passed through as plain text. */
export function officeFeedbackMail(feedback: Feedback, personLocale: string): RenderedMail {
	const l = baseLocale;
	const notGiven = m.forms_feedback_mail_not_given({}, { locale: l });
	const kind = KIND_LABELS[feedback.kind](l);
	const field = (label: string, value: string | undefined) => `${label}: ${value || notGiven}`;
	return renderMail({
		locale: l,
		subject: m.forms_feedback_mail_office_subject({ kind }, { locale: l }),
		paragraphs: [
			m.forms_feedback_mail_office_intro({}, { locale: l }),
			field(m.forms_feedback_mail_field_kind({}, { locale: l }), kind),
			field(m.forms_feedback_mail_field_page({}, { locale: l }), feedback.page),
			field(m.forms_feedback_mail_field_name({}, { locale: l }), feedback.name),
			field(m.forms_feedback_mail_field_email({}, { locale: l }), feedback.email),
			field(m.forms_feedback_mail_field_language({}, { locale: l }), ENDONYMS[personLocale] ?? personLocale),
			`${m.forms_feedback_mail_field_message({}, { locale: l })}:`,
			// The HTML part joins a paragraph's lines; one paragraph per line keeps the person's layout.
			...feedback.message.split(/\r?\n/).filter((line) => line.trim() !== '')
		],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

/** To the person, in their language. It repeats none of their text, so the mail cannot carry someone else's content. */
export function feedbackConfirmationMail(locale: string): RenderedMail {
	const l = localeOf(locale);
	return renderMail({
		locale: l,
		subject: m.forms_feedback_mail_confirm_subject({}, { locale: l }),
		greeting: m.forms_feedback_mail_confirm_greeting({}, { locale: l }),
		paragraphs: [m.forms_feedback_mail_confirm_body({}, { locale: l }), m.forms_feedback_mail_confirm_not_you({}, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}
