/**
 * Texts for the protection outcomes (see src/lib/server/protection/service.ts,
 * PROTECTION_MESSAGES). The server sends the key; the page shows the text.
 */
import { m } from '$lib/paraglide/messages';

const TEXTS: Record<string, (minutes: number) => string> = {
	forms_protection_spam: () => m.forms_protection_spam(),
	forms_protection_too_fast: () => m.forms_protection_too_fast(),
	forms_protection_expired: () => m.forms_protection_expired(),
	forms_protection_pow_invalid: () => m.forms_protection_pow_invalid(),
	forms_protection_replay: () => m.forms_protection_replay(),
	forms_protection_rate_limited: (minutes) => m.forms_protection_rate_limited({ minutes })
};

/** Name of the error entry and of the element the error summary links to (`#field-protection`). */
export const PROTECTION_ERROR_FIELD = 'protection';

export function protectionErrorText(key: string | undefined, retryMinutes = 60): string | undefined {
	return key ? TEXTS[key]?.(retryMinutes) : undefined;
}
