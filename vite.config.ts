import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['custom-path', 'baseLocale'],
			emitGitIgnore: false
		}),
		sveltekit()
	],
	server: { host: '127.0.0.1' },
	build: { target: 'es2020' },
	test: {
		include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
		globalSetup: ['tests/setup/global-db.ts'],
		setupFiles: ['tests/setup/per-file.ts'],
		pool: 'forks',
		poolOptions: { forks: { maxForks: 2, minForks: 1 } },
		testTimeout: 30_000,
		hookTimeout: 60_000,
		teardownTimeout: 60_000,
		dangerouslyIgnoreUnhandledErrors: false
	}
});
