import { publicEntry } from '$lib/server/access/policy';
import { CONFIRM_HOURS, confirmSubscription, confirmationState, sitePath } from '$lib/server/newsletter/subscribe';
import type { Actions, PageServerLoad } from './$types';

// The token is in the URL: never leak it to other sites through Referer.
const NO_REFERRER = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

/** GET only looks: mail scanners prefetch links, so only the POST confirms (requirement D-04). */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('newsletter confirmation landing page: holders of the mailed token confirm here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('t') ?? '';
	const state = await confirmationState(token);
	return { token: state === 'usable' ? token : null, state, hours: CONFIRM_HOURS };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		publicEntry('newsletter confirmation: the single-use token itself is the credential');
		// No setHeaders here: the load runs after the action and sets the Referrer-Policy (a header may be set once).
		const form = await request.formData();
		const t = form.get('t');
		const outcome = await confirmSubscription(typeof t === 'string' ? t : null, new Date(), locals.requestId);
		return { outcome: 'preferencesUrl' in outcome ? { status: outcome.status, preferencesPath: sitePath(outcome.preferencesUrl) } : { status: outcome.status } };
	}
};
