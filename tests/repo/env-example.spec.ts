/** .env.example documents every configuration variable, and nothing that does not exist. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

describe('.env.example', () => {
	it('names exactly the variables config.ts reads', () => {
		const source = readFileSync(path.join(root, 'src/lib/server/core/config.ts'), 'utf8');
		const schemaBlock = source.slice(source.indexOf('const schema = z.object({'), source.indexOf('});', source.indexOf('const schema')));
		const configured = [...schemaBlock.matchAll(/^\t([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]).sort();
		const example = readFileSync(path.join(root, '.env.example'), 'utf8');
		const documented = [...example.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
		expect(configured.length).toBeGreaterThan(10);
		expect([...new Set(documented)]).toEqual(configured);
	});
});
