import { publicEntry } from '$lib/server/access/policy';
import { managePreview, supporterIdFromManage, withdrawPublic, withdrawSignature } from '$lib/server/supporters/signup';
import type { Actions, PageServerLoad } from './$types';

const NO_REFERRER = { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' };

async function idFrom(request: Request): Promise<string | undefined> {
	const form = await request.formData();
	return supporterIdFromManage(String(form.get('s') ?? ''));
}

/** The signed link in every supporter mail is the authorisation: no sign-in, no cookie (withdrawal as easy as consent). */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	publicEntry('manage page of a supporter: the signed link from the mail is the credential');
	setHeaders(NO_REFERRER);
	const s = url.searchParams.get('s');
	const preview = await managePreview(s);
	if (preview.state !== 'ok') return { state: preview.state, s: null, supporter: null, consents: [] };
	const p = preview.supporter;
	return {
		state: 'ok' as const,
		s,
		supporter: {
			kind: p.kind,
			status: p.status,
			name: p.name,
			email: p.email,
			place: p.placeName,
			institutionKind: p.institutionKind,
			website: p.website,
			contactName: p.contactName,
			hasLogo: !!p.logoKey,
			publicDisplay: p.publicDisplay,
			createdAt: p.createdAt.toISOString(),
			confirmedAt: p.confirmedAt?.toISOString() ?? null
		},
		consents: preview.consents
	};
};

export const actions: Actions = {
	public: async ({ request }) => {
		publicEntry('withdrawing public display: the signed link is the credential');
		const id = await idFrom(request);
		if (!id) return { done: 'invalid' as const };
		await withdrawPublic(id, 'link');
		return { done: 'public' as const };
	},
	withdraw: async ({ request }) => {
		publicEntry('withdrawing the signature: the signed link is the credential');
		const id = await idFrom(request);
		if (!id) return { done: 'invalid' as const };
		await withdrawSignature(id, 'link');
		return { done: 'withdrawn' as const };
	}
};
