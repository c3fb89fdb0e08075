import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { publicEntry } from '$lib/server/access/policy';
import { openPublicLogo } from '$lib/server/supporters/logo';
import type { RequestHandler } from './$types';

/** Logos of institutions on the public wall, from our own origin. Keys are random and never reused. */
export const GET: RequestHandler = async ({ params }) => {
	publicEntry('logos of institutions shown on the public wall');
	const file = await openPublicLogo(params.file);
	if (!file) error(404, 'not_found');
	return new Response(Readable.toWeb(file.stream) as ReadableStream, {
		headers: {
			'Content-Type': 'image/webp',
			'Content-Length': String(file.size),
			'X-Content-Type-Options': 'nosniff',
			// Short: a withdrawn public display must take the logo off quickly.
			'Cache-Control': 'public, max-age=300',
			'Content-Disposition': 'inline',
			'Content-Security-Policy': "default-src 'none'; sandbox"
		}
	});
};
