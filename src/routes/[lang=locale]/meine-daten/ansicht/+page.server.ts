import { publicEntry } from '$lib/server/access/policy';
import { collectMyData, deleteAllForEmail, myDataSession, withdrawForEmail, type WithdrawPurpose } from '$lib/server/supporters/mydata';
import type { Actions, PageServerLoad } from './$types';

const NO_REFERRER = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };
const PURPOSES: WithdrawPurpose[] = ['appeal.sign', 'appeal.public', 'newsletter'];

/** A reading session: the mailed token is valid for an hour and checked on every request; no cookie. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('self-service data view: the mailed token is the credential');
	setHeaders(NO_REFERRER);
	const token = url.searchParams.get('t') ?? '';
	const session = await myDataSession(token);
	if ('error' in session) return { state: session.error, token: null, data: null, expiresAt: null };
	return { state: 'ok' as const, token, data: await collectMyData(session.email), expiresAt: session.expiresAt.toISOString() };
};

async function sessionFrom(request: Request) {
	const form = await request.formData();
	const session = await myDataSession(String(form.get('t') ?? ''));
	return { form, session };
}

export const actions: Actions = {
	withdraw: async ({ request }) => {
		publicEntry('self-service withdrawal: the mailed token is the credential');
		const { form, session } = await sessionFrom(request);
		if ('error' in session) return { done: session.error };
		const purpose = String(form.get('purpose') ?? '') as WithdrawPurpose;
		if (!PURPOSES.includes(purpose)) return { done: 'unknown' as const };
		await withdrawForEmail(session.email, purpose);
		return { done: 'withdrawn' as const, purpose };
	},
	delete: async ({ request }) => {
		publicEntry('self-service deletion: the mailed token is the credential');
		const { session } = await sessionFrom(request);
		if ('error' in session) return { done: session.error };
		await deleteAllForEmail(session.email);
		return { done: 'deleted' as const };
	}
};
