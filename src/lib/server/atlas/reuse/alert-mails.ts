/** Mails of search alerts, in the subscriber's locale; every text is plain text (renderMail escapes it). */
import { m } from '../../../paraglide/messages';
import { baseLocale, isLocale, type Locale } from '../../../paraglide/runtime';
import { renderMail, type RenderedMail } from '../../mail/render';

const loc = (locale: string): Locale => (isLocale(locale) ? locale : baseLocale);

/** Double opt-in: no promotion, who asks, what for, one link, how to ignore it. */
export function confirmAlertMail(locale: string, search: string[], url: string, days: number): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.reuse_mail_confirm_subject({}, { locale: l }),
		paragraphs: [m.reuse_mail_confirm_intro({}, { locale: l }), ...search, m.reuse_mail_confirm_what({}, { locale: l })],
		action: { label: m.reuse_mail_confirm_action({}, { locale: l }), url },
		afterAction: [m.reuse_mail_confirm_validity({ days }, { locale: l }), m.reuse_mail_confirm_ignore({}, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

/** After the confirmation: what was subscribed, and how to leave again. */
export function alertActiveMail(locale: string, search: string[], listUrl: string, unsubscribeUrl: string): RenderedMail {
	const l = loc(locale);
	return renderMail({
		locale: l,
		subject: m.reuse_mail_active_subject({}, { locale: l }),
		paragraphs: [m.reuse_mail_active_intro({}, { locale: l }), ...search, m.reuse_mail_active_when({}, { locale: l })],
		action: { label: m.reuse_mail_show_search({}, { locale: l }), url: listUrl },
		afterAction: [m.reuse_mail_unsubscribe({ url: unsubscribeUrl }, { locale: l })],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}

export interface DigestEntry {
	title: string;
	url: string;
	/** Organisation and place, as far as known. */
	detail?: string;
}

export function digestMail(
	locale: string,
	input: { search: string[]; since: Date; entries: DigestEntry[]; total: number; listUrl: string; unsubscribeUrl: string }
): RenderedMail {
	const l = loc(locale);
	const since = new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(input.since);
	const more = input.total - input.entries.length;
	return renderMail({
		locale: l,
		subject: m.reuse_mail_digest_subject({ count: input.total }, { locale: l }),
		paragraphs: [m.reuse_mail_digest_intro({ count: input.total, since }, { locale: l }), ...input.search],
		links: input.entries.map((e) => ({ label: e.title.replace(/\s+/g, ' ').trim(), url: e.url, detail: e.detail })),
		action: { label: m.reuse_mail_show_search({}, { locale: l }), url: input.listUrl },
		afterAction: [
			...(more > 0 ? [m.reuse_mail_digest_more({ count: more }, { locale: l })] : []),
			m.reuse_mail_digest_why({}, { locale: l }),
			m.reuse_mail_unsubscribe({ url: input.unsubscribeUrl }, { locale: l })
		],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}
