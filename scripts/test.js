#!/usr/bin/env node
/**
 * npm test: every gate in order — generate, type-check, lint, unit and
 * integration tests, browser suite — stopping at the first failing step with
 * its exit code. Plain Node, no dependencies, so it runs right after npm ci.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ci = process.env.CI === 'true' || process.env.CI === '1';

const steps = [
	{ title: 'generate messages and SvelteKit types (npm run prepare)', cmd: 'npm', args: ['run', '--silent', 'prepare'] },
	{ title: 'type-check (svelte-check)', cmd: bin('svelte-check'), args: ['--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'] },
	{ title: 'lint (eslint)', cmd: bin('eslint'), args: ['.'] },
	{ title: 'unit and integration tests (vitest, PostgreSQL)', cmd: bin('vitest'), args: ['run'] },
	{
		title: 'browser suite (Chromium, axe, vnu, real launcher)',
		cmd: bin('vitest'),
		args: ['run', '--config', 'tests/browser/vitest.config.ts'],
		needsChromium: true
	}
];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function heading(text) {
	const line = '='.repeat(Math.max(60, text.length + 4));
	console.log(`\n${line}\n  ${text}\n${line}`);
}

function run(cmd, args) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
		child.on('error', (err) => {
			console.error(`could not start ${cmd}: ${err.message}`);
			resolve(127);
		});
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
	});
}

function skippedWarning() {
	const bar = '!'.repeat(72);
	console.error(
		[
			'',
			bar,
			'!!  THE BROWSER SUITE WAS SKIPPED: Chromium was not found.',
			`!!  Looked for: ${chromium} (set CHROMIUM_PATH to use another binary).`,
			'!!  Accessibility (axe), HTML validity, the no-JavaScript sign-in journey,',
			'!!  third-party-request, cookie and header checks did NOT run.',
			'!!  Install it with: apt-get install -y chromium',
			ci ? '!!  CI=true: this counts as a failure.' : '!!  Outside CI this is a warning; CI fails on it.',
			bar,
			''
		].join('\n')
	);
}

const started = Date.now();
const results = [];
let exitCode = 0;

for (const [i, step] of steps.entries()) {
	const label = `[${i + 1}/${steps.length}] ${step.title}`;
	heading(label);
	if (step.needsChromium && !existsSync(chromium)) {
		skippedWarning();
		results.push({ label, status: ci ? 'failed' : 'skipped', ms: 0 });
		if (ci) exitCode = 1;
		continue;
	}
	const t0 = Date.now();
	const code = await run(step.cmd, step.args);
	const ms = Date.now() - t0;
	results.push({ label, status: code === 0 ? 'passed' : 'failed', ms });
	console.log(`\n${label}: ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${seconds(ms)}`);
	if (code !== 0) {
		exitCode = code;
		break;
	}
}

heading(`summary (${seconds(Date.now() - started)})`);
for (const r of results) console.log(`  ${r.status.padEnd(7)} ${seconds(r.ms).padStart(8)}  ${r.label}`);
for (const step of steps.slice(results.length)) console.log(`  not run            ${step.title}`);
const passed = results.filter((r) => r.status === 'passed').length;
const failed = results.filter((r) => r.status === 'failed').length;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exitCode);
