/**
 * Supporter vocabularies: stable codes for the database, URLs and the API.
 * Display names live in messages/supporters. Client-safe.
 */

export const SUPPORTER_KINDS = ['person', 'institution'] as const;
export type SupporterKind = (typeof SUPPORTER_KINDS)[number];

/** Kinds of institutions that sign the appeal. */
export const INSTITUTION_KINDS = [
	'association',
	'church',
	'mosque',
	'company',
	'chamber',
	'union',
	'municipality',
	'public_body',
	'school',
	'university',
	'foundation',
	'welfare',
	'initiative',
	'other'
] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const SUPPORTER_STATUSES = ['pending', 'confirmed'] as const;
export type SupporterStatus = (typeof SUPPORTER_STATUSES)[number];
