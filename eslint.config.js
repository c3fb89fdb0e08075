// Type-aware lint: the promise rules need type information, so every TS and
// Svelte file is parsed through the TypeScript project service (tsconfig.json).
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default tseslint.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'src/lib/paraglide/',
			'drizzle/',
			'node_modules/',
			'.anpacken/',
			'.anpacken-bench/',
			'static/',
			'coverage/',
			// Other build and report outputs, as listed in .gitignore.
			'.build-*/',
			'test-results/',
			'bench-results/',
			'project.inlang/'
		]
	},
	// The syntax-only recommended set plus the type-aware promise rules below;
	// the full type-checked set's no-unsafe-* family mostly flags untyped
	// third-party modules rather than bugs.
	...tseslint.configs.recommended,
	...svelte.configs['flat/recommended'],
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			// The app is served at the root (no paths.base) and builds its localised
			// hrefs itself, so resolve() would add nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				parser: tseslint.parser,
				svelteConfig
			}
		}
	},
	{
		// Server code also runs under tsx (launcher, CLI, workers), where the
		// SvelteKit virtual modules and the $lib alias do not exist.
		files: ['src/lib/server/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['$app/*', '$app'], message: 'src/lib/server also runs under tsx: no SvelteKit virtual modules.' },
						{ group: ['$env/*', '$env'], message: 'src/lib/server also runs under tsx: read configuration via core/config.' },
						{ group: ['$lib/*', '$lib'], message: 'src/lib/server also runs under tsx: use relative imports.' }
					]
				}
			]
		}
	},
	{
		// Plain JavaScript outside tsconfig's include list has no useful types.
		files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
		...tseslint.configs.disableTypeChecked
	}
);
