import { error, fail } from '@sveltejs/kit';
import { changeRole, getUser, RoleError } from '$lib/server/accounts/service';
import { parseRoleForm } from '$lib/server/accounts/forms';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'users.read');
	const user = await getUser(event.locals.actor, event.params.id);
	if (!user) error(404, 'not_found');
	return { account: user, isSelf: event.locals.actor.kind === 'user' && event.locals.actor.id === user.id };
};

export const actions: Actions = {
	default: async (event) => {
		guard(event, 'users.write');
		const parsed = parseRoleForm(await event.request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		try {
			const updated = await changeRole(event.locals.actor, { userId: event.params.id, ...parsed.data, requestId: event.locals.requestId });
			if (!updated) error(404, 'not_found');
		} catch (err) {
			if (!(err instanceof RoleError)) throw err;
			const errors: Record<string, string> =
				err.code === 'region_required' ? { region: 'admin_error_region_required' } : { role: 'admin_error_self_demotion' };
			return fail(400, { values: parsed.values, errors });
		}
		return { saved: true };
	}
};
