import { m } from '../../paraglide/messages';
import { isLocale, baseLocale } from '../../paraglide/runtime';
import { renderMail, type RenderedMail } from '../mail/render';

export function signInMail(locale: string, url: string, minutes: number): RenderedMail {
	const l = isLocale(locale) ? locale : baseLocale;
	return renderMail({
		locale: l,
		subject: m.auth_mail_subject({}, { locale: l }),
		paragraphs: [m.auth_mail_intro({}, { locale: l })],
		action: { label: m.auth_mail_action({}, { locale: l }), url },
		afterAction: [m.auth_mail_validity({ minutes }, { locale: l }), m.auth_mail_ignore({}, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

export function testMail(locale: string): RenderedMail {
	const l = isLocale(locale) ? locale : baseLocale;
	return renderMail({
		locale: l,
		subject: m.mail_test_subject({}, { locale: l }),
		paragraphs: [m.mail_test_body({}, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}
