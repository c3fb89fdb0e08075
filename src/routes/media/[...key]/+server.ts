import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { publicEntry } from '$lib/server/access/policy';
import { openMedia } from '$lib/server/atlas/media/service';
import type { RequestHandler } from './$types';

/**
 * Entry images. Keys are random and never reused, so a public file is cached
 * for a year; images of entries that are not published are only sent to
 * people who may edit the entry (openMedia decides), uncached.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	publicEntry('entry images: public for published entries, the service checks access for all others');
	const file = await openMedia(locals.actor, params.key);
	if (!file) error(404, 'not_found');
	return new Response(Readable.toWeb(file.stream) as ReadableStream, {
		headers: {
			'Content-Type': file.mimeType,
			'Content-Length': String(file.size),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': file.public ? 'public, max-age=31536000, immutable' : 'private, no-store',
			'Content-Disposition': 'inline',
			'Content-Security-Policy': "default-src 'none'; sandbox"
		}
	});
};
