/**
 * The newsletter's daily purge (requirements D-06, D-08):
 * - pending subscribers older than 7 days are deleted and their pending
 *   consents lapse ('expired', address cleared, hash and wording kept);
 * - newsletter.* email tokens older than 7 days are deleted;
 * - "for the newsletter" items: a rejected item is deleted 90 days after the
 *   decision (nothing of it was published); a used item keeps its text (it
 *   is part of a sent issue) but loses the submitter's name and address 90
 *   days after the issue was sent.
 */
import { and, eq, inArray, isNotNull, isNull, like, lt, or, sql } from 'drizzle-orm';
import { SYSTEM } from '../access/policy';
import { record } from '../audit/service';
import { expireConsents } from '../consent/service';
import { emailTokens } from '../consent/schema';
import { transaction } from '../core/db';
import { newsletterIssues, newsletterSubmissions, newsletterSubscribers } from './schema';

export const PENDING_DAYS = 7;
export const TOKEN_DAYS = 7;
export const SUBMISSION_DAYS = 90;
const DAY_MS = 24 * 3600_000;

export interface NewsletterPurgeCounts {
	pendingSubscribers: number;
	expiredConsents: number;
	tokens: number;
	rejectedSubmissions: number;
	anonymisedSubmissions: number;
}

export async function purgeNewsletterData(now = new Date()): Promise<NewsletterPurgeCounts> {
	const pendingBefore = new Date(now.getTime() - PENDING_DAYS * DAY_MS);
	const tokensBefore = new Date(now.getTime() - TOKEN_DAYS * DAY_MS);
	const submissionsBefore = new Date(now.getTime() - SUBMISSION_DAYS * DAY_MS);
	return transaction(async (tx) => {
		const pending = await tx
			.delete(newsletterSubscribers)
			.where(and(eq(newsletterSubscribers.status, 'pending'), lt(newsletterSubscribers.createdAt, pendingBefore)))
			.returning({ id: newsletterSubscribers.id });
		const ids = pending.map((p) => p.id);
		const expiredConsents = await expireConsents(tx, ids, now);
		const tokens = await tx
			.delete(emailTokens)
			.where(and(like(emailTokens.purpose, 'newsletter.%'), lt(emailTokens.createdAt, tokensBefore)))
			.returning({ h: emailTokens.tokenHash });
		const rejected = await tx
			.delete(newsletterSubmissions)
			.where(and(eq(newsletterSubmissions.status, 'rejected'), lt(newsletterSubmissions.moderatedAt, submissionsBefore)))
			.returning({ id: newsletterSubmissions.id });
		const sentLongAgo = tx
			.select({ id: newsletterIssues.id })
			.from(newsletterIssues)
			.where(and(isNotNull(newsletterIssues.sentAt), lt(newsletterIssues.sentAt, submissionsBefore)));
		const anonymised = await tx
			.update(newsletterSubmissions)
			.set({ submitterName: '', submitterEmail: '' })
			.where(
				and(
					eq(newsletterSubmissions.status, 'used'),
					sql`${newsletterSubmissions.submitterEmail} <> ''`,
					or(
						inArray(newsletterSubmissions.issueId, sentLongAgo),
						// The issue was deleted: the decision date is the last date there is.
						and(isNull(newsletterSubmissions.issueId), lt(newsletterSubmissions.moderatedAt, submissionsBefore))
					)
				)
			)
			.returning({ id: newsletterSubmissions.id });
		const counts: NewsletterPurgeCounts = {
			pendingSubscribers: ids.length,
			expiredConsents,
			tokens: tokens.length,
			rejectedSubmissions: rejected.length,
			anonymisedSubmissions: anonymised.length
		};
		if (ids.length + rejected.length + anonymised.length > 0) {
			await record(SYSTEM, { action: 'newsletter.purge', entity: 'newsletter', after: { ...counts } }, tx);
		}
		return counts;
	});
}
