import { error, fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/server/access/policy';
import { consentsForSubject, consentForExport } from '$lib/server/consent/service';
import { db } from '$lib/server/core/db';
import { readRegion, editSupporter, mergeSupporters, removeByStaff, staffWithdrawPublic, supporterForStaff } from '$lib/server/supporters/admin';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'supporters.read', readRegion(event.locals.actor));
	const s = await supporterForStaff(event.locals.actor, event.params.id).catch(() => undefined);
	if (!s) error(404, 'not_found');
	return {
		supporter: {
			id: s.id,
			kind: s.kind,
			status: s.status,
			name: s.name,
			email: s.email,
			place: s.placeName,
			region: s.region,
			institutionKind: s.institutionKind,
			website: s.website,
			contactName: s.contactName,
			note: s.note,
			publicDisplay: s.publicDisplay,
			createdAt: s.createdAt.toISOString(),
			confirmedAt: s.confirmedAt?.toISOString() ?? null
		},
		consents: (await consentsForSubject(db(), s.id)).map(consentForExport),
		mayWrite: can(event.locals.actor, 'supporters.write')
	};
};

export const actions: Actions = {
	edit: async (event) => {
		guard(event, 'supporters.write');
		const result = await editSupporter(event.locals.actor, event.params.id, await event.request.formData(), event.locals.requestId);
		if (result.ok) return { saved: true as const };
		if ('reason' in result) error(404, 'not_found');
		return fail(400, { values: result.values, errors: result.errors });
	},
	public: async (event) => {
		guard(event, 'supporters.write');
		await staffWithdrawPublic(event.locals.actor, event.params.id);
		return { saved: true as const };
	},
	merge: async (event) => {
		guard(event, 'supporters.write');
		const form = await event.request.formData();
		const other = String(form.get('other') ?? '').trim();
		const keep = String(form.get('keep') ?? 'this') === 'other' ? other : event.params.id;
		const drop = keep === other ? event.params.id : other;
		if (!/^[0-9a-f-]{36}$/.test(other)) return fail(400, { mergeError: 'sup_admin_merge_unknown' });
		const outcome = await mergeSupporters(event.locals.actor, keep, drop, event.locals.requestId);
		if (outcome !== 'merged') return fail(400, { mergeError: outcome === 'same' ? 'sup_admin_merge_same' : 'sup_admin_merge_unknown' });
		redirect(303, `/${event.locals.locale}/admin/unterstuetzende/${keep}`);
	},
	remove: async (event) => {
		guard(event, 'supporters.write');
		await removeByStaff(event.locals.actor, event.params.id);
		redirect(303, `/${event.locals.locale}/admin/unterstuetzende`);
	}
};
