/**
 * Translated names for roles, regions and timestamps, shared by the account
 * page and the staff area. Explicit maps (not m[key]) keep every key visible
 * to the message compiler and to readers.
 */
import { m } from '$lib/paraglide/messages';

export const ROLE_OPTIONS = ['admin', 'editor', 'moderator', 'regional'] as const;
export const REGION_OPTIONS = ['braunschweig', 'leine-weser', 'lueneburg', 'weser-ems'] as const;

export function roleLabel(role: string | null | undefined): string {
	switch (role) {
		case 'admin':
			return m.admin_role_admin();
		case 'editor':
			return m.admin_role_editor();
		case 'moderator':
			return m.admin_role_moderator();
		case 'regional':
			return m.admin_role_regional();
		default:
			return m.admin_role_none();
	}
}

export function regionLabel(region: string | null | undefined): string {
	switch (region) {
		case 'braunschweig':
			return m.admin_region_braunschweig();
		case 'leine-weser':
			return m.admin_region_leine_weser();
		case 'lueneburg':
			return m.admin_region_lueneburg();
		case 'weser-ems':
			return m.admin_region_weser_ems();
		default:
			return m.admin_region_none();
	}
}

/** Fixed time zone, so server and browser render the same text (no hydration mismatch). */
export function formatDateTime(iso: string, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(iso));
}

/** Field errors of the staff account forms arrive as message keys. */
export function adminErrors(keys: Record<string, string> | undefined): Record<string, string> {
	const text: Record<string, () => string> = {
		admin_error_region_required: m.admin_error_region_required,
		admin_error_self_demotion: m.admin_error_self_demotion,
		admin_error_role_invalid: m.admin_error_role_invalid,
		admin_error_region_invalid: m.admin_error_region_invalid,
		admin_error_email_invalid: m.admin_error_email_invalid,
		admin_error_user_exists: m.admin_error_user_exists
	};
	const out: Record<string, string> = {};
	for (const [field, key] of Object.entries(keys ?? {})) out[field] = (text[key] ?? m.admin_error_role_invalid)();
	return out;
}
