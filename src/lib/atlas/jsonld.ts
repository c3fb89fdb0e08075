/**
 * schema.org description of an atlas entry, as a JSON-LD <script> data block.
 * The block is never executed (type application/ld+json), so the strict CSP
 * allows it without a nonce; Svelte can only emit it through {@html}, which
 * is why the whole tag is built here, from JSON.stringify output only.
 */
import type { ProjectDetail } from '$lib/server/atlas/contract';
import { OFFER_LANGUAGES } from './taxonomy';

export function projectJsonLd(p: ProjectDetail, url: string): Record<string, unknown> {
	const places = p.locations.map((l) => ({
		'@type': 'Place',
		name: l.label ?? l.place,
		address: {
			'@type': 'PostalAddress',
			// An approximate location publishes only the place, never a street.
			...(l.approximate || !l.street ? {} : { streetAddress: l.street, postalCode: l.postcode ?? undefined }),
			addressLocality: l.place,
			addressRegion: 'Niedersachsen',
			addressCountry: 'DE'
		}
	}));
	return {
		'@context': 'https://schema.org',
		'@type': 'Service',
		name: p.title,
		description: p.teaser,
		url,
		inLanguage: p.textLocale,
		license: p.licence,
		provider: p.organisation ? { '@type': 'Organization', name: p.organisation } : undefined,
		areaServed: p.statewide || places.length === 0 ? { '@type': 'State', name: 'Niedersachsen' } : places,
		availableLanguage: p.languages.map((code) => ({ '@type': 'Language', name: OFFER_LANGUAGES[code] ?? code, alternateName: code })),
		isAccessibleForFree: p.costs.length > 0 && p.costs.every((c) => c === 'free') ? true : undefined
	};
}

/**
 * The complete data block. Every "<" is escaped, so no provider text (a title
 * containing "</script>" or "<!--") can end the block or open markup.
 */
export function jsonLdScript(data: unknown): string {
	const json = JSON.stringify(data).replace(/</g, '\\u003c');
	return `<script type="application/ld+json">${json}</` + 'script>';
}
