import { publicEntry } from '$lib/server/access/policy';
import { confirmRegistration, previewLink } from '$lib/server/events/registration';
import type { Actions, PageServerLoad } from './$types';

// The token is in the URL: never leak it to other sites through Referer.
const NO_REFERRER = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

/** GET only looks: mail scanners prefetch links, so only the POST confirms. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('event registration confirmation page: holders of the mailed token confirm here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('token') ?? '';
	const preview = await previewLink(token, 'confirm');
	return { token: preview.state === 'usable' ? token : null, preview };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		publicEntry('event registration confirmation: the single-use token itself is the credential');
		// The headers come from load, which renders the answer too (setting them twice is an error).
		const form = await request.formData();
		return { outcome: await confirmRegistration(String(form.get('token') ?? ''), new Date(), locals.requestId) };
	}
};
