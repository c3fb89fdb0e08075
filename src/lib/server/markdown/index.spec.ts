import { describe, expect, it } from 'vitest';
import { ALLOWED_TAGS, LINK_REL, markdownToText, renderMarkdown, safeLinkTarget, sanitiseMarkdown } from './index';

/** Every tag name in an HTML string. */
const tagsOf = (html: string) => [...html.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((m) => m[1]!.toLowerCase());
/** Attribute names inside tags (text that merely looks like an attribute is escaped text, not markup). */
const attributesOf = (html: string) =>
	[...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((tag) => [...tag[0].matchAll(/\s([a-zA-Z-]+)=/g)].map((m) => m[1]!.toLowerCase()));

describe('renderMarkdown: the allowed subset', () => {
	it('renders paragraphs, line breaks, emphasis, strong, lists and headings', () => {
		const html = renderMarkdown('# Über uns\n\nErste Zeile\nzweite Zeile mit *Betonung* und **Wichtigem**.\n\n- eins\n- zwei\n\n1. erstens\n2. zweitens\n\n#### Klein');
		expect(html).toBe(
			'<h3>Über uns</h3>\n<p>Erste Zeile<br />zweite Zeile mit <em>Betonung</em> und <strong>Wichtigem</strong>.</p>\n<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>\n<ol>\n<li>erstens</li>\n<li>zweitens</li>\n</ol>\n<h4>Klein</h4>'
		);
	});

	it('links http, https and mailto with rel="nofollow ugc noopener"', () => {
		const html = renderMarkdown('[Website](https://example.org/a?b=1&c=2) und <mailto:info@example.org> und https://example.net');
		expect(html).toContain(`<a href="https://example.org/a?b=1&amp;c=2" rel="${LINK_REL}">Website</a>`);
		expect(html).toContain(`<a href="mailto:info@example.org" rel="${LINK_REL}">mailto:info@example.org</a>`);
		expect(html).toContain(`<a href="https://example.net/" rel="${LINK_REL}">https://example.net</a>`);
	});

	it('keeps Arabic text and its punctuation', () => {
		expect(renderMarkdown('مرحبا **بكم** في المشروع.')).toBe('<p>مرحبا <strong>بكم</strong> في المشروع.</p>');
	});
});

describe('renderMarkdown: XSS vectors never survive', () => {
	const vectors: [string, string][] = [
		['script tag', 'Hallo <script>alert(1)</script> Welt'],
		['script block', '<script>\nalert(1)\n</script>'],
		['javascript: link', '[klick](javascript:alert(1))'],
		['javascript: link with entities', '[klick](jav&#x61;script:alert(1))'],
		['javascript: link with tab', '[klick](java\tscript:alert(1))'],
		['javascript: autolink', '<javascript:alert(1)>'],
		['javascript: reference link', '[klick][x]\n\n[x]: javascript:alert(1)'],
		['uppercase JAVASCRIPT', '[klick](JAVASCRIPT:alert(1))'],
		['data: link', '[bild](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
		['vbscript: link', '[x](vbscript:msgbox(1))'],
		['event handler on raw tag', '<img src=x onerror=alert(1)>'],
		['event handler on raw div', '<div onmouseover="alert(1)">text</div>'],
		['unclosed tag at the end', 'text <img src=x onerror=alert(1)'],
		['svg', '<svg><script>alert(1)</script></svg>'],
		['iframe', '<iframe src="https://evil.example"></iframe>'],
		['image', '![alt](https://evil.example/x.png)'],
		['image with onerror title', '![a" onerror="alert(1)](x)'],
		['data: image', '![x](data:image/svg+xml;base64,PHN2Zz4=)'],
		['style tag', '<style>body{display:none}</style>'],
		['html comment', '<!-- <script>alert(1)</script> -->'],
		['nested tag trick', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
		['link with quote breaking out', '[x](https://example.org/"onmouseover="alert(1))'],
		['protocol-relative link', '[x](//evil.example)'],
		['relative link', '[x](/de/konto)'],
		['form', '<form action="https://evil.example"><button>x</button></form>'],
		['code fence with html', '```\n<script>alert(1)</script>\n```'],
		['inline code with html', '`<img src=x onerror=alert(1)>`']
	];

	for (const [name, input] of vectors) {
		it(name, () => {
			for (const html of [renderMarkdown(input), renderMarkdown(sanitiseMarkdown(input))]) {
				for (const tag of tagsOf(html)) expect(ALLOWED_TAGS as readonly string[]).toContain(tag);
				for (const attribute of attributesOf(html)) expect(['href', 'rel', 'start']).toContain(attribute);
				expect(html).not.toMatch(/<(script|img|iframe|svg|style|div|form)/i);
				expect(html).not.toMatch(/href="(?!https?:\/\/|mailto:)/i);
				expect(html).not.toMatch(/href="[^"]*(script|data):/i);
				expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
			}
		});
	}

	it('shows raw HTML as nothing, not as markup, and keeps the text around it', () => {
		expect(renderMarkdown('Hallo <b>fett</b> Welt')).toBe('<p>Hallo fett Welt</p>');
		expect(renderMarkdown('a < b und c > d')).toBe('<p>a &lt; b und c &gt; d</p>');
	});
});

describe('sanitiseMarkdown (on write)', () => {
	it('removes raw HTML, images and unsafe links but keeps their text', () => {
		expect(sanitiseMarkdown('Hallo <b>Welt</b><script>alert(1)</script>')).toBe('Hallo Welt');
		expect(sanitiseMarkdown('Vorher ![Logo](https://x.example/l.png) nachher')).toBe('Vorher Logo nachher');
		expect(sanitiseMarkdown('[klick](javascript:alert(1)) und [gut](https://example.org)')).toBe('klick und [gut](https://example.org)');
		expect(sanitiseMarkdown('[x][r]\n\n[r]: data:text/html,hi')).toBe('[x][r]');
	});

	it('normalises line ends, control characters, bidi overrides and blank lines', () => {
		expect(sanitiseMarkdown('a\r\nb\u0000c\u202Ed\n\n\n\n\ne   ')).toBe('a\nbcd\n\ne');
	});

	it('is idempotent', () => {
		const input = '## Titel\n\n- [Link](https://example.org)\n- <i>x</i> ![b](c)\n\nText  \nmit Umbruch';
		const once = sanitiseMarkdown(input);
		expect(sanitiseMarkdown(once)).toBe(once);
	});
});

describe('helpers', () => {
	it('safeLinkTarget accepts only absolute http(s) and mailto', () => {
		expect(safeLinkTarget('https://example.org')).toBe('https://example.org/');
		expect(safeLinkTarget('mailto:a@example.org')).toBe('mailto:a@example.org');
		for (const bad of ['javascript:alert(1)', 'data:text/html,x', '/relative', '//evil.example', 'ftp://x.example', 'http://', ' java script:x']) {
			expect(safeLinkTarget(bad)).toBeNull();
		}
	});

	it('markdownToText drops all markup', () => {
		expect(markdownToText('**Fett** und [Link](https://example.org) <i>x</i>\n\n- a & b')).toBe('Fett und Link x\n\na & b');
	});
});
