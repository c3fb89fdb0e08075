import { publicEntry } from '$lib/server/access/policy';
import { cancelRegistration, previewLink } from '$lib/server/events/registration';
import type { Actions, PageServerLoad } from './$types';

const NO_REFERRER = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

/** GET only looks; the POST cancels (a prefetching mail scanner must not cancel anybody). */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('event registration cancellation page: holders of the mailed token cancel here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('token') ?? '';
	const preview = await previewLink(token, 'cancel');
	return { token: preview.state === 'usable' ? token : null, preview };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		publicEntry('event registration cancellation: the single-use token itself is the credential');
		// The headers come from load, which renders the answer too (setting them twice is an error).
		const form = await request.formData();
		return { outcome: await cancelRegistration(String(form.get('token') ?? ''), new Date(), locals.requestId) };
	}
};
