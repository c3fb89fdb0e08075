/**
 * Saved searches (alerts, embeds, feeds) as the one canonical query string of
 * the list page, and such a search "in words" for pages and mails.
 */
import { m } from '../../../paraglide/messages';
import { baseLocale, isLocale, type Locale } from '../../../paraglide/runtime';
import { OFFER_LANGUAGES, PER_PAGE_DEFAULT } from '../../../atlas/taxonomy';
import { listDistricts } from '../../gazetteer/repository';
import { placeByAgs } from '../../gazetteer/service';
import { parseSearchParams, toSearchQuery, type SearchParams, type SearchResult } from '../contract';
import { resolvePlace } from '../service';

/** The filters of a search, without paging and sort: what a saved search stores. */
export function canonicalQuery(p: SearchParams): string {
	const q = new URLSearchParams(toSearchQuery(p, { page: 1, perPage: PER_PAGE_DEFAULT }));
	q.delete('sort');
	return q.toString();
}

/** A stored query back as parameters (never throws: parseSearchParams drops what it does not know). */
export function storedParams(query: string, override: Partial<SearchParams> = {}): SearchParams {
	return { ...parseSearchParams(new URLSearchParams(query)), ...override };
}

/**
 * A browser position is never stored (contract.ts): a saved search keeps the
 * centre of the nearest municipality instead, which says no more than its name.
 */
export async function withoutExactPosition(p: SearchParams): Promise<SearchParams> {
	if (p.near || p.lat === undefined || p.lon === undefined) return p;
	const { place } = await resolvePlace(p);
	const centre = place.status === 'found' ? await placeByAgs(place.ags) : null;
	return centre ? { ...p, lat: centre.lat, lon: centre.lon } : { ...p, lat: undefined, lon: undefined };
}

export interface WordValue {
	text: string;
	/** Language of the text when it is not the reader's (language endonyms). */
	lang?: string;
}

/** One line of a search in words: "Handlungsfeld: Sprache, Arbeit". */
export interface SearchWords {
	label: string;
	values: WordValue[];
}

type Message = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

/**
 * Display name of a vocabulary code via its message key (atlas_field_sprache,
 * gazetteer_region_leine_weser, …); reuse/query.spec.ts checks that every code
 * of every vocabulary has one. An unknown code is shown as it is.
 */
function codeLabel(prefix: string, code: string, locale: Locale): string {
	const key = `${prefix}_${code.replace(/-/g, '_')}`;
	const messages = m as unknown as Record<string, Message | undefined>;
	const message = Object.hasOwn(messages, key) ? messages[key] : undefined;
	return message ? message({}, { locale }) : code;
}

export const VOCABULARY_PREFIXES = {
	field: 'atlas_field',
	topic: 'atlas_topic',
	offer: 'atlas_offer',
	targetGroup: 'atlas_target',
	cost: 'atlas_cost',
	region: 'gazetteer_region',
	tristate: 'atlas_tristate'
} as const;

export function vocabularyLabel(vocabulary: keyof typeof VOCABULARY_PREFIXES, code: string, locale: string): string {
	return codeLabel(VOCABULARY_PREFIXES[vocabulary], code, isLocale(locale) ? locale : baseLocale);
}

/**
 * The search in words, in the reader's locale. `place` is how the search
 * service understood `near`/the position (pass it when already resolved).
 */
export async function describeSearch(p: SearchParams, locale: string, place?: SearchResult['place']): Promise<SearchWords[]> {
	const l: Locale = isLocale(locale) ? locale : baseLocale;
	const out: SearchWords[] = [];
	const hasPlace = Boolean(p.near) || (p.lat !== undefined && p.lon !== undefined);
	if (hasPlace) {
		const answer = place ?? (await resolvePlace(p)).place;
		const name = answer.status === 'found' ? answer.name : (p.near ?? '');
		out.push({ label: m.reuse_words_place({}, { locale: l }), values: [{ text: m.reuse_words_radius({ km: p.radiusKm, place: name }, { locale: l }) }] });
	}
	if (p.q) out.push({ label: m.reuse_words_q({}, { locale: l }), values: [{ text: m.reuse_words_q_value({ q: p.q }, { locale: l }) }] });
	const group = (label: string, values: WordValue[]) => {
		if (values.length > 0) out.push({ label, values });
	};
	const codes = (vocabulary: keyof typeof VOCABULARY_PREFIXES, list: string[]) => list.map((c) => ({ text: vocabularyLabel(vocabulary, c, l) }));
	group(m.atlas_facet_field({}, { locale: l }), codes('field', p.field));
	group(m.atlas_facet_topic({}, { locale: l }), codes('topic', p.topic));
	group(m.atlas_facet_offer({}, { locale: l }), codes('offer', p.offer));
	group(m.atlas_facet_target_group({}, { locale: l }), codes('targetGroup', p.targetGroup));
	group(
		m.atlas_facet_language({}, { locale: l }),
		p.language.map((code) => ({ text: OFFER_LANGUAGES[code] ?? code, lang: code === l ? undefined : code }))
	);
	group(m.atlas_facet_cost({}, { locale: l }), codes('cost', p.cost));
	if (p.barrierFree) group(m.atlas_facet_barrier_free({}, { locale: l }), codes('tristate', [p.barrierFree]));
	if (p.childcare) group(m.atlas_facet_childcare({}, { locale: l }), [{ text: m.atlas_facet_childcare_yes({}, { locale: l }) }]);
	group(m.atlas_facet_region({}, { locale: l }), codes('region', p.region));
	if (p.district.length > 0) {
		const names = new Map((await listDistricts()).map((d) => [d.ags, d.name]));
		group(
			m.atlas_facet_district({}, { locale: l }),
			p.district.map((key) => ({ text: names.get(key) ?? m.atlas_facet_district_unknown({ key }, { locale: l }) }))
		);
	}
	return out;
}

/** The words as one plain-text line per group (for mails). */
export function wordsAsText(words: SearchWords[], locale: string): string[] {
	const l: Locale = isLocale(locale) ? locale : baseLocale;
	if (words.length === 0) return [m.reuse_words_everything({}, { locale: l })];
	return words.map((w) => `${w.label}: ${w.values.map((v) => v.text).join(', ')}`);
}
