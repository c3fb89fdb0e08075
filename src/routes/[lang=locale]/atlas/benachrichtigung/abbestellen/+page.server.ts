import { publicEntry } from '$lib/server/access/policy';
import { unsubscribe, unsubscribePreview } from '$lib/server/atlas/reuse/alerts';
import type { Actions, PageServerLoad } from './$types';

// The signed value is in the URL: never hand it to other sites through Referer.
const NO_REFERRER = { 'Referrer-Policy': 'same-origin' };

/** GET shows what would be unsubscribed and a button; only the POST unsubscribes. No sign-in, no cookie. */
export const load: PageServerLoad = async ({ url, locals, setHeaders }) => {
	publicEntry('alert unsubscribe page: the signed link is the credential');
	setHeaders(NO_REFERRER);
	const a = url.searchParams.get('a');
	const preview = await unsubscribePreview(a, locals.locale);
	return { a: preview.state === 'active' ? a : null, state: preview.state, words: preview.state === 'active' ? preview.words : [] };
};

export const actions: Actions = {
	default: async ({ request }) => {
		publicEntry('alert unsubscribe: withdrawal as easy as consent, the signed link is the credential');
		// No setHeaders here: the load runs after the action and sets the Referrer-Policy (a header may be set once).
		const form = await request.formData();
		const a = form.get('a');
		return { outcome: await unsubscribe(typeof a === 'string' ? a : null, 'link') };
	}
};
