/** Mails to supporters, in their language; plain text only (renderMail escapes it). */
import { m } from '../../paraglide/messages';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { renderMail, type RenderedMail } from '../mail/render';

const loc = (locale: string): Locale => (isLocale(locale) ? locale : baseLocale);

/** Double opt-in: who asks, what for, one link, how to ignore it; nothing promotional. */
export function confirmMail(locale: string, input: { name: string; url: string; hours: number; manageUrl: string; newsletter: boolean }): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.sup_mail_confirm_subject({}, { locale: l }),
		paragraphs: [
			m.sup_mail_confirm_intro({ name: input.name }, { locale: l }),
			...(input.newsletter ? [m.sup_mail_confirm_newsletter({}, { locale: l })] : [])
		],
		action: { label: m.sup_mail_confirm_action({}, { locale: l }), url: input.url },
		afterAction: [
			m.sup_mail_confirm_validity({ hours: input.hours }, { locale: l }),
			m.sup_mail_confirm_ignore({}, { locale: l }),
			m.sup_mail_manage({ url: input.manageUrl }, { locale: l })
		],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

/** The same address signed again: no new record, no enumeration on the page; the mail tells them. */
export function alreadySignedMail(locale: string, input: { name: string; manageUrl: string }): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.sup_mail_already_subject({}, { locale: l }),
		paragraphs: [m.sup_mail_already_intro({ name: input.name }, { locale: l }), m.sup_mail_already_ignore({}, { locale: l })],
		action: { label: m.sup_mail_manage_action({}, { locale: l }), url: input.manageUrl },
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

/** The self-service link: valid for an hour, shows everything stored for the address. */
export function myDataMail(locale: string, input: { url: string; minutes: number }): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.sup_mail_mydata_subject({}, { locale: l }),
		paragraphs: [m.sup_mail_mydata_intro({}, { locale: l })],
		action: { label: m.sup_mail_mydata_action({}, { locale: l }), url: input.url },
		afterAction: [m.sup_mail_mydata_validity({ minutes: input.minutes }, { locale: l }), m.sup_mail_mydata_ignore({}, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}
