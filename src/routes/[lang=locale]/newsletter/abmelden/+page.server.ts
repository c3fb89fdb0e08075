import { publicEntry } from '$lib/server/access/policy';
import { unsubscribeByLink, unsubscribeLinkState } from '$lib/server/newsletter/preferences';
import type { Actions, PageServerLoad } from './$types';

// The signed value is in the URL: never hand it to other sites through Referer.
const HEADERS = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

/** GET shows a button and changes nothing; only the POST unsubscribes. No sign-in, no cookie. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('newsletter unsubscribe page: the signed link is the credential');
	setHeaders(HEADERS);
	const s = url.searchParams.get('s');
	const { state } = await unsubscribeLinkState(s);
	return { s: state === 'active' ? s : null, state };
};

export const actions: Actions = {
	default: async ({ request }) => {
		publicEntry('newsletter unsubscribe: withdrawal as easy as consent, the signed link is the credential');
		const form = await request.formData();
		const s = form.get('s');
		return { outcome: await unsubscribeByLink(typeof s === 'string' ? s : null, 'link') };
	}
};
