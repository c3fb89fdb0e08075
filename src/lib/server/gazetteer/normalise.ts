/**
 * Search keys for place names. Data and queries go through the same
 * functions, so "Goettingen", "Gottingen" and "Göttingen" meet, and so do the
 * abbreviated forms of the postcode data ("Hann. Münden", "Neustadt a. Rbge.").
 * Keys contain only [a-z0-9 ], which keeps them safe inside LIKE patterns.
 */

/** How umlauts are folded: the German transliteration (ö → oe) or dropping the dots (ö → o). */
export type UmlautMode = 'translit' | 'plain';

const UMLAUTS: Record<UmlautMode, Record<string, string>> = {
	translit: { ä: 'ae', ö: 'oe', ü: 'ue' },
	plain: { ä: 'a', ö: 'o', ü: 'u' }
};

/** Abbreviations found in German place names; single letters are never a whole word in a name. */
const EXPANSIONS: Record<string, string> = {
	st: 'sankt',
	hann: 'hannoversch',
	a: 'am',
	i: 'im',
	b: 'bei',
	d: 'der',
	oldb: 'oldenburg'
};

/** Qualifiers that start a name's distinguishing suffix: "Eisdorf am Harz" is also just "Eisdorf". */
const QUALIFIERS = new Set(['am', 'an', 'im', 'in', 'bei', 'ob', 'auf', 'vor', 'unter']);

function fold(input: string, mode: UmlautMode): string {
	let s = input.normalize('NFC').toLowerCase().replace(/ß/g, 'ss');
	s = s.replace(/[äöü]/g, (c) => UMLAUTS[mode][c] ?? c);
	// Remaining accents (é, è, …) just lose their marks.
	return s.normalize('NFD').replace(/\p{M}+/gu, '');
}

function tokens(input: string, mode: UmlautMode, expand = true): string[] {
	const raw = fold(input, mode)
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
	if (!expand) return raw;
	const out: string[] = [];
	for (let i = 0; i < raw.length; i++) {
		const t = raw[i] as string;
		// "a. d." is "an der", not "am der".
		if (t === 'a' && raw[i + 1] === 'd') {
			out.push('an', 'der');
			i++;
			continue;
		}
		if (t === 'rbge') {
			out.push(mode === 'translit' ? 'ruebenberge' : 'rubenberge');
			continue;
		}
		out.push(EXPANSIONS[t] ?? t);
	}
	return out;
}

/** The whole name as a key, e.g. "Verden (Aller)" → "verden aller". */
export function fullKey(name: string, mode: UmlautMode = 'translit'): string {
	return tokens(name, mode).join(' ');
}

/**
 * The name without its distinguishing suffix: "Verden (Aller)", "Nienburg/Weser"
 * and "Eisdorf am Harz" become "verden", "nienburg", "eisdorf". Null when the
 * name has no such suffix.
 */
export function baseKey(name: string, mode: UmlautMode = 'translit'): string | null {
	const stripped = name.replace(/\([^)]*\)/g, ' ').replace(/\/.*$/, ' ');
	const t = tokens(stripped, mode);
	const cut = t.findIndex((w, i) => i > 0 && QUALIFIERS.has(w));
	const base = (cut > 0 ? t.slice(0, cut) : t).join(' ');
	return base && base !== fullKey(name, mode) ? base : null;
}

/**
 * Every full key of a name, in both umlaut modes, without duplicates. The
 * unexpanded forms are kept too: someone typing "Hann" means Hannover.
 */
export function fullKeys(name: string): string[] {
	const literal = (mode: UmlautMode) => tokens(name, mode, false).join(' ');
	return unique([fullKey(name, 'translit'), fullKey(name, 'plain'), literal('translit'), literal('plain')]);
}

/** Every suffix-less key of a name, in both umlaut modes. */
export function baseKeys(name: string): string[] {
	return unique([baseKey(name, 'translit'), baseKey(name, 'plain')]);
}

function unique(keys: (string | null)[]): string[] {
	return [...new Set(keys.filter((k): k is string => !!k))];
}
