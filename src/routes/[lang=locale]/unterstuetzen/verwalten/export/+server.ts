import { error } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { manageExport, supporterIdFromManage } from '$lib/server/supporters/signup';
import type { RequestHandler } from './$types';

/** The supporter's record with its consents as a JSON file (Art. 15/20 DSGVO). */
export const POST: RequestHandler = async ({ request }) => {
	publicEntry('supporter data export: the signed manage link is the credential');
	const form = await request.formData();
	const id = supporterIdFromManage(String(form.get('s') ?? ''));
	const data = id ? await manageExport(id) : undefined;
	if (!data) error(404, 'not_found');
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': 'attachment; filename="unterstuetzung.json"',
			'Cache-Control': 'no-store'
		}
	});
};
