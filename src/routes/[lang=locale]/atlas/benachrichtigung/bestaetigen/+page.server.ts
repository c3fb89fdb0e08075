import { publicEntry } from '$lib/server/access/policy';
import { CONFIRM_DAYS, confirmAlert, confirmationPreview } from '$lib/server/atlas/reuse/alerts';
import type { Actions, PageServerLoad } from './$types';

// The token is in the URL: never leak it to other sites through Referer (see anmelden/link).
const NO_REFERRER = { 'Referrer-Policy': 'same-origin' };

/** GET only looks: mail scanners prefetch links, so only the POST confirms (requirement D-04). */
export const load: PageServerLoad = async ({ url, locals, setHeaders }) => {
	publicEntry('alert confirmation landing page: holders of the mailed token confirm here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('token') ?? '';
	const preview = await confirmationPreview(token, locals.locale);
	return { token: preview.state === 'usable' ? token : null, state: preview.state, words: preview.words, days: CONFIRM_DAYS };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		publicEntry('alert confirmation: the single-use token itself is the credential');
		// No setHeaders here: the load runs after the action and sets the Referrer-Policy (a header may be set once).
		const form = await request.formData();
		const outcome = await confirmAlert(String(form.get('token') ?? ''), new Date(), locals.requestId);
		return { outcome };
	}
};
