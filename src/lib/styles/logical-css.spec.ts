/**
 * Requirement I-05: layout must mirror for right-to-left locales, so CSS may
 * only use logical properties. Scans every .css file under src and every
 * <style> block in .svelte files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../..');
const SKIP_DIRS = new Set(['node_modules', 'paraglide', '.svelte-kit']);

const PHYSICAL: { name: string; re: RegExp }[] = [
	{ name: 'margin-left/right', re: /(?<![\w-])margin-(left|right)\s*:/ },
	{ name: 'padding-left/right', re: /(?<![\w-])padding-(left|right)\s*:/ },
	{ name: 'border-left/right', re: /(?<![\w-])border-(left|right)(-[a-z]+)?\s*:/ },
	{ name: 'border-*-left/right radius', re: /(?<![\w-])border-(top|bottom)-(left|right)-radius\s*:/ },
	{ name: 'left/right offset', re: /(?<![\w-])(left|right)\s*:/ },
	{ name: 'text-align: left/right', re: /(?<![\w-])text-align\s*:\s*(left|right)\b/ },
	{ name: 'float: left/right', re: /(?<![\w-])float\s*:\s*(left|right)\b/ },
	{ name: 'clear: left/right', re: /(?<![\w-])clear\s*:\s*(left|right)\b/ }
];

function* files(dir: string): Generator<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.isDirectory()) {
			if (!SKIP_DIRS.has(entry.name)) yield* files(path.join(dir, entry.name));
		} else if (entry.name.endsWith('.css') || entry.name.endsWith('.svelte')) {
			yield path.join(dir, entry.name);
		}
	}
}

/** The CSS of a file with comments blanked out; line numbers are kept. */
export function cssOf(file: string, text: string): { css: string; firstLine: number }[] {
	const strip = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
	if (file.endsWith('.css')) return [{ css: strip(text), firstLine: 1 }];
	const blocks: { css: string; firstLine: number }[] = [];
	for (const match of text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
		const before = text.slice(0, (match.index ?? 0) + match[0].indexOf('>') + 1);
		blocks.push({ css: strip(match[1] ?? ''), firstLine: before.split('\n').length });
	}
	return blocks;
}

export function findPhysical(file: string, text: string): string[] {
	const found: string[] = [];
	for (const { css, firstLine } of cssOf(file, text)) {
		css.split('\n').forEach((line, i) => {
			for (const { name, re } of PHYSICAL) {
				if (re.test(line)) found.push(`${path.relative(SRC, file)}:${firstLine + i} [${name}] ${line.trim()}`);
			}
		});
	}
	return found;
}

describe('logical CSS properties only (I-05)', () => {
	it('detects physical properties and ignores logical ones', () => {
		const bad = '.a { margin-left: 1px; padding-right: 0; left: 0; border-right: 1px solid; text-align: right; float: left; }';
		const names = findPhysical('x.css', bad.replace(/; /g, ';\n')).map((f) => /\[(.+?)\]/.exec(f)?.[1]);
		expect(names).toEqual([
			'margin-left/right',
			'padding-left/right',
			'left/right offset',
			'border-left/right',
			'text-align: left/right',
			'float: left/right'
		]);
		const good = '.a { margin-inline-start: 1px; inset-inline-end: 0; text-align: start; scroll-padding-inline: 0; }';
		expect(findPhysical('x.css', good)).toEqual([]);
		expect(findPhysical('x.svelte', '<p>left: here</p><style>/* left: 0 */ .b { inset-inline-start: 0; }</style>')).toEqual([]);
	});

	it('finds none under src', () => {
		const problems: string[] = [];
		for (const file of files(SRC)) problems.push(...findPhysical(file, readFileSync(file, 'utf8')));
		expect(problems).toEqual([]);
	});
});
