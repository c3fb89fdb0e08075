/**
 * Route-side access checks. An entry point calls guard() with the action it
 * serves; anonymous visitors are sent to sign in, others get 403.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Action } from '../access/policy';
import { baseLocale, localeFromPath } from '../../i18n';

export function guard(event: Pick<RequestEvent, 'locals' | 'url'>, action: Action, resource?: { region?: string | null }): void {
	const actor = event.locals.actor;
	if (can(actor, action, resource as never)) return;
	if (actor.kind === 'anonymous') {
		const locale = localeFromPath(event.url.pathname) ?? baseLocale;
		const next = event.url.pathname + event.url.search;
		redirect(303, `/${locale}/anmelden?next=${encodeURIComponent(next)}`);
	}
	error(403, 'forbidden');
}
