import { fail, redirect } from '@sveltejs/kit';
import { forbiddenAs403 } from '$lib/atlas/moderation/access.server';
import { createEvents } from '$lib/server/events/admin';
import { eventFormValues, parseEventForm } from '$lib/server/events/staff-form';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

const DEFAULTS = {
	kind: 'regional_conference',
	status: 'draft',
	text_locale: 'de',
	online: 'no',
	step_free: 'unknown',
	start_time: '10:00',
	end_time: '16:00',
	registration_open: 'yes',
	offer_hours: '24',
	repeat: 'none',
	questions: ['organisation', 'accessibility'],
	languages: ['de']
};

export const load: PageServerLoad = (event) => {
	guard(event, 'events.manage');
	const region = event.locals.actor.kind === 'user' && event.locals.actor.role === 'regional' ? (event.locals.actor.region ?? '') : '';
	return { defaults: { ...DEFAULTS, region } };
};

export const actions: Actions = {
	default: async (event) => {
		guard(event, 'events.manage');
		const form = await event.request.formData();
		const parsed = await parseEventForm(form);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const saved = await forbiddenAs403(() => createEvents(event.locals.actor, parsed, { requestId: event.locals.requestId }));
		if (!saved.ok) return fail(400, { values: eventFormValues(form), errors: saved.errors });
		redirect(303, `/${event.locals.locale}/admin/veranstaltungen/${saved.id}?angelegt=${saved.slugs.length}`);
	}
};
