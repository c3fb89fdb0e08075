import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { seedAtlasExamples } from '../demo';
import { parseSearchParams } from '../contract';
import { GET as atomRoute } from '../../../../routes/api/v1/projects.atom/+server';
import { atomXml, projectFeed, xmlText } from './feed';

const ORIGIN = 'https://anpacken.example';

interface XmlElement {
	name: string;
	attrs: Record<string, string>;
	children: XmlElement[];
	text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// XML 1.0 Char production, without the characters a strict reader must refuse.
const BAD_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = /^[A-Za-z_][\w.:-]*/;

function decode(raw: string, where: string): string {
	if (BAD_CHAR.test(raw)) throw new Error(`character not allowed in XML in ${where}`);
	if (raw.includes('<')) throw new Error(`"<" in ${where}`);
	return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
		if (!whole.endsWith(';')) throw new Error(`unterminated entity in ${where}`);
		if (ref in ENTITIES) return ENTITIES[ref]!;
		const num = /^#(\d+)$/.exec(ref) ?? /^#x([0-9a-fA-F]+)$/.exec(ref);
		if (num) return String.fromCodePoint(parseInt(num[1]!, ref.startsWith('#x') ? 16 : 10));
		throw new Error(`unknown entity &${ref}; in ${where}`);
	});
}

/**
 * A small strict XML 1.0 reader (no DTDs): balanced tags, quoted and unique
 * attributes, known entities only, no stray "<" or "&", one root element.
 * Throws on the first well-formedness error; returns the element tree.
 */
function parseXml(xml: string): XmlElement {
	let i = 0;
	if (xml.startsWith('<?xml')) {
		const end = xml.indexOf('?>');
		if (end < 0) throw new Error('unterminated XML declaration');
		i = end + 2;
	}
	const stack: XmlElement[] = [];
	let root: XmlElement | undefined;
	while (i < xml.length) {
		const lt = xml.indexOf('<', i);
		const text = xml.slice(i, lt < 0 ? xml.length : lt);
		if (text.includes(']]>')) throw new Error('"]]>" in text');
		const decoded = decode(text, 'text');
		const parent = stack[stack.length - 1];
		if (parent) parent.text += decoded;
		else if (decoded.trim() !== '') throw new Error(`text outside the root element: ${decoded.slice(0, 20)}`);
		if (lt < 0) break;
		i = lt;
		if (xml.startsWith('<!--', i)) {
			const end = xml.indexOf('-->', i + 4);
			if (end < 0) throw new Error('unterminated comment');
			i = end + 3;
		} else if (xml.startsWith('</', i)) {
			const end = xml.indexOf('>', i);
			const name = xml.slice(i + 2, end).trim();
			const open = stack.pop();
			if (!open || open.name !== name) throw new Error(`</${name}> does not close <${open?.name ?? '(nothing)'}>`);
			i = end + 1;
		} else {
			const rest = xml.slice(i + 1);
			const name = NAME.exec(rest)?.[0];
			if (!name) throw new Error(`bad tag at ${i}: ${xml.slice(i, i + 20)}`);
			if (!stack.length && root) throw new Error('second root element');
			let j = i + 1 + name.length;
			const attrs: Record<string, string> = {};
			for (;;) {
				while (/\s/.test(xml[j] ?? '')) j++;
				if (xml.startsWith('/>', j) || xml[j] === '>') break;
				const attr = NAME.exec(xml.slice(j))?.[0];
				if (!attr || !/\s/.test(xml[j - 1] ?? '')) throw new Error(`bad attribute in <${name}>`);
				j += attr.length;
				if (xml[j] !== '=') throw new Error(`attribute ${attr} without value`);
				const quote = xml[j + 1];
				if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${attr}`);
				const close = xml.indexOf(quote, j + 2);
				if (close < 0) throw new Error(`unterminated attribute ${attr}`);
				if (attr in attrs) throw new Error(`duplicate attribute ${attr}`);
				attrs[attr] = decode(xml.slice(j + 2, close), `attribute ${attr}`);
				j = close + 1;
			}
			const element: XmlElement = { name, attrs, children: [], text: '' };
			stack[stack.length - 1]?.children.push(element);
			if (!stack.length) root = element;
			if (xml.startsWith('/>', j)) i = j + 2;
			else {
				stack.push(element);
				i = j + 1;
			}
		}
	}
	if (stack.length) throw new Error(`<${stack[stack.length - 1]!.name}> is not closed`);
	if (!root) throw new Error('no root element');
	return root;
}

const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);
const children = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('the XML reader used here', () => {
	it('refuses what is not well-formed', () => {
		expect(() => parseXml('<a><b></a>')).toThrow();
		expect(() => parseXml('<a>&nbsp;</a>')).toThrow();
		expect(() => parseXml('<a>1 < 2</a>')).toThrow();
		expect(() => parseXml('<a x=1/>')).toThrow();
		expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
		expect(() => parseXml('<a/><b/>')).toThrow();
		expect(() => parseXml('<a>\u0001</a>')).toThrow();
		expect(parseXml('<a x="&lt;&#65;"><b>t&amp;u</b></a>')).toMatchObject({ name: 'a', attrs: { x: '<A' }, children: [{ name: 'b', text: 't&u' }] });
	});
});

describe('Atom feed of new entries', () => {
	const t = useTestDatabase();

	it('is well-formed Atom 1.0 with ids, dates, links and authors, newest first, with the filter applied', async () => {
		t();
		await seedAtlasExamples();
		const res = await atomRoute({ url: new URL(`${ORIGIN}/api/v1/projects.atom?field=arbeit&sort=distance&page=3&lang=en`) } as never);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
		const feed = parseXml(await res.text());
		expect(feed.name).toBe('feed');
		expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
		expect(feed.attrs['xml:lang']).toBe('en');
		const self = children(feed, 'link').find((l) => l.attrs.rel === 'self');
		expect(self?.attrs.href).toBe(`${ORIGIN}/api/v1/projects.atom?field=arbeit&lang=en`);
		expect(child(feed, 'id')?.text).toBe(self?.attrs.href);
		expect(children(feed, 'link').find((l) => l.attrs.rel === 'alternate')?.attrs.href).toBe(`${ORIGIN}/en/atlas?field=arbeit&sort=newest`);
		expect(child(feed, 'title')?.text).toMatch(/Projektatlas/);
		expect(child(feed, 'subtitle')?.text).toMatch(/Work|Arbeit/);
		expect(child(child(feed, 'author')!, 'name')?.text).toBeTruthy();

		const entries = children(feed, 'entry');
		const slugs = entries.map((e) => child(e, 'link')!.attrs.href!.split('/').pop());
		// The filter of the list page: exactly the two work entries of the examples, page and sort do not apply.
		expect(slugs.sort()).toEqual(['gewerkepass-osnabrueck', 'stark-im-beruf-salzgitter']);
		const published = entries.map((e) => Date.parse(child(e, 'published')!.text));
		expect([...published].sort((a, b) => b - a)).toEqual(published);
		const { rows } = await t().pool.query<{ id: string; slug: string }>(`select id, slug from projects where 'arbeit' = any(fields)`);
		for (const e of entries) {
			const href = child(e, 'link')!.attrs.href!;
			const slug = href.split('/').pop();
			expect(href).toBe(`${ORIGIN}/en/atlas/${slug}`);
			expect(child(e, 'id')?.text).toBe(`urn:uuid:${rows.find((r) => r.slug === slug)?.id}`);
			expect(child(e, 'title')?.text.trim()).not.toBe('');
			expect(child(e, 'updated')?.text).toMatch(RFC3339);
			expect(child(e, 'published')?.text).toMatch(RFC3339);
			expect(children(e, 'category').map((c) => c.attrs.term)).toContain('arbeit');
		}
		expect(child(feed, 'updated')?.text).toBe(
			new Date(Math.max(...entries.map((e) => Date.parse(child(e, 'updated')!.text)))).toISOString()
		);
	});

	it('escapes provider texts and drops characters XML cannot carry', async () => {
		const { pool } = t();
		await seedAtlasExamples();
		const title = `Café <script>alert("x")</script> & 'Co'\u0001\uFFFF`;
		await pool.query(`update project_texts set title = $1 where locale = 'de' and project_id = (select id from projects where slug = 'deutschvermittler-hemmingen')`, [title]);
		await pool.query(`update projects set organisation = 'A & B <GmbH>' where slug = 'deutschvermittler-hemmingen'`);
		const xml = await projectFeed(parseSearchParams(new URLSearchParams('field=sprache')), 'de', ORIGIN);
		expect(xml).not.toContain('<script>');
		const entry = children(parseXml(xml), 'entry')[0]!;
		expect(child(entry, 'title')?.text).toBe(`Café <script>alert("x")</script> & 'Co'`);
		expect(child(child(entry, 'author')!, 'name')?.text).toBe('A & B <GmbH>');
	});

	it('is a valid feed when nothing matches, dated by the moment of the answer', async () => {
		t();
		await seedAtlasExamples();
		const now = new Date('2026-12-01T10:00:00Z');
		const xml = await projectFeed(parseSearchParams(new URLSearchParams('q=gibtesnichtxyz')), 'ar', ORIGIN, now);
		const feed = parseXml(xml);
		expect(children(feed, 'entry')).toHaveLength(0);
		expect(child(feed, 'updated')?.text).toBe(now.toISOString());
		expect(feed.attrs['xml:lang']).toBe('ar');
	});

	it('marks entries shown in another language than the feed', () => {
		const xml = atomXml({
			origin: ORIGIN,
			locale: 'ar',
			self: `${ORIGIN}/api/v1/projects.atom?lang=ar`,
			list: `${ORIGIN}/ar/atlas`,
			subtitle: 'x',
			now: new Date(),
			entries: [
				{ id: '00000000-0000-4000-8000-000000000001', slug: 's', title: 'Titel', teaser: '', textLocale: 'de', organisation: null, fields: [], place: null, publishedAt: new Date(0), updatedAt: new Date(0) }
			]
		});
		const entry = children(parseXml(xml), 'entry')[0]!;
		expect(entry.attrs['xml:lang']).toBe('de');
		expect(child(entry, 'author')).toBeUndefined();
		expect(xmlText('a\u0000b')).toBe('ab');
	});
});
