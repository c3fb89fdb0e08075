import { fail } from '@sveltejs/kit';
import { confirmAsStaff, listUnanswered, runFreshnessNow } from '$lib/server/atlas/freshness/service';
import { ARCHIVE_AFTER_MONTHS, ASK_AFTER_MONTHS, RECENTLY_ARCHIVED_DAYS } from '$lib/server/atlas/freshness/rules';
import { guard } from '$lib/server/web/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	guard(event, 'moderation.read');
	const lists = await listUnanswered(event.locals.actor);
	return { ...lists, ask: ASK_AFTER_MONTHS, archive: ARCHIVE_AFTER_MONTHS, days: RECENTLY_ARCHIVED_DAYS };
};

export const actions: Actions = {
	/** The daily run, now: state-wide moderators and admins (it touches every region). */
	ausfuehren: async (event) => {
		guard(event, 'moderation.write', { region: null });
		const run = await runFreshnessNow(event.locals.actor, event.locals.requestId);
		return { run: { asked: run.asked.entries, mails: run.asked.mails + run.archived.mails, archived: run.archived.entries } };
	},
	bestaetigen: async (event) => {
		guard(event, 'moderation.write');
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '').slice(0, 40);
		const result = await confirmAsStaff(event.locals.actor, id, { requestId: event.locals.requestId });
		if (!result.ok) return fail(result.reason === 'forbidden' ? 403 : 400, { error: result.reason });
		return { confirmed: result.title };
	}
};
