/** schema.org Event for the detail page (rendered through jsonLdScript, see src/lib/atlas/jsonld.ts). */
import type { EventDetail } from '$lib/server/events/presenter';
import { OFFER_LANGUAGES } from '$lib/atlas/taxonomy';

const MODE = {
	no: 'https://schema.org/OfflineEventAttendanceMode',
	online: 'https://schema.org/OnlineEventAttendanceMode',
	hybrid: 'https://schema.org/MixedEventAttendanceMode'
} as const;

export function eventJsonLd(e: EventDetail, url: string): Record<string, unknown> {
	const place = e.placeName
		? {
				'@type': 'Place',
				name: e.venueName ?? e.placeName,
				address: {
					'@type': 'PostalAddress',
					...(e.street ? { streetAddress: e.street } : {}),
					...(e.postcode ? { postalCode: e.postcode } : {}),
					addressLocality: e.placeName,
					addressRegion: 'Niedersachsen',
					addressCountry: 'DE'
				},
				...(e.lat !== null && e.lon !== null ? { geo: { '@type': 'GeoCoordinates', latitude: e.lat, longitude: e.lon } } : {})
			}
		: null;
	const virtual = e.online !== 'no' ? { '@type': 'VirtualLocation', url: e.onlineUrl ?? url } : null;
	const location = [place, virtual].filter(Boolean);
	return {
		'@context': 'https://schema.org',
		'@type': 'Event',
		name: e.title,
		description: e.description.slice(0, 500),
		url,
		startDate: e.startsAt,
		endDate: e.endsAt,
		eventStatus: e.cancelled ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
		eventAttendanceMode: MODE[e.online],
		location: location.length === 1 ? location[0] : location,
		inLanguage: e.languages.map((code) => ({ '@type': 'Language', name: OFFER_LANGUAGES[code] ?? code, alternateName: code })),
		organizer: { '@type': 'Organization', name: e.organiser || 'Bündnis „Niedersachsen packt an“', ...(e.website ? { url: e.website } : {}) },
		isAccessibleForFree: true,
		...(e.capacity !== null ? { maximumAttendeeCapacity: e.capacity } : {})
	};
}
