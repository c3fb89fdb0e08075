import { fail } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { preferencesForLink, updatePreferences } from '$lib/server/newsletter/preferences';
import type { Actions, PageServerLoad } from './$types';

// The signed key is in the URL: never hand it to other sites through Referer; never cache the page.
const HEADERS = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

/** No sign-in, no cookie: the signed link from the newsletter mails is the key. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('newsletter preference centre: the signed link from the mails is the credential');
	setHeaders(HEADERS);
	const s = url.searchParams.get('s');
	const view = await preferencesForLink(s);
	return { s: view ? s : null, view: view ?? null };
};

export const actions: Actions = {
	default: async ({ request, url }) => {
		publicEntry('newsletter preference change: the signed link is the credential');
		const form = await request.formData();
		const s = form.get('s');
		const result = await updatePreferences(typeof s === 'string' ? s : url.searchParams.get('s'), form);
		if (result.ok) return { saved: true as const };
		if (result.reason === 'invalid') return fail(404, { invalid: true as const });
		return fail(400, { values: result.values, errors: result.errors });
	}
};
