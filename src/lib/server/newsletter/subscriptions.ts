/**
 * The subscriber lifecycle shared by the newsletter pages, the supporter
 * form's newsletter checkbox and the self-service "my data" page.
 * Unsubscribing deletes the row: what stays is the consent proof (without
 * the address) and the suppression hash (D-08).
 */
import { eq, sql } from 'drizzle-orm';
import type { ConsentChannel } from '../consent/schema';
import { withdrawConsents, forgetSubject, normaliseEmail } from '../consent/service';
import type { Executor } from '../core/db';
import { newsletterSubscribers } from './schema';
import type { SubscriberRow } from './links';

export async function subscriberForEmail(q: Executor, email: string): Promise<SubscriberRow | undefined> {
	const [row] = await q
		.select()
		.from(newsletterSubscribers)
		.where(sql`lower(${newsletterSubscribers.email}) = ${normaliseEmail(email)}`)
		.limit(1);
	return row;
}

/**
 * Ends a subscription: the newsletter consent is withdrawn (suppression entry
 * written), the address is cleared from the proof, the row is deleted.
 * Returns false when there was nothing to end (already unsubscribed).
 */
export async function unsubscribe(q: Executor, subscriberId: string, channel: ConsentChannel, at = new Date()): Promise<boolean> {
	const deleted = await q.delete(newsletterSubscribers).where(eq(newsletterSubscribers.id, subscriberId)).returning({ id: newsletterSubscribers.id });
	if (deleted.length === 0) return false;
	await withdrawConsents(q, subscriberId, channel, ['newsletter'], at);
	await forgetSubject(q, subscriberId, channel, at);
	return true;
}
