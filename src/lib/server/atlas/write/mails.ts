/** Mails of the atlas write side, in the recipient's locale; every text is plain text (renderMail escapes it). */
import { m } from '../../../paraglide/messages';
import { baseLocale, isLocale } from '../../../paraglide/runtime';
import { renderMail, type RenderedMail } from '../../mail/render';

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** "Please confirm your entry": the link verifies the address and makes the sender an owner. */
export function verifySubmissionMail(locale: string, entry: { title: string }, url: string, days: number): RenderedMail {
	const l = isLocale(locale) ? locale : baseLocale;
	return renderMail({
		locale: l,
		subject: m.submit_mail_verify_subject({}, { locale: l }),
		paragraphs: [m.submit_mail_verify_intro({ title: oneLine(entry.title) }, { locale: l }), m.submit_mail_verify_next({}, { locale: l })],
		action: { label: m.submit_mail_verify_action({}, { locale: l }), url },
		afterAction: [m.submit_mail_validity({ days }, { locale: l }), m.submit_mail_verify_ignore({}, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

/** An owner invites someone to look after an entry together. */
export function inviteOwnerMail(locale: string, entry: { title: string }, url: string, days: number): RenderedMail {
	const l = isLocale(locale) ? locale : baseLocale;
	return renderMail({
		locale: l,
		subject: m.submit_mail_invite_subject({ title: oneLine(entry.title) }, { locale: l }),
		paragraphs: [m.submit_mail_invite_intro({ title: oneLine(entry.title) }, { locale: l })],
		action: { label: m.submit_mail_invite_action({}, { locale: l }), url },
		afterAction: [m.submit_mail_validity({ days }, { locale: l }), m.submit_mail_invite_ignore({}, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}
