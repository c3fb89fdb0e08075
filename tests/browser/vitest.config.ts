import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The browser suite runs against the real launcher (built app, PostgreSQL,
// SMTP), started once in the global setup. Files run one after another: they
// share that one server, and two cores are busy enough with it and Chromium.
export default defineConfig({
	root: fileURLToPath(new URL('../..', import.meta.url)),
	test: {
		include: ['tests/browser/**/*.e2e.ts'],
		globalSetup: ['tests/browser/setup/app.ts'],
		fileParallelism: false,
		pool: 'forks',
		poolOptions: { forks: { singleFork: true } },
		testTimeout: 180_000,
		hookTimeout: 120_000,
		reporters: ['verbose'],
		dangerouslyIgnoreUnhandledErrors: false
	}
});
