/**
 * The freshness cycle's clock. Months are calendar months, computed exactly
 * like isStale() in ../presenter.ts, so the stale badge, the yearly question
 * and the archiving agree on when a month has passed.
 */
import { STALE_AFTER_MONTHS } from '../../../atlas/taxonomy';

/** The yearly question goes out when the badge appears. */
export const ASK_AFTER_MONTHS = STALE_AFTER_MONTHS;
/** Without an answer, an entry leaves the public atlas after this many months. */
export const ARCHIVE_AFTER_MONTHS = 15;
/** How long the emailed answer links work. */
export const LINK_VALID_DAYS = 30;
/** The moderators' list shows entries archived as unconfirmed this many days back. */
export const RECENTLY_ARCHIVED_DAYS = 90;
/** Upper bound of entries one job run handles per step; the next daily run takes the rest. */
export const RUN_LIMIT = 200;

const DAY_MS = 24 * 3600_000;

/** `months` calendar months before `now` (same arithmetic as presenter.isStale). */
export function monthsBefore(now: Date, months: number): Date {
	const d = new Date(now);
	d.setMonth(d.getMonth() - months);
	return d;
}

export function daysBefore(now: Date, days: number): Date {
	return new Date(now.getTime() - days * DAY_MS);
}

export function linkExpiry(now: Date): Date {
	return new Date(now.getTime() + LINK_VALID_DAYS * DAY_MS);
}
