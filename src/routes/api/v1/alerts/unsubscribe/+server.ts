import { redirect } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { unsubscribe, unsubscribePreview } from '$lib/server/atlas/reuse/alerts';
import type { RequestHandler } from './$types';

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

/**
 * RFC 8058 one-click unsubscribe: mail providers POST
 * "List-Unsubscribe=One-Click" here, cross-site and without cookies (the path
 * is on the origin check's allow list in hooks.server.ts). The signed `a`
 * parameter is the only credential; answering never needs a session.
 */
export const POST: RequestHandler = async ({ url, request }) => {
	publicEntry('RFC 8058 one-click unsubscribe: the signed link is the credential');
	let body: FormData;
	try {
		body = await request.formData();
	} catch {
		return new Response('Expected List-Unsubscribe=One-Click as form data\n', { status: 400, headers: TEXT });
	}
	if (body.get('List-Unsubscribe') !== 'One-Click') {
		return new Response('Expected List-Unsubscribe=One-Click\n', { status: 400, headers: TEXT });
	}
	const outcome = await unsubscribe(url.searchParams.get('a'), 'one-click');
	if (outcome === 'invalid') return new Response('Invalid unsubscribe link\n', { status: 400, headers: TEXT });
	return new Response('Unsubscribed\n', { status: 200, headers: TEXT });
};

/** A GET (a person who opened the header's address, a link scanner) changes nothing: it leads to the page with the button. */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('one-click unsubscribe address opened in a browser: leads to the confirmation page');
	const a = url.searchParams.get('a') ?? '';
	const preview = await unsubscribePreview(a, 'de');
	const locale = preview.state === 'invalid' ? 'de' : preview.locale;
	redirect(303, `/${locale}/atlas/benachrichtigung/abbestellen?a=${encodeURIComponent(a)}`);
};
