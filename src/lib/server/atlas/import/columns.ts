/**
 * The staff CSV import format: German column headers (the office works in
 * German and with German spreadsheets), one entry per row. The headers are
 * the format itself, like the field names of an API, so they are the same
 * in every UI language; the import page explains each one (messages
 * import_col_*). See ADR 0014.
 */

/** Locations per row: "Standort 1 …" to "Standort 3 …". */
export const MAX_LOCATIONS = 3;
export const MAX_ROWS = 2000;
export const MAX_BYTES = 5 * 1024 * 1024;

export const COLUMN_KEYS = [
	'title',
	'teaser',
	'description',
	'organisation',
	'fields',
	'topics',
	'offerTypes',
	'targetGroups',
	'languages',
	'costs',
	'barrierFree',
	'childcare',
	'womenOnly',
	'appointmentNeeded',
	'online',
	'statewide',
	'person',
	'personPublic',
	'email',
	'emailPublic',
	'phone',
	'phonePublic',
	'website',
	'websitePublic'
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export const LOCATION_PARTS = ['label', 'street', 'postcode', 'place', 'approximate'] as const;
export type LocationPart = (typeof LOCATION_PARTS)[number];

export const HEADERS: Record<ColumnKey, string> = {
	title: 'Titel',
	teaser: 'Kurzbeschreibung',
	description: 'Beschreibung',
	organisation: 'Träger',
	fields: 'Handlungsfelder',
	topics: 'Themen',
	offerTypes: 'Angebotsarten',
	targetGroups: 'Zielgruppen',
	languages: 'Sprachen',
	costs: 'Kosten',
	barrierFree: 'Barrierefrei',
	childcare: 'Kinderbetreuung',
	womenOnly: 'Nur für Frauen',
	appointmentNeeded: 'Termin nötig',
	online: 'Online',
	statewide: 'Landesweit',
	person: 'Ansprechperson',
	personPublic: 'Ansprechperson öffentlich',
	email: 'E-Mail',
	emailPublic: 'E-Mail öffentlich',
	phone: 'Telefon',
	phonePublic: 'Telefon öffentlich',
	website: 'Website',
	websitePublic: 'Website öffentlich'
};

const LOCATION_HEADERS: Record<LocationPart, string> = {
	label: 'Bezeichnung',
	street: 'Straße',
	postcode: 'PLZ',
	place: 'Ort',
	approximate: 'ungefähr'
};

export function locationHeader(n: number, part: LocationPart): string {
	return `Standort ${n} ${LOCATION_HEADERS[part]}`;
}

/** Columns without which a file cannot be read at all. */
export const REQUIRED_COLUMNS: ColumnKey[] = ['title', 'teaser', 'fields'];

/** Every header in template order. */
export function allHeaders(): string[] {
	const out: string[] = COLUMN_KEYS.map((k) => HEADERS[k]);
	for (let n = 1; n <= MAX_LOCATIONS; n++) for (const part of LOCATION_PARTS) out.push(locationHeader(n, part));
	return out;
}

/** Header matching ignores case, surrounding and repeated spaces. */
export const normaliseHeader = (h: string) => h.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

export type ColumnRef = { kind: 'field'; key: ColumnKey } | { kind: 'location'; n: number; part: LocationPart };

const BY_HEADER = new Map<string, ColumnRef>();
for (const key of COLUMN_KEYS) BY_HEADER.set(normaliseHeader(HEADERS[key]), { kind: 'field', key });
for (let n = 1; n <= MAX_LOCATIONS; n++) {
	for (const part of LOCATION_PARTS) BY_HEADER.set(normaliseHeader(locationHeader(n, part)), { kind: 'location', n, part });
}

export function columnFor(header: string): ColumnRef | null {
	return BY_HEADER.get(normaliseHeader(header)) ?? null;
}

const EXAMPLE: Record<string, string> = {
	[HEADERS.title]: 'Sprachcafé am Markt',
	[HEADERS.teaser]: 'Deutsch sprechen in entspannter Runde: jeden Dienstag mit Ehrenamtlichen, ohne Anmeldung.',
	[HEADERS.description]: 'Im Sprachcafé üben Menschen aller Niveaus gemeinsam Deutsch.\n\nKinder können mitgebracht werden.',
	[HEADERS.organisation]: 'Freundeskreis Asyl e. V.',
	[HEADERS.fields]: 'Sprache',
	[HEADERS.topics]: 'Bildung | Nachbarschaft',
	[HEADERS.offerTypes]: 'Treffpunkt',
	[HEADERS.targetGroups]: 'Geflüchtete | Zugewanderte',
	[HEADERS.languages]: 'de | ar | Ukrainisch',
	[HEADERS.costs]: 'Kostenlos',
	[HEADERS.barrierFree]: 'ja',
	[HEADERS.childcare]: 'ja',
	[HEADERS.womenOnly]: 'nein',
	[HEADERS.appointmentNeeded]: 'nein',
	[HEADERS.online]: 'Vor Ort',
	[HEADERS.statewide]: 'nein',
	[HEADERS.person]: 'Maria Beispiel',
	[HEADERS.personPublic]: 'ja',
	[HEADERS.email]: 'sprachcafe@example.org',
	[HEADERS.emailPublic]: 'ja',
	[HEADERS.phone]: '0511 000000',
	[HEADERS.phonePublic]: 'nein',
	[HEADERS.website]: 'https://example.org/sprachcafe',
	[HEADERS.websitePublic]: 'ja',
	[locationHeader(1, 'label')]: 'Gemeindehaus',
	[locationHeader(1, 'street')]: 'Marktplatz 1',
	[locationHeader(1, 'postcode')]: '30966',
	[locationHeader(1, 'place')]: 'Hemmingen',
	[locationHeader(1, 'approximate')]: 'nein'
};

function cell(value: string): string {
	return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The downloadable template: UTF-8 with BOM (so spreadsheet programs detect it), `;`-separated, CRLF. */
export function templateCsv(): string {
	const headers = allHeaders();
	const lines = [headers.map(cell).join(';'), headers.map((h) => cell(EXAMPLE[h] ?? '')).join(';')];
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}
