#!/usr/bin/env node
/**
 * Keeps `npm ci` working against the package mirror of our build machines.
 *
 * The mirror lacks some platform-specific optional binaries (e.g. rollup's
 * android/darwin/win32 builds of the exact version vite resolves). `npm install`
 * then leaves them out of package-lock.json but keeps their names in the parent's
 * `optionalDependencies`, and `npm ci` refuses the lock as "Missing: … from lock
 * file". Our machines are linux-x64, whose binaries are present; this removes
 * only names that have no entry in the lock. Run it after `npm install` changed
 * the lock; tests/repo/lockfile.spec.ts fails when it is needed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'package-lock.json');

/**
 * Where npm would look for `name` from the package at `at` (walking up node_modules).
 * @param {Record<string, unknown>} packages
 * @param {string} at
 * @param {string} name
 */
export function resolvesIn(packages, at, name) {
	let dir = at;
	for (;;) {
		const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
		if (candidate in packages) return true;
		if (!dir) return false;
		const idx = dir.lastIndexOf('/node_modules/');
		dir = idx >= 0 ? dir.slice(0, idx) : '';
	}
}

/**
 * @param {{ packages?: Record<string, { optionalDependencies?: Record<string, string> }> }} lock
 * @returns {{ at: string, name: string }[]}
 */
export function unresolvedOptional(lock) {
	/** @type {{ at: string, name: string }[]} */
	const missing = [];
	const packages = lock.packages ?? {};
	for (const [at, entry] of Object.entries(packages)) {
		for (const name of Object.keys(entry.optionalDependencies ?? {})) {
			if (!resolvesIn(packages, at, name)) missing.push({ at, name });
		}
	}
	return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const lock = JSON.parse(readFileSync(file, 'utf8'));
	const missing = unresolvedOptional(lock);
	for (const { at, name } of missing) delete lock.packages[at].optionalDependencies[name];
	writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
	console.log(missing.length ? `removed ${missing.length} unavailable optional dependencies from package-lock.json` : 'package-lock.json needs no pruning');
}
