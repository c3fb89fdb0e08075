import { error } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { collectMyData, myDataSession } from '$lib/server/supporters/mydata';
import type { RequestHandler } from './$types';

async function exportFor(token: string): Promise<Response> {
	const session = await myDataSession(token);
	if ('error' in session) error(404, 'not_found');
	const data = await collectMyData(session.email);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': 'attachment; filename="meine-daten.json"',
			'Cache-Control': 'no-store',
			'Referrer-Policy': 'same-origin'
		}
	});
}

/** Everything stored for the address as JSON (Art. 15/20 DSGVO); reading only, so GET is fine. */
export const GET: RequestHandler = async ({ url }) => {
	publicEntry('self-service export: the mailed token is the credential');
	return exportFor(url.searchParams.get('t') ?? '');
};

export const POST: RequestHandler = async ({ request }) => {
	publicEntry('self-service export: the mailed token is the credential');
	const form = await request.formData();
	return exportFor(String(form.get('t') ?? ''));
};

