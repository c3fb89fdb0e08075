/**
 * Limited Markdown for user-written texts (atlas descriptions), see
 * docs/adr/0009-limited-markdown.md. Two steps, both here and nowhere else:
 *
 * - sanitiseMarkdown() on write: the stored text is still Markdown (people
 *   edit and translate it), but without raw HTML, images or links other than
 *   http, https and mailto; control characters and runs of blank lines go.
 * - renderMarkdown() on read: marked with a renderer that only ever emits
 *   p, br, em, strong, ul, ol, li, a, h3 and h4, then sanitize-html with the
 *   same allow-list as a second, independent fence. Only its result (the
 *   SafeHtml brand) may reach src/lib/components/Markdown.svelte.
 */
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** HTML that came out of renderMarkdown(); nothing else may be rendered as HTML. */
export type SafeHtml = string & { readonly __safeHtml: unique symbol };

/** Longest description a person may write (characters after sanitising). */
export const MARKDOWN_MAX = 5000;
/** Rendering reads at most this much, so a row written around the form cannot make a page expensive. */
const RENDER_INPUT_MAX = 4 * MARKDOWN_MAX;

export const LINK_SCHEMES = ['http', 'https', 'mailto'] as const;
export const LINK_REL = 'nofollow ugc noopener';
export const ALLOWED_TAGS = ['p', 'br', 'em', 'strong', 'ul', 'ol', 'li', 'a', 'h3', 'h4'] as const;

const escapeHtml = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * An absolute http(s) or mailto URL, normalised; null for anything else
 * (javascript:, data:, relative paths, protocol-relative //host, garbage).
 */
export function safeLinkTarget(raw: string): string | null {
	// Control characters and whitespace inside a scheme are an old filter bypass ("java\tscript:").
	const trimmed = raw.trim();
	if (/[\u0000-\u001f\u007f\s]/.test(trimmed)) return null;
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		return null;
	}
	const scheme = url.protocol.slice(0, -1).toLowerCase();
	if (!(LINK_SCHEMES as readonly string[]).includes(scheme)) return null;
	if (scheme !== 'mailto' && !url.hostname) return null;
	return url.href;
}

// Invisible characters that only serve to hide or reorder text (bidi overrides, C0/C1 controls but \n and \t).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Whole elements whose content is never text a person meant to publish. */
const DROP_WITH_CONTENT = /<(script|style|iframe|object|embed|template|textarea|noscript|svg|math)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** Processing instructions, declarations, CDATA. */
const HTML_SPECIAL = /<(?:\?[\s\S]*?\?>|![A-Za-z][^>]*>|!\[CDATA\[[\s\S]*?\]\]>)/g;
/** An opening or closing tag as CommonMark recognises raw HTML: a letter after "<" or "</". */
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*)?\/?>/g;
/** An unclosed tag at the very end ("<img src=x onerror=…" without ">") would still be HTML to some readers. */
const HTML_TAG_OPEN_AT_END = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?$/;
/** Inline images ![alt](target) and reference images ![alt][ref]: kept as their alternative text. */
const IMAGE_INLINE = /!\[((?:\\.|[^\]\\\n])*)\]\((?:[^()\n]|\([^()\n]*\))*\)/g;
const IMAGE_REF = /!\[((?:\\.|[^\]\\\n])*)\]\[[^\]\n]*\]/g;
/** Inline links [text](target "title"). */
const LINK_INLINE = /\[((?:\\.|[^\]\\\n])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;
/** Link reference definitions "[ref]: target". */
const LINK_DEFINITION = /^ {0,3}\[((?:\\.|[^\]\\\n])+)\]:[ \t]*<?(\S*?)>?(?:[ \t]+.*)?$/gm;
/** Autolinks <scheme:…>; <https://…> and <mailto:…> stay. */
const AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>/g;

function stripHtml(text: string): string {
	let out = text;
	// Repeat until nothing changes, so that removing one tag cannot join two halves into a new one ("<scr<b>ipt>").
	for (let i = 0; i < 10; i++) {
		const before = out;
		out = out
			.replace(HTML_COMMENT, '')
			.replace(DROP_WITH_CONTENT, '')
			.replace(HTML_SPECIAL, '')
			.replace(HTML_TAG, '')
			.replace(HTML_TAG_OPEN_AT_END, '');
		if (out === before) break;
	}
	return out;
}

/**
 * Cleans a text before it is stored: the result is Markdown that renders
 * to the same safe subset, so what an editor sees again is what was stored.
 */
export function sanitiseMarkdown(input: string): string {
	let text = input.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(/\t/g, '    ');
	// Autolinks first: "<javascript:…>" must not survive as text that looks like a link.
	text = text.replace(AUTOLINK, (whole, target: string) => (safeLinkTarget(target) ? whole : target));
	text = stripHtml(text);
	text = text.replace(IMAGE_INLINE, (_m, alt: string) => alt).replace(IMAGE_REF, (_m, alt: string) => alt);
	text = text.replace(LINK_INLINE, (whole, label: string, target: string) => (safeLinkTarget(target) ? whole : label));
	text = text.replace(LINK_DEFINITION, (whole, _label: string, target: string) => (safeLinkTarget(target) ? whole : ''));
	return text
		.split('\n')
		.map((line) => line.replace(/[ ]+$/, (spaces) => (spaces.length >= 2 ? '  ' : '')))
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** The renderer: every token type maps to the allowed subset or to escaped text. */
function createRenderer(): Marked {
	const marked = new Marked({ gfm: true, breaks: true, async: false });
	marked.use({
		// Tables would need markup we do not allow; their text stays a paragraph.
		tokenizer: {
			table() {
				return undefined;
			}
		},
		renderer: {
			html({ text }: Tokens.HTML | Tokens.Tag) {
				return escapeHtml(text);
			},
			image({ text }: Tokens.Image) {
				return escapeHtml(text);
			},
			heading({ tokens, depth }: Tokens.Heading) {
				// The page has its own h1/h2; a description's headings sit below them.
				const tag = depth <= 3 ? 'h3' : 'h4';
				return `<${tag}>${this.parser.parseInline(tokens)}</${tag}>\n`;
			},
			link({ href, tokens }: Tokens.Link) {
				const inner = this.parser.parseInline(tokens);
				const target = safeLinkTarget(href);
				return target ? `<a href="${escapeHtml(target)}" rel="${LINK_REL}">${inner}</a>` : inner;
			},
			code({ text }: Tokens.Code) {
				return `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>\n`;
			},
			codespan({ text }: Tokens.Codespan) {
				return escapeHtml(text);
			},
			blockquote({ tokens }: Tokens.Blockquote) {
				return this.parser.parse(tokens);
			},
			hr() {
				return '';
			},
			del({ tokens }: Tokens.Del) {
				return this.parser.parseInline(tokens);
			},
			checkbox() {
				return '';
			}
		}
	});
	return marked;
}

let renderer: Marked | undefined;

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
	allowedTags: [...ALLOWED_TAGS],
	allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
	allowedSchemes: [...LINK_SCHEMES],
	allowedSchemesByTag: {},
	allowProtocolRelative: false,
	// A tag that is not allowed goes, its text stays (escaped).
	disallowedTagsMode: 'discard',
	transformTags: {
		a: (tagName, attribs): sanitizeHtml.Tag => {
			const target = attribs.href ? safeLinkTarget(attribs.href) : null;
			// A link without a safe target becomes its text: a span is not allowed, so only its content remains.
			return target ? { tagName, attribs: { href: target, rel: LINK_REL } } : { tagName: 'span', attribs: {} as sanitizeHtml.Attributes };
		},
		ol: (tagName, attribs): sanitizeHtml.Tag => {
			const out: sanitizeHtml.Attributes = {};
			if (attribs.start && /^\d{1,6}$/.test(attribs.start)) out.start = attribs.start;
			return { tagName, attribs: out };
		}
	}
};

/** Renders stored (or any) Markdown to HTML that contains only the allowed subset. */
export function renderMarkdown(markdown: string | null | undefined): SafeHtml {
	const source = sanitiseMarkdown((markdown ?? '').slice(0, RENDER_INPUT_MAX));
	if (!source) return '' as SafeHtml;
	renderer ??= createRenderer();
	const html = renderer.parse(source, { async: false });
	return sanitizeHtml(html, SANITIZE_OPTIONS).trim() as SafeHtml;
}

/** Plain text of a Markdown text (mails, meta descriptions): no markup at all. */
export function markdownToText(markdown: string): string {
	const html = renderMarkdown(markdown);
	return sanitizeHtml(html.replace(/<br>/g, '\n').replace(/<\/(p|li|h3|h4)>/g, '\n'), { allowedTags: [], allowedAttributes: {} })
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
