import { publicEntry } from '$lib/server/access/policy';
import { supporterCounts } from '$lib/server/supporters/wall';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	publicEntry('home page: public counters of the appeal');
	return { supporterCounts: await supporterCounts() };
};
