/**
 * Fails when the Drizzle schema and the committed migrations drift apart:
 * drizzle-kit generates into a copy of ./drizzle and must find nothing to do.
 * Also guards append-only history: the journal's entries are in order and
 * every entry's SQL file exists.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

describe('migrations', () => {
	it('match the schema (no drift)', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'anpacken-drift-'));
		try {
			const out = path.join(dir, 'drizzle');
			cpSync(path.join(root, 'drizzle'), out, { recursive: true });
			const before = readdirSync(out).sort();
			const configFile = path.join(dir, 'drizzle.config.mjs');
			writeFileSync(
				configFile,
				`export default ${JSON.stringify({ dialect: 'postgresql', schema: path.join(root, 'src/lib/server/*/schema.ts'), out })};\n`
			);
			const output = execFileSync(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', configFile], {
				cwd: root,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe']
			});
			const after = readdirSync(out).sort();
			expect(after, `drizzle-kit generated a migration — run "npm run db:generate" and commit it:\n${output}`).toEqual(before);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60_000);

	it('are an ordered journal whose files all exist', () => {
		const journal = JSON.parse(readFileSync(path.join(root, 'drizzle/meta/_journal.json'), 'utf8')) as {
			entries: { idx: number; when: number; tag: string }[];
		};
		journal.entries.forEach((entry, i) => {
			expect(entry.idx).toBe(i);
			if (i > 0) expect(entry.when).toBeGreaterThan(journal.entries[i - 1]!.when);
			expect(existsSync(path.join(root, 'drizzle', `${entry.tag}.sql`))).toBe(true);
		});
		const sqlFiles = readdirSync(path.join(root, 'drizzle')).filter((f) => f.endsWith('.sql'));
		expect(sqlFiles.length).toBe(journal.entries.length);
	});
});
