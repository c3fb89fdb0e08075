/**
 * Builds a newsletter mail from an issue's text in one language: subject,
 * HTML and plain text. An issue is rendered once per language and batch
 * (render()); only the subscriber's own links are filled in per recipient
 * (personalise()). No tracking: no pixels, no redirect links, every link
 * points where it says. The archived version has no personal links.
 */
import { randomBytes } from 'node:crypto';
import { m } from '../../../paraglide/messages';
import { baseLocale, isLocale, type Locale } from '../../../paraglide/runtime';
import { dirOf } from '../../../i18n';
import { legal } from '../../../content/legal';
import { config } from '../../core/config';
import { markdownToText, renderMarkdown } from '../../markdown';
import type { SubscriberLinks } from '../links';

export interface IssueText {
	locale: string;
	subject: string;
	body: string;
}

/** Where issue images are served (public: keys are random, the issue may be read in the archive). */
export const IMAGE_PATH = /^\/(?:de|en|ar)\/newsletter\/archiv\/bilder\/[0-9a-f-]{36}\.webp$/;
/** A Markdown image on a line of its own that points to one of our issue images. */
const IMAGE_LINE = /^!\[([^\]\n]{1,300})\]\((\/[^()\s]+)\)\s*$/;

/** mail/test: a whole HTML document; preview: a fragment without inline styles, subject and notes, for our own pages. */
export type RenderMode = 'mail' | 'test' | 'archive' | 'preview';

export interface RenderedIssue {
	/** The language the reader asked for. */
	locale: Locale;
	/** The language of the text (German when there is no version in `locale`). */
	contentLocale: Locale;
	fallback: boolean;
	subject: string;
	html: string;
	text: string;
	/** Placeholders personalise() replaces (random per rendering, so no body can contain them). */
	marks: { preferences: string; unsubscribe: string };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The text for `locale`, or the German one (required) when that language has none. */
export function pickText(texts: IssueText[], locale: string): { text: IssueText; fallback: boolean } | undefined {
	const own = texts.find((t) => t.locale === locale && t.subject.trim() !== '');
	if (own) return { text: own, fallback: false };
	const de = texts.find((t) => t.locale === baseLocale);
	return de ? { text: de, fallback: locale !== baseLocale } : undefined;
}

/** Markdown body → HTML and text; image lines that point to our issue images become <img>. */
export function renderBody(body: string, opts: { styles: boolean }): { html: string; text: string } {
	const origin = config().origin;
	const html: string[] = [];
	const text: string[] = [];
	let chunk: string[] = [];
	const flush = () => {
		const md = chunk.join('\n').trim();
		chunk = [];
		if (!md) return;
		html.push(renderMarkdown(md));
		text.push(markdownToText(md));
	};
	for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
		const img = IMAGE_LINE.exec(line.trim());
		if (img && IMAGE_PATH.test(img[2] ?? '')) {
			flush();
			const alt = img[1] ?? '';
			const style = opts.styles ? ' style="max-width:100%;height:auto;"' : '';
			html.push(`<p><img src="${esc(origin + img[2])}" alt="${esc(alt)}"${style}></p>`);
			text.push(`[${alt}]`);
		} else chunk.push(line);
	}
	flush();
	return { html: html.join('\n'), text: text.join('\n\n') };
}

/** Renders one language version of an issue for a kind of use. */
export function render(texts: IssueText[], locale: string, mode: RenderMode, archiveUrl?: string): RenderedIssue | undefined {
	const loc: Locale = isLocale(locale) ? locale : baseLocale;
	const picked = pickText(texts, loc);
	if (!picked) return undefined;
	const contentLocale: Locale = isLocale(picked.text.locale) ? picked.text.locale : baseLocale;
	const o = { locale: loc };
	const styles = mode !== 'preview';
	const nonce = randomBytes(9).toString('hex');
	const marks = { preferences: `[[nl-pref-${nonce}]]`, unsubscribe: `[[nl-unsub-${nonce}]]` };
	const body = renderBody(picked.text.body, { styles });
	const prefix = mode === 'test' ? `${m.nla_mail_test_prefix({}, o)} ` : '';
	const subject = prefix + picked.text.subject.replace(/\s+/g, ' ').trim();
	const st = (css: string) => (styles ? ` style="${css}"` : '');
	const notes: string[] = [];
	if (mode === 'test') notes.push(m.nla_mail_test_note({}, o));
	// Pages (preview, archive) show the subject and the fallback note themselves.
	if (picked.fallback && mode !== 'preview') notes.push(m.nla_mail_fallback_note({}, o));
	const sender = m.nla_mail_sender({ name: legal.office.name }, o);
	const footerText: string[] = [];
	const footerHtml: string[] = [];
	if (mode === 'archive' || mode === 'preview') {
		// Archived and previewed versions carry no personal links.
		footerText.push(sender);
		footerHtml.push(esc(sender));
	} else {
		footerText.push(
			m.nla_mail_reason({}, o),
			`${m.nla_mail_preferences({}, o)}: ${marks.preferences}`,
			`${m.nla_mail_unsubscribe({}, o)}: ${marks.unsubscribe}`
		);
		footerHtml.push(
			esc(m.nla_mail_reason({}, o)),
			`<a href="${marks.preferences}">${esc(m.nla_mail_preferences({}, o))}</a> · <a href="${marks.unsubscribe}">${esc(m.nla_mail_unsubscribe({}, o))}</a>`
		);
		if (archiveUrl) {
			footerText.push(`${m.nla_mail_archive({}, o)}: ${archiveUrl}`);
			footerHtml.push(`<a href="${esc(archiveUrl)}">${esc(m.nla_mail_archive({}, o))}</a>`);
		}
		footerText.push(sender);
		footerHtml.push(esc(sender));
	}
	const text = [...notes.flatMap((n) => [n, '']), body.text, '', '-- ', ...footerText].join('\n');
	const noteHtml = notes.map((n) => `<p lang="${loc}" dir="${dirOf(loc)}"${st('padding:8px;border:1px solid #888;')}>${esc(n)}</p>`).join('\n');
	const inner = [
		noteHtml,
		`<div lang="${contentLocale}" dir="${dirOf(contentLocale)}">`,
		mode === 'preview' ? '' : `<h1${st('font-size:1.4em;')}>${esc(picked.text.subject)}</h1>`,
		body.html,
		'</div>',
		`<hr><p lang="${loc}" dir="${dirOf(loc)}"${st('font-size:0.85em;color:#555;')}>${footerHtml.join('<br>')}</p>`
	].join('\n');
	const html =
		mode === 'preview'
			? inner
			: [
					'<!doctype html>',
					`<html lang="${contentLocale}" dir="${dirOf(contentLocale)}">`,
					`<head><meta charset="utf-8"><title>${esc(subject)}</title></head>`,
					'<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em;">',
					inner,
					'</body></html>'
				].join('\n');
	return { locale: loc, contentLocale, fallback: picked.fallback, subject, html, text, marks };
}

/** Fills in one subscriber's links (HTML-escaped in the HTML part). */
export function personalise(r: RenderedIssue, links: Pick<SubscriberLinks, 'preferences' | 'unsubscribePage'>): { subject: string; html: string; text: string } {
	const swap = (s: string, escape: boolean) =>
		s
			.split(r.marks.preferences)
			.join(escape ? esc(links.preferences) : links.preferences)
			.split(r.marks.unsubscribe)
			.join(escape ? esc(links.unsubscribePage) : links.unsubscribePage);
	return { subject: r.subject, html: swap(r.html, true), text: swap(r.text, false) };
}
