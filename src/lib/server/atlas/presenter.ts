/**
 * Rows → what the atlas pages and the JSON API may show. Whitelists fields:
 * private contact details and approximate addresses never pass.
 */
import { STALE_AFTER_MONTHS, type ActionField, type Cost, type OfferType, type TargetGroup, type Topic, type Tristate } from '../../atlas/taxonomy';
import type { ProjectDetail, ProjectLocation, ProjectSummary } from './contract';
import type { DetailRow, SummaryRow } from './repository';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** Stale: not confirmed (or, never confirmed, not published) for STALE_AFTER_MONTHS. */
export function isStale(lastConfirmed: Date | string | null, fallback: Date | string | null, now = new Date()): boolean {
	const basis = lastConfirmed ?? fallback;
	if (basis === null) return false;
	const limit = new Date(now);
	limit.setMonth(limit.getMonth() - STALE_AFTER_MONTHS);
	return new Date(basis) < limit;
}

export function presentSummary(row: SummaryRow, distanceKm: number | null): ProjectSummary {
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		teaser: row.teaser,
		textLocale: row.text_locale,
		organisation: row.organisation,
		fields: row.fields as ActionField[],
		offerTypes: row.offer_types as OfferType[],
		languages: row.languages,
		place: row.place_name,
		district: row.district_name,
		region: row.region,
		distanceKm: distanceKm === null ? null : Math.round(distanceKm * 10) / 10,
		updatedAt: iso(row.updated_at)!,
		lastConfirmedAt: iso(row.last_confirmed_at),
		stale: isStale(row.last_confirmed_at, row.published_at)
	};
}

function presentLocation(l: DetailRow['locations'][number]): ProjectLocation {
	return {
		label: l.label,
		// Shelters and counselling places publish only their place (issue 3): no street, no postcode.
		street: l.approximate ? null : l.street,
		postcode: l.approximate ? null : l.postcode,
		place: l.place_name,
		districtKey: l.district_key,
		districtName: l.district_name,
		region: l.region,
		lat: l.lat,
		lon: l.lon,
		approximate: l.approximate
	};
}

function publicContact(c: DetailRow['contact']): ProjectDetail['contact'] {
	const out: ProjectDetail['contact'] = {};
	for (const key of ['person', 'email', 'phone', 'website'] as const) {
		const field = c[key];
		if (field && field.public === true && field.value) out[key] = field.value;
	}
	return out;
}

export function presentDetail(row: DetailRow, locale: string): ProjectDetail {
	const wanted = row.texts.find((t) => t.locale === locale);
	const source = row.texts.find((t) => t.locale === row.source_locale) ?? row.texts[0];
	const text = wanted ?? source;
	return {
		id: row.id,
		slug: row.slug,
		title: text?.title ?? '',
		teaser: text?.teaser ?? '',
		// A translation may cover only title and teaser; the description then falls back to the source.
		description: text?.description || source?.description || '',
		descriptionLocale: text?.description ? text.locale : (source?.locale ?? row.source_locale),
		textLocale: text?.locale ?? row.source_locale,
		fallback: (text?.locale ?? row.source_locale) !== locale,
		textStatus: text?.status ?? 'source',
		organisation: row.organisation,
		fields: row.fields as ActionField[],
		topics: row.topics as Topic[],
		offerTypes: row.offer_types as OfferType[],
		targetGroups: row.target_groups as TargetGroup[],
		languages: row.languages,
		costs: row.costs as Cost[],
		barrierFree: row.barrier_free as Tristate,
		childcare: row.childcare,
		womenOnly: row.women_only,
		appointmentNeeded: row.appointment_needed,
		online: row.online,
		statewide: row.statewide,
		locations: row.locations.map(presentLocation),
		schedule: row.schedule ?? { days: [], byAppointment: false, temporarilyClosed: false, note: null },
		contact: publicContact(row.contact),
		licence: row.licence,
		lastConfirmedAt: iso(row.last_confirmed_at),
		stale: isStale(row.last_confirmed_at, row.published_at),
		updatedAt: iso(row.updated_at)!,
		publishedAt: iso(row.published_at),
		demo: row.demo
	};
}
