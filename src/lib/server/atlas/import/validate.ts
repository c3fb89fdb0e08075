/**
 * One CSV record → the entry it describes, or the reasons it cannot be
 * imported. Vocabulary cells take the stable codes or the German display
 * names ("sprache" or "Sprache"; "Arbeit & Ausbildung"), several values
 * separated by `|`, `,` or `;`. Limits are those of the entry form.
 */
import { z } from 'zod';
import { label, type Vocabulary } from '../../../atlas/labels';
import {
	ACTION_FIELDS,
	COSTS,
	OFFER_LANGUAGES,
	OFFER_LANGUAGE_CODES,
	OFFER_TYPES,
	TARGET_GROUPS,
	TOPICS,
	type ActionField,
	type Cost,
	type OfferType,
	type TargetGroup,
	type Topic,
	type Tristate
} from '../../../atlas/taxonomy';
import {
	CONTACT_PERSON_MAX,
	DESCRIPTION_MAX,
	EMAIL_MAX,
	LOCATION_LABEL_MAX,
	ORGANISATION_MAX,
	PHONE_MAX,
	PLACE_MAX,
	STREET_MAX,
	TEASER_MAX,
	TITLE_MAX,
	TITLE_MIN,
	WEBSITE_MAX
} from '../../../atlas/form/entry';
import { sanitiseMarkdown } from '../../markdown';
import type { OnlineMode } from '../contract';
import type { StoredContact } from '../schema';
import { HEADERS, MAX_LOCATIONS, locationHeader, type ColumnKey, type LocationPart } from './columns';

export type IssueCode =
	| 'import_error_required'
	| 'import_error_too_long'
	| 'import_error_too_short'
	| 'import_error_unknown_value'
	| 'import_error_yes_no'
	| 'import_error_email'
	| 'import_error_phone'
	| 'import_error_website'
	| 'import_error_postcode'
	| 'import_error_location_place'
	| 'import_error_place_not_found'
	| 'import_error_place_outside';

/** A reason a row cannot be imported; `column` is the German header it concerns. */
export interface RowIssue {
	code: IssueCode;
	column: string;
	value?: string;
	max?: number;
	min?: number;
}

export interface ImportedEntry {
	title: string;
	teaser: string;
	description: string;
	organisation: string | null;
	fields: ActionField[];
	topics: Topic[];
	offerTypes: OfferType[];
	targetGroups: TargetGroup[];
	languages: string[];
	costs: Cost[];
	barrierFree: Tristate;
	childcare: boolean;
	womenOnly: boolean;
	appointmentNeeded: boolean;
	online: OnlineMode;
	statewide: boolean;
	contact: StoredContact;
}

export interface LocationCells {
	label: string | null;
	street: string | null;
	postcode: string | null;
	place: string;
	approximate: boolean;
}

export interface ValidatedRow {
	entry: ImportedEntry;
	locations: LocationCells[];
	issues: RowIssue[];
}

/** Case, accents' composition, spaces and "&"/"und" do not matter when matching a value. */
const norm = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s*&\s*/g, ' und ').replace(/\s+/g, ' ').trim();

function lookup<T extends string>(vocabulary: Vocabulary, codes: readonly T[], extra: Record<string, T> = {}): Map<string, T> {
	const map = new Map<string, T>();
	for (const code of codes) {
		map.set(norm(code), code);
		map.set(norm(label(vocabulary, code, 'de')), code);
	}
	for (const [k, v] of Object.entries(extra)) map.set(norm(k), v);
	return map;
}

let vocab: ReturnType<typeof buildVocab> | undefined;
function buildVocab() {
	const languageNames = new Intl.DisplayNames(['de'], { type: 'language' });
	const englishNames = new Intl.DisplayNames(['en'], { type: 'language' });
	const languages = new Map<string, string>();
	for (const code of OFFER_LANGUAGE_CODES) {
		languages.set(norm(code), code);
		languages.set(norm(OFFER_LANGUAGES[code]!), code);
		for (const names of [languageNames, englishNames]) {
			const name = names.of(code);
			if (name && name !== code) languages.set(norm(name), code);
		}
	}
	return {
		fields: lookup('field', ACTION_FIELDS),
		topics: lookup('topic', TOPICS),
		offerTypes: lookup('offer', OFFER_TYPES),
		targetGroups: lookup('target_group', TARGET_GROUPS),
		costs: lookup('cost', COSTS, { kostenlos: 'free', gratis: 'free', kostenpflichtig: 'fee', spende: 'donation' }),
		languages
	};
}

const YES = new Set(['ja', 'j', 'yes', 'y', 'x', '1', 'true', 'wahr']);
const NO = new Set(['nein', 'n', 'no', '0', 'false', 'falsch']);
const UNKNOWN = new Set(['unbekannt', 'keine angabe', 'unknown', '?', 'k. a.', 'k.a.']);
const ONLINE: Record<string, OnlineMode> = {
	nein: 'no',
	no: 'no',
	'vor ort': 'no',
	online: 'online',
	ja: 'online',
	hybrid: 'hybrid',
	'vor ort und online': 'hybrid'
};

const EMAIL = z.email();
const PHONE = /^\+?[\d\s()/.-]{5,}$/;

export function websiteOf(raw: string): string | null {
	const v = raw.trim();
	if (!v) return null;
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`;
	try {
		const url = new URL(withScheme);
		if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname.includes('.')) return null;
		return url.href;
	} catch {
		return null;
	}
}

export function validateRecord(fields: Record<string, string>): ValidatedRow {
	vocab ??= buildVocab();
	const v = vocab;
	const issues: RowIssue[] = [];
	const get = (key: ColumnKey) => fields[key] ?? '';
	const issue = (code: IssueCode, key: ColumnKey, extra: Omit<RowIssue, 'code' | 'column'> = {}) => issues.push({ code, column: HEADERS[key], ...extra });

	const text = (key: ColumnKey, max: number, opts: { required?: boolean; min?: number } = {}) => {
		const value = get(key);
		if (!value) {
			if (opts.required) issue('import_error_required', key);
			return '';
		}
		if (opts.min && value.length < opts.min) issue('import_error_too_short', key, { min: opts.min });
		if (value.length > max) issue('import_error_too_long', key, { max });
		return value;
	};
	const list = <T extends string>(key: ColumnKey, map: Map<string, T>, required = false): T[] => {
		const raw = get(key);
		const values = raw.split(/[|;,]/).map((s) => s.trim()).filter(Boolean);
		if (values.length === 0 && required) issue('import_error_required', key);
		const out: T[] = [];
		for (const value of values) {
			const code = map.get(norm(value));
			if (code) {
				if (!out.includes(code)) out.push(code);
			} else issue('import_error_unknown_value', key, { value: value.slice(0, 80) });
		}
		return out;
	};
	const yesNo = (raw: string, key: ColumnKey | string, fallback = false): boolean => {
		const value = norm(raw);
		if (!value) return fallback;
		if (YES.has(value)) return true;
		if (NO.has(value)) return false;
		issues.push({ code: 'import_error_yes_no', column: key in HEADERS ? HEADERS[key as ColumnKey] : key, value: raw.slice(0, 80) });
		return fallback;
	};
	const flag = (key: ColumnKey) => yesNo(get(key), key);

	const title = text('title', TITLE_MAX, { required: true, min: TITLE_MIN });
	const teaser = text('teaser', TEASER_MAX, { required: true });
	const rawDescription = text('description', DESCRIPTION_MAX);
	const organisation = text('organisation', ORGANISATION_MAX);

	let barrierFree: Tristate = 'unknown';
	const bf = norm(get('barrierFree'));
	if (YES.has(bf)) barrierFree = 'yes';
	else if (NO.has(bf)) barrierFree = 'no';
	else if (bf && !UNKNOWN.has(bf)) issue('import_error_unknown_value', 'barrierFree', { value: get('barrierFree').slice(0, 80) });

	const onlineRaw = norm(get('online'));
	const online: OnlineMode = onlineRaw ? (ONLINE[onlineRaw] ?? 'no') : 'no';
	if (onlineRaw && !ONLINE[onlineRaw]) issue('import_error_unknown_value', 'online', { value: get('online').slice(0, 80) });

	const contact: StoredContact = {};
	const person = text('person', CONTACT_PERSON_MAX);
	if (person) contact.person = { value: person, public: flag('personPublic') };
	const email = text('email', EMAIL_MAX);
	if (email) {
		if (!EMAIL.safeParse(email).success) issue('import_error_email', 'email');
		contact.email = { value: email.toLowerCase(), public: flag('emailPublic') };
	}
	const phone = text('phone', PHONE_MAX);
	if (phone) {
		if (!PHONE.test(phone) || !/\d{4,}/.test(phone.replace(/\D/g, ''))) issue('import_error_phone', 'phone');
		contact.phone = { value: phone, public: flag('phonePublic') };
	}
	const websiteRaw = text('website', WEBSITE_MAX);
	if (websiteRaw) {
		const website = websiteOf(websiteRaw);
		if (!website) issue('import_error_website', 'website');
		contact.website = { value: website ?? websiteRaw, public: flag('websitePublic') };
	}

	const locations: LocationCells[] = [];
	for (let n = 1; n <= MAX_LOCATIONS; n++) {
		const cell = (part: LocationPart) => fields[`loc${n}.${part}`] ?? '';
		const header = (part: LocationPart) => locationHeader(n, part);
		const [label, street, postcode, place] = [cell('label'), cell('street'), cell('postcode'), cell('place')];
		if (!label && !street && !postcode && !place) continue;
		const long = (part: LocationPart, value: string, max: number) => {
			if (value.length > max) issues.push({ code: 'import_error_too_long', column: header(part), max });
		};
		long('label', label, LOCATION_LABEL_MAX);
		long('street', street, STREET_MAX);
		long('place', place, PLACE_MAX);
		if (postcode && !/^\d{5}$/.test(postcode)) issues.push({ code: 'import_error_postcode', column: header('postcode'), value: postcode.slice(0, 20) });
		if (!place && !postcode) issues.push({ code: 'import_error_location_place', column: header('place') });
		locations.push({
			label: label || null,
			street: street || null,
			postcode: postcode || null,
			place,
			approximate: yesNo(cell('approximate'), header('approximate'))
		});
	}

	const entry: ImportedEntry = {
		title,
		teaser,
		description: rawDescription ? sanitiseMarkdown(rawDescription) : '',
		organisation: organisation || null,
		fields: list('fields', v.fields, true),
		topics: list('topics', v.topics),
		offerTypes: list('offerTypes', v.offerTypes),
		targetGroups: list('targetGroups', v.targetGroups),
		languages: list('languages', v.languages),
		costs: list('costs', v.costs),
		barrierFree,
		childcare: flag('childcare'),
		womenOnly: flag('womenOnly'),
		appointmentNeeded: flag('appointmentNeeded'),
		online,
		// Entries without a location are state-wide or online (issue 3).
		statewide: flag('statewide') || locations.length === 0,
		contact
	};
	return { entry, locations, issues };
}
