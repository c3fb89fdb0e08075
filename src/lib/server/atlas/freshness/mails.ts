/** Mails of the freshness cycle, in the owner's locale. Every text is plain text, escaped by renderMail. */
import { m } from '../../../paraglide/messages';
import type { Locale } from '../../../paraglide/runtime';
import { renderMail, type RenderedMail } from '../../mail/render';

/** The `antwort` URL parameter: which button the answer page puts first (German slugs in every locale). */
export const ANSWER_SLUGS = ['stimmt', 'bearbeiten', 'eingestellt'] as const;
export type FreshnessAnswerSlug = (typeof ANSWER_SLUGS)[number];

/** A title is one line; subjects must not carry line breaks. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function questionMail(
	l: Locale,
	input: { title: string; publicUrl: string; url: (answer?: FreshnessAnswerSlug) => string; days: number; months: number }
): RenderedMail {
	const o = { locale: l };
	const title = oneLine(input.title);
	return renderMail({
		locale: l,
		subject: m.fresh_mail_question_subject({ title }, o),
		greeting: m.fresh_mail_greeting({}, o),
		paragraphs: [m.fresh_mail_question_intro({ title }, o), m.fresh_mail_question_entry({ url: input.publicUrl }, o), m.fresh_mail_question_how({}, o)],
		action: { label: m.fresh_mail_question_action({}, o), url: input.url() },
		afterAction: [
			m.fresh_mail_question_direct({}, o),
			`${m.fresh_answer_confirm({}, o)}: ${input.url('stimmt')}`,
			`${m.fresh_answer_edit({}, o)}: ${input.url('bearbeiten')}`,
			`${m.fresh_answer_gone({}, o)}: ${input.url('eingestellt')}`,
			m.fresh_mail_question_validity({ days: input.days }, o),
			m.fresh_mail_question_consequence({ months: input.months }, o),
			m.fresh_mail_why({}, o)
		],
		footer: [m.mail_footer_sender({}, o)]
	});
}

export function archivedMail(l: Locale, input: { title: string; reviveUrl: string; months: number }): RenderedMail {
	const o = { locale: l };
	const title = oneLine(input.title);
	return renderMail({
		locale: l,
		subject: m.fresh_mail_archived_subject({ title }, o),
		greeting: m.fresh_mail_greeting({}, o),
		paragraphs: [m.fresh_mail_archived_intro({ title, months: input.months }, o), m.fresh_mail_archived_how({}, o)],
		action: { label: m.fresh_mail_archived_action({}, o), url: input.reviveUrl },
		afterAction: [m.fresh_mail_archived_signin({}, o), m.fresh_mail_why({}, o)],
		footer: [m.mail_footer_sender({}, o)]
	});
}
