/**
 * The purposes people consent to, each with its own unticked checkbox (D-10).
 * The wording lives in messages/consent; the version is derived from the
 * wording in every language, so changing a text makes a new version and the
 * record always says which text a person saw.
 */
import { createHash } from 'node:crypto';
import { m } from '../../paraglide/messages';
import { baseLocale, isLocale, locales, type Locale } from '../../paraglide/runtime';

export const CONSENT_PURPOSES = ['appeal.sign', 'appeal.public', 'newsletter'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Suppression scope per purpose: what a withdrawal stops. */
export const SUPPRESSION_SCOPE: Record<ConsentPurpose, string> = {
	'appeal.sign': 'appeal',
	'appeal.public': 'appeal-public',
	newsletter: 'newsletter'
};

const WORDING: Record<ConsentPurpose, (locale: Locale) => string> = {
	'appeal.sign': (locale) => m.consent_appeal_sign({}, { locale }),
	'appeal.public': (locale) => m.consent_appeal_public({}, { locale }),
	newsletter: (locale) => m.consent_newsletter({}, { locale })
};

/** The checkbox text for a purpose in a language (German when the language is unknown). */
export function consentWording(purpose: ConsentPurpose, locale: string): string {
	return WORDING[purpose](isLocale(locale) ? locale : baseLocale);
}

const versions = new Map<ConsentPurpose, string>();

/** "v-" + the first 12 hex digits of SHA-256 over the wording in all languages. */
export function consentVersion(purpose: ConsentPurpose): string {
	let version = versions.get(purpose);
	if (!version) {
		const hash = createHash('sha256');
		for (const locale of locales) hash.update(locale).update('\0').update(WORDING[purpose](locale)).update('\0');
		version = `v-${hash.digest('hex').slice(0, 12)}`;
		versions.set(purpose, version);
	}
	return version;
}
