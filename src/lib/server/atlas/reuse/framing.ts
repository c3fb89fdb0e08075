/**
 * Framing policy: the app may be framed by nobody (kit.csp frame-ancestors
 * 'none' plus X-Frame-Options: DENY), except the atlas embeds, which exist to
 * be shown in iframes on partner sites. Called by hooks.server.ts for every
 * response after the other security headers are set.
 */
export const EMBED_PATH = /^\/[a-z]{2}\/einbettung\/[^/]+\/?$/;

export function applyFramingPolicy(pathname: string, headers: Headers): void {
	if (!EMBED_PATH.test(pathname)) return;
	headers.delete('X-Frame-Options');
	const csp = headers.get('Content-Security-Policy');
	if (csp) {
		const framed = /frame-ancestors[^;]*/.test(csp) ? csp.replace(/frame-ancestors[^;]*/, 'frame-ancestors *') : `${csp}; frame-ancestors *`;
		headers.set('Content-Security-Policy', framed);
	}
	// A partner page that isolates itself (COEP) may still load the frame.
	headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
}
