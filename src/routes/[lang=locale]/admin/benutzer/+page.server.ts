import { fail, redirect } from '@sveltejs/kit';
import { createUser, listUsers, RoleError } from '$lib/server/accounts/service';
import { parseCreateUserForm } from '$lib/server/accounts/forms';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'users.read');
	const query = (event.url.searchParams.get('q') ?? '').slice(0, 200);
	const page = Number.parseInt(event.url.searchParams.get('seite') ?? '1', 10);
	const result = await listUsers(event.locals.actor, { query, page: Number.isFinite(page) ? page : 1 });
	return { ...result, query };
};

export const actions: Actions = {
	anlegen: async (event) => {
		guard(event, 'users.write');
		const parsed = parseCreateUserForm(await event.request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		let result;
		try {
			result = await createUser(event.locals.actor, { ...parsed.data, requestId: event.locals.requestId });
		} catch (err) {
			if (err instanceof RoleError) return fail(400, { values: parsed.values, errors: { region: 'admin_error_region_required' } });
			throw err;
		}
		if (!result.ok) return fail(400, { values: parsed.values, errors: { email: 'admin_error_user_exists' }, existingId: result.id });
		redirect(303, `/${event.locals.locale}/admin/benutzer/${result.user.id}`);
	}
};
