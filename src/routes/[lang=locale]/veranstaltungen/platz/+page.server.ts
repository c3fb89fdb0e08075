import { publicEntry } from '$lib/server/access/policy';
import { acceptOffer, previewLink } from '$lib/server/events/registration';
import type { Actions, PageServerLoad } from './$types';

const NO_REFERRER = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

/** GET only looks; the POST accepts the offered seat. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('waitlist offer page: holders of the mailed token accept a freed seat here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('token') ?? '';
	const preview = await previewLink(token, 'accept');
	return { token: preview.state === 'usable' ? token : null, preview };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		publicEntry('waitlist offer acceptance: the single-use token itself is the credential');
		// The headers come from load, which renders the answer too (setting them twice is an error).
		const form = await request.formData();
		return { outcome: await acceptOffer(String(form.get('token') ?? ''), new Date(), locals.requestId) };
	}
};
