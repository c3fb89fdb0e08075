import { publicEntry } from '$lib/server/access/policy';
import { config } from '$lib/server/core/config';
import { securityTxt } from '$lib/server/platform/security-txt';
import type { RequestHandler } from './$types';

/** RFC 9116 contact for security reports (BSI APP.3.2.A20). */
export const GET: RequestHandler = () => {
	publicEntry('security contact for researchers, RFC 9116');
	return new Response(securityTxt(config().origin, new Date()), {
		headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=86400' }
	});
};
