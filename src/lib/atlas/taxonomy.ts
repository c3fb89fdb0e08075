/**
 * The Projektatlas vocabularies: stable codes used in the database, URLs and
 * the API. Display names live in messages/atlas (keys atlas_field_<code>, …).
 * Client-safe: pages and server share it.
 */

/** The alliance's five action fields (Handlungsfelder). */
export const ACTION_FIELDS = ['sprache', 'arbeit', 'wohnen', 'engagement', 'teilhabe'] as const;
export type ActionField = (typeof ACTION_FIELDS)[number];

export const TOPICS = [
	'frauen',
	'kultur',
	'sport',
	'kinder-jugend',
	'gesundheit',
	'beratung',
	'bildung',
	'nachbarschaft',
	'demokratie',
	'familie'
] as const;
export type Topic = (typeof TOPICS)[number];

export const OFFER_TYPES = [
	'kurs',
	'beratung',
	'treffpunkt',
	'mentoring',
	'freizeit',
	'jobhilfe',
	'wohnhilfe',
	'kinderbetreuung',
	'begleitung',
	'veranstaltung'
] as const;
export type OfferType = (typeof OFFER_TYPES)[number];

export const TARGET_GROUPS = [
	'gefluechtete',
	'zugewanderte',
	'frauen',
	'kinder',
	'jugendliche',
	'familien',
	'senioren',
	'ehrenamtliche',
	'arbeitgeber',
	'alle'
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export const COSTS = ['free', 'fee', 'donation'] as const;
export type Cost = (typeof COSTS)[number];

export const TRISTATE = ['yes', 'no', 'unknown'] as const;
export type Tristate = (typeof TRISTATE)[number];

/**
 * Languages an offer can be given in (ISO 639-1/-3 codes), shown by endonym.
 * Covers the languages most spoken by people who came to Lower Saxony.
 */
export const OFFER_LANGUAGES: Record<string, string> = {
	de: 'Deutsch',
	en: 'English',
	ar: 'العربية',
	uk: 'Українська',
	ru: 'Русский',
	tr: 'Türkçe',
	fa: 'فارسی',
	prs: 'دری',
	ps: 'پښتو',
	kmr: 'Kurmancî',
	ckb: 'کوردی',
	ti: 'ትግርኛ',
	so: 'Soomaali',
	fr: 'Français',
	es: 'Español',
	pl: 'Polski',
	ro: 'Română',
	sq: 'Shqip',
	sr: 'Српски',
	vi: 'Tiếng Việt'
};
export const OFFER_LANGUAGE_CODES = Object.keys(OFFER_LANGUAGES);

export const RADII_KM = [5, 10, 25, 50] as const;
export const DEFAULT_RADIUS_KM = 25;

export const SORTS = ['relevance', 'distance', 'newest'] as const;
export type Sort = (typeof SORTS)[number];

export const PROJECT_STATUSES = ['draft', 'submitted', 'published', 'rejected', 'archived'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** After this many months without confirmation an entry shows a stale badge. */
export const STALE_AFTER_MONTHS = 12;

export const PER_PAGE_DEFAULT = 20;
export const PER_PAGE_MAX = 100;
