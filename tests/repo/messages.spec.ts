/**
 * Every UI message key exists in every tier-1 locale (de, en, ar), with a
 * non-empty text and the same {parameters} as the German source (I-03).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const settings = JSON.parse(readFileSync(path.join(root, 'project.inlang/settings.json'), 'utf8')) as {
	baseLocale: string;
	locales: string[];
	'plugin.inlang.messageFormat': { pathPattern: string[] };
};
const TIER1 = ['de', 'en', 'ar'];

function load(pattern: string, locale: string): Record<string, string> {
	const file = path.join(root, pattern.replace('{locale}', locale));
	if (!existsSync(file)) return {};
	const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
	delete data.$schema;
	return data as Record<string, string>;
}

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
	it('serve the tier-1 locales with German as the source', () => {
		expect(settings.baseLocale).toBe('de');
		for (const l of TIER1) expect(settings.locales).toContain(l);
	});

	it('every message directory is registered with Paraglide', () => {
		const dirs = readdirSync(path.join(root, 'messages'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
		const registered = settings['plugin.inlang.messageFormat'].pathPattern.map((p) => p.split('/')[2]);
		expect(registered.sort()).toEqual(dirs.sort());
	});

	for (const pattern of settings['plugin.inlang.messageFormat'].pathPattern) {
		it(`${pattern}: no key is missing, empty or has other parameters`, () => {
			const source = load(pattern, 'de');
			const problems: string[] = [];
			const keysSeen = new Set(Object.keys(source));
			for (const locale of TIER1) {
				const messages = load(pattern, locale);
				for (const key of keysSeen) {
					const text = messages[key];
					if (typeof text !== 'string' || text.trim() === '') problems.push(`${locale}: missing ${key}`);
					else if (params(text).join(',') !== params(source[key] ?? '').join(',')) problems.push(`${locale}: parameters differ in ${key}`);
				}
				for (const key of Object.keys(messages)) if (!keysSeen.has(key)) problems.push(`${locale}: ${key} is not in the German source`);
			}
			expect(problems).toEqual([]);
		});
	}

	it('keys are unique across message files', () => {
		const owner = new Map<string, string>();
		const dupes: string[] = [];
		for (const pattern of settings['plugin.inlang.messageFormat'].pathPattern) {
			for (const key of Object.keys(load(pattern, 'de'))) {
				if (owner.has(key)) dupes.push(`${key} in ${owner.get(key)} and ${pattern}`);
				owner.set(key, pattern);
			}
		}
		expect(dupes).toEqual([]);
	});
});
