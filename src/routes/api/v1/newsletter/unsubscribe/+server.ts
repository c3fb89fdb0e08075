import { redirect } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { unsubscribeByLink, unsubscribeLinkState } from '$lib/server/newsletter/preferences';
import type { RequestHandler } from './$types';

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

/**
 * RFC 8058 one-click unsubscribe for the newsletter: mail providers POST
 * "List-Unsubscribe=One-Click" (urlencoded or multipart) here, cross-site and
 * without cookies (the path is on the origin check's allow list in
 * hooks.server.ts). The signed `s` parameter is the only credential.
 * Idempotent: a retry after success answers 200 again.
 */
export const POST: RequestHandler = async ({ url, request }) => {
	publicEntry('RFC 8058 one-click newsletter unsubscribe: the signed link is the credential');
	let body: FormData;
	try {
		body = await request.formData();
	} catch {
		return new Response('Expected List-Unsubscribe=One-Click as form data\n', { status: 400, headers: TEXT });
	}
	if (body.get('List-Unsubscribe') !== 'One-Click') {
		return new Response('Expected List-Unsubscribe=One-Click\n', { status: 400, headers: TEXT });
	}
	const outcome = await unsubscribeByLink(url.searchParams.get('s'), 'one-click');
	if (outcome === 'invalid') return new Response('Not found\n', { status: 404, headers: TEXT });
	return new Response('Unsubscribed\n', { status: 200, headers: TEXT });
};

/** A GET (a person who opened the header's address, a link scanner) changes nothing: it leads to the page with the button. */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('one-click newsletter address opened in a browser: leads to the unsubscribe page');
	const s = url.searchParams.get('s') ?? '';
	const { locale } = await unsubscribeLinkState(s);
	redirect(303, `/${locale ?? 'de'}/newsletter/abmelden?s=${encodeURIComponent(s)}`);
};
