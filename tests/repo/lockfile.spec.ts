/** npm ci accepts the lock only if every optional dependency it names has an entry (see scripts/prune-lock.mjs). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unresolvedOptional } from '../../scripts/prune-lock.mjs';

const root = path.resolve(import.meta.dirname, '../..');

describe('package-lock.json', () => {
	it('names no optional dependency that it does not contain (run node scripts/prune-lock.mjs)', () => {
		const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Parameters<typeof unresolvedOptional>[0];
		expect(unresolvedOptional(lock)).toEqual([]);
	});

	it('pins mailparser: newer versions need a mailsplit release the package mirror does not have', () => {
		const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
		expect(pkg.devDependencies.mailparser).toMatch(/^\d/);
	});
});
