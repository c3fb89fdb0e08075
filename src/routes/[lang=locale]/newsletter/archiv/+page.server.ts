import { publicEntry } from '$lib/server/access/policy';
import { archiveList } from '$lib/server/newsletter/send/issues';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	publicEntry('newsletter archive: sent issues are public');
	return { issues: await archiveList(params.lang) };
};
