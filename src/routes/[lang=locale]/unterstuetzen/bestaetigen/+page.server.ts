import { publicEntry } from '$lib/server/access/policy';
import { CONFIRM_HOURS, confirmPreview, confirmSignature } from '$lib/server/supporters/signup';
import type { Actions, PageServerLoad } from './$types';

// The token is in the URL: never leak it to other sites through Referer.
const NO_REFERRER = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

/** GET only looks: mail scanners prefetch links, so only the POST confirms (D-04). */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('supporter confirmation landing page: holders of the mailed token confirm here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('t') ?? '';
	const preview = await confirmPreview(token);
	return { token: preview.state === 'usable' ? token : null, state: preview.state, name: preview.name ?? null, hours: CONFIRM_HOURS };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		publicEntry('supporter confirmation: the single-use token itself is the credential');
		const form = await request.formData();
		return { outcome: await confirmSignature(String(form.get('token') ?? ''), new Date(), locals.requestId) };
	}
};
