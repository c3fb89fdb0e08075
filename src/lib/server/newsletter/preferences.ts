/**
 * The preference centre and the unsubscribe page: no account, no cookie;
 * the signed link from every mail (links.ts) is the only key. A forged or
 * outdated link learns nothing: the pages answer as for an unknown link.
 */
import { and, eq } from 'drizzle-orm';
import type { ActionField } from '../../atlas/taxonomy';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { ANONYMOUS } from '../access/policy';
import type { Region } from '../accounts/schema';
import { record } from '../audit/service';
import { consentsForSubject, consentForExport } from '../consent/service';
import { consents, type ConsentChannel } from '../consent/schema';
import { db, transaction } from '../core/db';
import { log } from '../core/log';
import { subscriberForToken, subscriberLinks, type SubscriberRow } from './links';
import { newsletterSubscribers } from './schema';
import { preferenceValues, preferencesSchema, type PreferenceValues } from './subscribe';
import { unsubscribe } from './subscriptions';

export type ConsentView = ReturnType<typeof consentForExport>;

export interface PreferenceView {
	email: string;
	status: SubscriberRow['status'];
	topics: ActionField[];
	regions: Region[];
	locale: string;
	createdAt: string;
	confirmedAt: string | null;
	updatedAt: string;
	/** The newsletter consent records of this subscription, as a person reads them. */
	consents: ConsentView[];
	unsubscribePath: string;
}

function pathOf(url: string): string {
	const u = new URL(url);
	return `${u.pathname}${u.search}`;
}

async function viewOf(sub: SubscriberRow): Promise<PreferenceView> {
	const records = (await consentsForSubject(db(), sub.id)).filter((c) => c.purpose === 'newsletter');
	return {
		email: sub.email,
		status: sub.status,
		topics: sub.topics,
		regions: sub.regions,
		locale: sub.locale,
		createdAt: sub.createdAt.toISOString(),
		confirmedAt: sub.confirmedAt?.toISOString() ?? null,
		updatedAt: sub.updatedAt.toISOString(),
		consents: records.map(consentForExport),
		unsubscribePath: pathOf(subscriberLinks(sub).unsubscribePage)
	};
}

/** What the preference centre shows for a link, or undefined for a forged, outdated or unknown one. */
export async function preferencesForLink(token: string | null | undefined): Promise<PreferenceView | undefined> {
	const sub = await subscriberForToken(db(), token);
	return sub ? viewOf(sub) : undefined;
}

export type PreferenceUpdate =
	| { ok: true; view: PreferenceView }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'values'; values: PreferenceValues; errors: FieldErrors };

/** Changes topics, regions and language. Logged without the address; no audit entry (the person's own choice). */
export async function updatePreferences(token: string | null | undefined, form: FormData, now = new Date()): Promise<PreferenceUpdate> {
	const sub = await subscriberForToken(db(), token);
	if (!sub) return { ok: false, reason: 'invalid' };
	const values = preferenceValues(form);
	const parsed = preferencesSchema.safeParse(values);
	if (!parsed.success) return { ok: false, reason: 'values', values, errors: fieldErrorsFrom(parsed.error.issues, 'topics') };
	const { topics, regions, language } = parsed.data;
	const [row] = await db()
		.update(newsletterSubscribers)
		.set({ topics, regions, locale: language, updatedAt: now })
		.where(eq(newsletterSubscribers.id, sub.id))
		.returning();
	if (!row) return { ok: false, reason: 'invalid' };
	log.info({ subscriberId: sub.id, topics: topics.length, regions: regions.length, locale: language }, 'newsletter preferences changed');
	return { ok: true, view: await viewOf(row) };
}

export type LinkState = 'active' | 'gone' | 'invalid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A link whose subscriber is gone cannot be checked any more (its key went
 * with the row). It counts as "already unsubscribed" when the id names a
 * subscription whose newsletter consent was withdrawn — so a mail
 * provider's retry and a second click get the same answer — and as invalid
 * otherwise.
 */
async function goneOrInvalid(token: string | null | undefined): Promise<'gone' | 'invalid'> {
	if (!token || token.length > 200) return 'invalid';
	const id = token.slice(0, token.indexOf('.'));
	if (!UUID.test(id)) return 'invalid';
	const [withdrawn] = await db()
		.select({ id: consents.id })
		.from(consents)
		.where(and(eq(consents.subjectId, id), eq(consents.purpose, 'newsletter'), eq(consents.status, 'withdrawn')))
		.limit(1);
	return withdrawn ? 'gone' : 'invalid';
}

/** For the unsubscribe page's GET and the one-click GET: looks, changes nothing. */
export async function unsubscribeLinkState(token: string | null | undefined): Promise<{ state: LinkState; locale?: string }> {
	const sub = await subscriberForToken(db(), token);
	if (sub) return { state: 'active', locale: sub.locale };
	return { state: await goneOrInvalid(token) };
}

/**
 * Withdrawal, as easy as the consent: no sign-in, no question. Idempotent:
 * 'unsubscribed' also for a second click. 'invalid' only for a link that
 * never belonged to a subscription.
 */
export async function unsubscribeByLink(
	token: string | null | undefined,
	channel: Extract<ConsentChannel, 'link' | 'one-click'>,
	now = new Date()
): Promise<'unsubscribed' | 'invalid'> {
	const done = await transaction(async (tx) => {
		const sub = await subscriberForToken(tx, token);
		if (!sub) return false;
		await unsubscribe(tx, sub.id, channel, now);
		await record(ANONYMOUS, { action: 'newsletter.unsubscribe', entity: 'newsletter_subscriber', entityId: sub.id, before: { status: sub.status }, after: { channel } }, tx);
		return true;
	});
	if (done) {
		log.info({ channel }, 'newsletter unsubscribed');
		return 'unsubscribed';
	}
	return (await goneOrInvalid(token)) === 'gone' ? 'unsubscribed' : 'invalid';
}
