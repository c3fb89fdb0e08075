import { publicEntry } from '$lib/server/access/policy';
import { previewVerification, verifySubmission } from '$lib/server/events/community';
import type { Actions, PageServerLoad } from './$types';

// The token is in the URL: never leak it to other sites through Referer.
const NO_REFERRER = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

/** GET only looks: mail scanners prefetch links, so only the POST verifies. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('community event verification page: holders of the mailed token confirm here');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('token') ?? '';
	const preview = await previewVerification(token);
	return { token: preview.state === 'usable' ? token : null, preview };
};

export const actions: Actions = {
	default: async ({ request }) => {
		publicEntry('community event verification: the single-use token itself is the credential');
		const form = await request.formData();
		return { outcome: await verifySubmission(String(form.get('token') ?? '')) };
	}
};
