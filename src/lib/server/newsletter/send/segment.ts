/**
 * Who gets an issue: active subscribers whose preferences overlap the
 * issue's segment. Topics: the subscriber chose none (= everything), the
 * segment names none (= everyone) or they share one; regions the same;
 * languages: the segment names none or the subscriber's language is among them.
 * Demo issues only reach demo subscribers and real issues only real ones.
 */
import { ACTION_FIELDS, type ActionField } from '../../../atlas/taxonomy';
import { REGIONS, type Region } from '../../accounts/schema';
import { locales } from '../../../paraglide/runtime';

export interface Segment {
	topics: ActionField[];
	regions: Region[];
	locales: string[];
}

export const SEGMENT_LOCALES: readonly string[] = locales;

export interface Queryable {
	query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** Keeps only known codes, each once, in vocabulary order. */
export function cleanSegment(input: { topics?: readonly string[]; regions?: readonly string[]; locales?: readonly string[] }): Segment {
	const pick = <T extends string>(all: readonly T[], given: readonly string[] | undefined) => all.filter((c) => (given ?? []).includes(c));
	return { topics: pick(ACTION_FIELDS, input.topics), regions: pick(REGIONS, input.regions), locales: pick(SEGMENT_LOCALES, input.locales) };
}

/**
 * The WHERE condition on newsletter_subscribers aliased `s`, with the segment
 * and the demo flag as parameters $offset+1 … $offset+4.
 */
export function segmentWhere(offset = 0): string {
	const p = (n: number) => `$${offset + n}`;
	return [
		`s.status = 'active'`,
		`(cardinality(${p(1)}::text[]) = 0 or cardinality(s.topics) = 0 or s.topics && ${p(1)}::text[])`,
		`(cardinality(${p(2)}::text[]) = 0 or cardinality(s.regions) = 0 or s.regions && ${p(2)}::text[])`,
		`(cardinality(${p(3)}::text[]) = 0 or s.locale = any(${p(3)}::text[]))`,
		`s.demo = ${p(4)}`
	].join(' and ');
}

export function segmentParams(segment: Segment, demo: boolean): unknown[] {
	return [segment.topics, segment.regions, segment.locales, demo];
}

/** How many active subscribers the segment reaches now. */
export async function countRecipients(q: Queryable, segment: Segment, demo = false): Promise<number> {
	const res = await q.query<{ n: string }>(`select count(*)::text as n from newsletter_subscribers s where ${segmentWhere()}`, segmentParams(segment, demo));
	return Number(res.rows[0]?.n ?? 0);
}
