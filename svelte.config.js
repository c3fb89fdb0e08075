import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// ANPACKEN_BUILD_DIR lets test runs build beside, not over, the shared build/.
		adapter: adapter({ out: process.env.ANPACKEN_BUILD_DIR ?? 'build', precompress: true }),
		// Origin checks are done in hooks.server.ts so that RFC 8058 one-click
		// unsubscribe POSTs (sent by mail providers without an Origin) can be allowed
		// on an explicit, short list of endpoints.
		csrf: { trustedOrigins: ['*'] },
		// Hash mode: every inline script SvelteKit emits is listed by its sha256, so a
		// response is a pure function of its content and the rendered-page cache can
		// store it without replaying a nonce (docs/adr/0021-rendered-page-cache.md).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// Only SvelteKit's route announcer (a fixed style attribute in its root
				// component) may use an inline style; app.css hides it as well, so an
				// upgrade that changes the hash costs a console message, not a layout bug.
				'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// Stylesheets below this size go into the page as <style> (hashed by the CSP):
		// the first view then needs no second round trip before it can render (ADR 0021).
		inlineStyleThreshold: 16 * 1024,
		version: { pollInterval: 0 }
	}
};

export default config;
