/**
 * Signed links in every newsletter mail: the preference centre, the
 * unsubscribe page and the RFC 8058 one-click address. No account, no
 * cookie: the link itself is the authorisation. A link is
 * "<subscriber id>.<keyed hash of id and the row's link_key>"; rotating
 * link_key invalidates every link mailed before.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { config } from '../core/config';
import type { Executor } from '../core/db';
import { keyedHash } from '../platform/secrets';
import { newsletterSubscribers } from './schema';

export type SubscriberRow = typeof newsletterSubscribers.$inferSelect;

const PURPOSE = 'newsletter-link';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh random link key for a new subscriber row. */
export function newLinkKey(): string {
	return randomBytes(18).toString('base64url');
}

export function linkToken(subscriber: Pick<SubscriberRow, 'id' | 'linkKey'>): string {
	return `${subscriber.id}.${keyedHash(PURPOSE, `${subscriber.id}:${subscriber.linkKey}`)}`;
}

/** The subscriber a link token belongs to, or undefined for a forged, outdated or unknown token. */
export async function subscriberForToken(q: Executor, token: string | null | undefined): Promise<SubscriberRow | undefined> {
	if (!token || token.length > 200) return undefined;
	const dot = token.indexOf('.');
	const id = token.slice(0, dot);
	if (dot < 0 || !UUID.test(id)) return undefined;
	const [row] = await q.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.id, id)).limit(1);
	if (!row) return undefined;
	const expected = Buffer.from(linkToken(row));
	const given = Buffer.from(token);
	return expected.length === given.length && timingSafeEqual(expected, given) ? row : undefined;
}

export interface SubscriberLinks {
	/** Preference centre (topics, regions, language; also unsubscribe). */
	preferences: string;
	/** Page with an "unsubscribe" button (GET changes nothing). */
	unsubscribePage: string;
	/** RFC 8058 one-click address: POST with List-Unsubscribe=One-Click, no cookies, no auth. */
	oneClick: string;
}

export function subscriberLinks(subscriber: Pick<SubscriberRow, 'id' | 'linkKey' | 'locale'>): SubscriberLinks {
	const origin = config().origin;
	const s = encodeURIComponent(linkToken(subscriber));
	return {
		preferences: `${origin}/${subscriber.locale}/newsletter/einstellungen?s=${s}`,
		unsubscribePage: `${origin}/${subscriber.locale}/newsletter/abmelden?s=${s}`,
		oneClick: `${origin}/api/v1/newsletter/unsubscribe?s=${s}`
	};
}

/** RFC 2369 / RFC 8058 headers for every mail to a subscriber. */
export function unsubscribeHeaders(subscriber: Pick<SubscriberRow, 'id' | 'linkKey' | 'locale'>): Record<string, string> {
	return {
		'List-Unsubscribe': `<${subscriberLinks(subscriber).oneClick}>`,
		'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
	};
}
