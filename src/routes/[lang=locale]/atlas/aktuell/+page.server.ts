import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { publicEntry } from '$lib/server/access/policy';
import { answerFreshness, freshnessLink, type FreshnessAnswer } from '$lib/server/atlas/freshness/service';
import { ANSWER_SLUGS, type FreshnessAnswerSlug } from '$lib/server/atlas/freshness/mails';
import { LINK_VALID_DAYS } from '$lib/server/atlas/freshness/rules';
import type { Actions, PageServerLoad } from './$types';

// The token is in the URL: it must not leak through Referer, nor stay in a cache.
// 'same-origin' rather than 'no-referrer', so the confirming POST keeps its Origin (CSRF check).
const HEADERS = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

/** GET only looks: mail scanners open links, so only a POST answers. */
export const load: PageServerLoad = async ({ url, locals, setHeaders }) => {
	publicEntry('freshness question: the emailed single-use token is the credential; the page only shows the entry');
	setHeaders(HEADERS);
	const token = url.searchParams.get('token') ?? '';
	const wanted = url.searchParams.get('antwort');
	const chosen = (ANSWER_SLUGS as readonly string[]).includes(wanted ?? '') ? (wanted as FreshnessAnswerSlug) : null;
	const view = await freshnessLink(token, locals.locale);
	return { token: view.ok ? token : null, view, chosen, days: LINK_VALID_DAYS };
};

// The headers come from load(), which runs after every action that renders the page (setting them twice is an error).
async function answer(event: RequestEvent, kind: FreshnessAnswer) {
	const form = await event.request.formData();
	const token = String(form.get('token') ?? '').slice(0, 200);
	const result = await answerFreshness(token, kind, { locale: event.locals.locale, requestId: event.locals.requestId });
	if (!result.ok) return fail(result.reason === 'invalid' ? 400 : 409, { problem: result.reason });
	// Editing needs the owner signed in; the edit page sends them to sign in and back.
	if (result.answer === 'edit') redirect(303, `/${event.locals.locale}/atlas/${result.slug}/bearbeiten`);
	return { done: result.answer, slug: result.slug, title: result.title };
}

export const actions: Actions = {
	stimmt: async (event) => {
		publicEntry('freshness answer "still correct": the emailed single-use token is the credential');
		return answer(event, 'confirm');
	},
	bearbeiten: async (event) => {
		publicEntry('freshness answer "edit": checks the token, uses nothing up, leads to the edit page');
		return answer(event, 'edit');
	},
	eingestellt: async (event) => {
		publicEntry('freshness answer "no longer exists": the emailed single-use token is the credential');
		return answer(event, 'gone');
	}
};
