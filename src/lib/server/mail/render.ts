/**
 * Turns a mail's content into a plain-text and an HTML part. Every text
 * passed in is plain text; it is escaped for HTML here and nowhere else.
 */
import { dirOf } from '../../i18n';

export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

export interface MailContent {
	locale: string;
	subject: string;
	greeting?: string;
	paragraphs: string[];
	/** A list of links after the paragraphs (e.g. the new entries of a digest), each with an optional detail line. */
	links?: { label: string; url: string; detail?: string }[];
	action?: { label: string; url: string };
	/** Shown under the action, e.g. how long a link is valid. */
	afterAction?: string[];
	footer: string[];
}

const esc = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderMail(c: MailContent): RenderedMail {
	const lines: string[] = [];
	if (c.greeting) lines.push(c.greeting, '');
	for (const p of c.paragraphs) lines.push(p, '');
	for (const link of c.links ?? []) lines.push(`- ${link.label}`, ...(link.detail ? [`  ${link.detail}`] : []), `  ${link.url}`, '');
	if (c.action) lines.push(`${c.action.label}:`, c.action.url, '');
	for (const p of c.afterAction ?? []) lines.push(p, '');
	lines.push('-- ', ...c.footer);
	const dir = dirOf(c.locale);
	const html = [
		'<!doctype html>',
		`<html lang="${esc(c.locale)}" dir="${dir}">`,
		`<head><meta charset="utf-8"><title>${esc(c.subject)}</title></head>`,
		'<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a;">',
		c.greeting ? `<p>${esc(c.greeting)}</p>` : '',
		...c.paragraphs.map((p) => `<p>${esc(p)}</p>`),
		c.links?.length
			? `<ul>${c.links.map((l) => `<li dir="auto"><a href="${esc(l.url)}">${esc(l.label)}</a>${l.detail ? `<br>${esc(l.detail)}` : ''}</li>`).join('')}</ul>`
			: '',
		c.action
			? `<p><a href="${esc(c.action.url)}" style="display:inline-block;padding:12px 20px;background:#0b4f8a;color:#fff;text-decoration:none;border-radius:4px;">${esc(c.action.label)}</a></p><p style="font-size:0.9em;">${esc(c.action.url)}</p>`
			: '',
		...(c.afterAction ?? []).map((p) => `<p>${esc(p)}</p>`),
		`<hr><p style="font-size:0.85em;color:#555;">${c.footer.map(esc).join('<br>')}</p>`,
		'</body></html>'
	].join('\n');
	return { subject: c.subject, text: lines.join('\n'), html };
}
