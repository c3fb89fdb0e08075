/**
 * What changed between two saved states of an entry, field by field, for the
 * review list of owner edits. Texts get a word-level diff (the `diff`
 * package); vocabularies a list of added and removed codes; locations and
 * the schedule their old and new form. Codes stay codes: the page names them
 * in the reader's language.
 */
import { diffWords } from 'diff';
import type { ContactField } from '../schema';
import type { ProjectSnapshot, SnapshotLocation } from '../snapshot';
import type { WeeklySchedule } from '../contract';

export interface DiffPart {
	type: 'same' | 'added' | 'removed';
	text: string;
}

export type TextField = 'title' | 'teaser' | 'description' | 'organisation';
export type SetField = 'fields' | 'topics' | 'offerTypes' | 'targetGroups' | 'languages' | 'costs';
export type ValueField = 'status' | 'slug' | 'barrierFree' | 'childcare' | 'womenOnly' | 'appointmentNeeded' | 'online' | 'statewide' | 'licence' | 'sourceLocale';
export type ContactKey = 'person' | 'email' | 'phone' | 'website';

export type SnapshotChange =
	| { kind: 'text'; field: TextField; locale: string | null; parts: DiffPart[] }
	| { kind: 'set'; field: SetField; added: string[]; removed: string[] }
	| { kind: 'value'; field: ValueField; before: string | boolean | null; after: string | boolean | null }
	| { kind: 'contact'; field: ContactKey; before: ContactField | null; after: ContactField | null }
	| { kind: 'locations'; added: SnapshotLocation[]; removed: SnapshotLocation[] }
	| { kind: 'schedule'; before: WeeklySchedule | null; after: WeeklySchedule | null };

/** Unchanged stretches longer than this are shortened to their ends, so the changes stand out. */
export const CONTEXT_CHARS = 80;

function shorten(text: string, position: 'first' | 'middle' | 'last'): string {
	const keep = CONTEXT_CHARS;
	if (text.length <= keep * 2 + 20) return text;
	const head = text.slice(0, keep).replace(/\s+\S*$/, '');
	const tail = text.slice(-keep).replace(/^\S*\s+/, '');
	if (position === 'first') return `… ${tail}`;
	if (position === 'last') return `${head} …`;
	return `${head} … ${tail}`;
}

/** Word-level differences of two texts; null when they are equal. */
export function textDiff(before: string, after: string): DiffPart[] | null {
	if (before === after) return null;
	const changes = diffWords(before, after);
	const parts: DiffPart[] = changes.map((c) => ({ type: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
	return parts.map((p, i) => {
		if (p.type !== 'same') return p;
		const position = parts.length === 1 ? 'middle' : i === 0 ? 'first' : i === parts.length - 1 ? 'last' : 'middle';
		return { ...p, text: shorten(p.text, position) };
	});
}

function setDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } | null {
	const added = after.filter((v) => !before.includes(v));
	const removed = before.filter((v) => !after.includes(v));
	return added.length || removed.length ? { added, removed } : null;
}

/** A location's identity for comparison: everything a reader could notice. */
const locationKey = (l: SnapshotLocation) =>
	JSON.stringify([l.label, l.street, l.postcode, l.placeName, l.ags, l.approximate, l.lat.toFixed(5), l.lon.toFixed(5)]);

const SET_FIELDS: SetField[] = ['fields', 'topics', 'offerTypes', 'targetGroups', 'languages', 'costs'];
const VALUE_FIELDS: ValueField[] = ['status', 'slug', 'barrierFree', 'childcare', 'womenOnly', 'appointmentNeeded', 'online', 'statewide', 'licence', 'sourceLocale'];
const CONTACT_KEYS: ContactKey[] = ['person', 'email', 'phone', 'website'];
const TEXT_KEYS = ['title', 'teaser', 'description'] as const;

/** Source locale first, then the others alphabetically. */
function localeOrder(before: ProjectSnapshot, after: ProjectSnapshot): string[] {
	const all = new Set([...Object.keys(before.texts), ...Object.keys(after.texts)]);
	return [...all].sort((a, b) => (a === after.sourceLocale ? -1 : b === after.sourceLocale ? 1 : a.localeCompare(b)));
}

/**
 * Every difference from `before` to `after`, in the order the entry form
 * shows the fields. Translation status changes alone are not listed (they
 * follow from text changes).
 */
export function diffSnapshots(before: ProjectSnapshot, after: ProjectSnapshot): SnapshotChange[] {
	const changes: SnapshotChange[] = [];
	for (const locale of localeOrder(before, after)) {
		const a = before.texts[locale];
		const b = after.texts[locale];
		for (const key of TEXT_KEYS) {
			const parts = textDiff(a?.[key] ?? '', b?.[key] ?? '');
			if (parts) changes.push({ kind: 'text', field: key, locale, parts });
		}
	}
	const organisation = textDiff(before.organisation ?? '', after.organisation ?? '');
	if (organisation) changes.push({ kind: 'text', field: 'organisation', locale: null, parts: organisation });
	for (const field of SET_FIELDS) {
		const d = setDiff(before[field] ?? [], after[field] ?? []);
		if (d) changes.push({ kind: 'set', field, ...d });
	}
	for (const field of VALUE_FIELDS) {
		const a = before[field] ?? null;
		const b = after[field] ?? null;
		if (a !== b) changes.push({ kind: 'value', field, before: a, after: b });
	}
	const beforeLocations = new Map(before.locations.map((l) => [locationKey(l), l]));
	const afterLocations = new Map(after.locations.map((l) => [locationKey(l), l]));
	const addedLocations = [...afterLocations].filter(([k]) => !beforeLocations.has(k)).map(([, l]) => l);
	const removedLocations = [...beforeLocations].filter(([k]) => !afterLocations.has(k)).map(([, l]) => l);
	if (addedLocations.length || removedLocations.length) changes.push({ kind: 'locations', added: addedLocations, removed: removedLocations });
	if (JSON.stringify(before.schedule ?? null) !== JSON.stringify(after.schedule ?? null)) {
		changes.push({ kind: 'schedule', before: before.schedule ?? null, after: after.schedule ?? null });
	}
	for (const key of CONTACT_KEYS) {
		const a = before.contact?.[key] ?? null;
		const b = after.contact?.[key] ?? null;
		if (a?.value !== b?.value || a?.public !== b?.public) changes.push({ kind: 'contact', field: key, before: a, after: b });
	}
	return changes;
}
