/**
 * Display names for the Projektatlas vocabularies. Records keyed by the code
 * types (not m[`atlas_field_${code}`]) so the compiler reports a code that
 * has no message, and every key stays visible to the message compiler.
 */
// Relative imports: the server's CSV import matches German labels with this module too.
import { m } from '../paraglide/messages';
import type { Locale } from '../i18n';
import {
	ACTION_FIELDS,
	COSTS,
	OFFER_LANGUAGES,
	OFFER_TYPES,
	SORTS,
	TARGET_GROUPS,
	TOPICS,
	TRISTATE,
	type ActionField,
	type Cost,
	type OfferType,
	type Sort,
	type TargetGroup,
	type Topic,
	type Tristate
} from './taxonomy';

type Message = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;
type Labels<T extends string> = Record<T, Message>;

export const ONLINE_MODES = ['no', 'online', 'hybrid'] as const;
export type OnlineMode = (typeof ONLINE_MODES)[number];

export const REGION_CODES = ['braunschweig', 'leine-weser', 'lueneburg', 'weser-ems'] as const;
export type RegionCode = (typeof REGION_CODES)[number];

const FIELDS: Labels<ActionField> = {
	sprache: m.atlas_field_sprache,
	arbeit: m.atlas_field_arbeit,
	wohnen: m.atlas_field_wohnen,
	engagement: m.atlas_field_engagement,
	teilhabe: m.atlas_field_teilhabe
};

const TOPIC_LABELS: Labels<Topic> = {
	frauen: m.atlas_topic_frauen,
	kultur: m.atlas_topic_kultur,
	sport: m.atlas_topic_sport,
	'kinder-jugend': m.atlas_topic_kinder_jugend,
	gesundheit: m.atlas_topic_gesundheit,
	beratung: m.atlas_topic_beratung,
	bildung: m.atlas_topic_bildung,
	nachbarschaft: m.atlas_topic_nachbarschaft,
	demokratie: m.atlas_topic_demokratie,
	familie: m.atlas_topic_familie
};

const OFFERS: Labels<OfferType> = {
	kurs: m.atlas_offer_kurs,
	beratung: m.atlas_offer_beratung,
	treffpunkt: m.atlas_offer_treffpunkt,
	mentoring: m.atlas_offer_mentoring,
	freizeit: m.atlas_offer_freizeit,
	jobhilfe: m.atlas_offer_jobhilfe,
	wohnhilfe: m.atlas_offer_wohnhilfe,
	kinderbetreuung: m.atlas_offer_kinderbetreuung,
	begleitung: m.atlas_offer_begleitung,
	veranstaltung: m.atlas_offer_veranstaltung
};

const TARGETS: Labels<TargetGroup> = {
	gefluechtete: m.atlas_target_gefluechtete,
	zugewanderte: m.atlas_target_zugewanderte,
	frauen: m.atlas_target_frauen,
	kinder: m.atlas_target_kinder,
	jugendliche: m.atlas_target_jugendliche,
	familien: m.atlas_target_familien,
	senioren: m.atlas_target_senioren,
	ehrenamtliche: m.atlas_target_ehrenamtliche,
	arbeitgeber: m.atlas_target_arbeitgeber,
	alle: m.atlas_target_alle
};

const COST_LABELS: Labels<Cost> = { free: m.atlas_cost_free, fee: m.atlas_cost_fee, donation: m.atlas_cost_donation };

const TRISTATE_LABELS: Labels<Tristate> = { yes: m.atlas_tristate_yes, no: m.atlas_tristate_no, unknown: m.atlas_tristate_unknown };

const SORT_LABELS: Labels<Sort> = { relevance: m.atlas_sort_relevance, distance: m.atlas_sort_distance, newest: m.atlas_sort_newest };

const ONLINE_LABELS: Labels<OnlineMode> = { no: m.atlas_online_no, online: m.atlas_online_online, hybrid: m.atlas_online_hybrid };

const REGIONS: Labels<RegionCode> = {
	braunschweig: m.gazetteer_region_braunschweig,
	'leine-weser': m.gazetteer_region_leine_weser,
	lueneburg: m.gazetteer_region_lueneburg,
	'weser-ems': m.gazetteer_region_weser_ems
};

/** Every vocabulary with its codes, for the completeness test and the facet panel. */
export const VOCABULARIES = {
	field: { codes: ACTION_FIELDS, labels: FIELDS },
	topic: { codes: TOPICS, labels: TOPIC_LABELS },
	offer: { codes: OFFER_TYPES, labels: OFFERS },
	target_group: { codes: TARGET_GROUPS, labels: TARGETS },
	cost: { codes: COSTS, labels: COST_LABELS },
	tristate: { codes: TRISTATE, labels: TRISTATE_LABELS },
	sort: { codes: SORTS, labels: SORT_LABELS },
	online: { codes: ONLINE_MODES, labels: ONLINE_LABELS },
	region: { codes: REGION_CODES, labels: REGIONS }
} as const;

export type Vocabulary = keyof typeof VOCABULARIES;

/**
 * The display name of a code in a vocabulary; an unknown code (an older
 * link, a value the service added later) is shown as it is rather than hidden.
 */
export function label(vocabulary: Vocabulary, code: string, locale?: Locale): string {
	const labels = VOCABULARIES[vocabulary].labels as Record<string, Message>;
	const message = Object.hasOwn(labels, code) ? labels[code] : undefined;
	return message ? message({}, locale ? { locale } : undefined) : code;
}

export const fieldLabel = (code: ActionField) => label('field', code);
export const topicLabel = (code: Topic) => label('topic', code);
export const offerLabel = (code: OfferType) => label('offer', code);
export const targetGroupLabel = (code: TargetGroup) => label('target_group', code);
export const costLabel = (code: Cost) => label('cost', code);
export const tristateLabel = (code: Tristate) => label('tristate', code);
export const sortLabel = (code: Sort) => label('sort', code);
export const onlineLabel = (code: OnlineMode) => label('online', code);
export const regionLabel = (code: string) => label('region', code);

/**
 * A language an offer is given in, by its endonym; `lang` goes on the element
 * so screen readers pronounce "العربية" as Arabic on a German page.
 */
export function languageName(code: string): { text: string; lang: string } {
	return { text: Object.hasOwn(OFFER_LANGUAGES, code) ? (OFFER_LANGUAGES[code] ?? code) : code, lang: code };
}
