import { redirect } from '@sveltejs/kit';
import { negotiateLocale } from '$lib/i18n';
import { publicEntry } from '$lib/server/access/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ request, setHeaders }) => {
	publicEntry('language choice for the start page');
	setHeaders({ Vary: 'Accept-Language' });
	redirect(302, `/${negotiateLocale(request.headers.get('accept-language'))}`);
};
