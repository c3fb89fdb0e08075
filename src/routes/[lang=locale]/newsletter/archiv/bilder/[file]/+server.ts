import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { publicEntry } from '$lib/server/access/policy';
import { openIssueImage } from '$lib/server/newsletter/send/issues';
import type { RequestHandler } from './$types';

/** Newsletter images: they go out in mails and the archive, so they are public; keys are random and never reused. */
export const GET: RequestHandler = async ({ params }) => {
	publicEntry('newsletter images: part of mailed and archived issues');
	const file = await openIssueImage(params.file);
	if (!file) error(404, 'not_found');
	return new Response(Readable.toWeb(file.stream) as ReadableStream, {
		headers: {
			'Content-Type': 'image/webp',
			'Content-Length': String(file.size),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'public, max-age=31536000, immutable',
			'Content-Disposition': 'inline',
			'Content-Security-Policy': "default-src 'none'; sandbox"
		}
	});
};
