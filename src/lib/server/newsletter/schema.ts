import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ActionField } from '../../atlas/taxonomy';
import type { DeliveryStatus, IssueStatus, SubmissionKind, SubmissionStatus, SubscriberStatus } from '../../newsletter/vocabulary';
import type { Region } from '../accounts/schema';
import { users } from '../accounts/schema';

/**
 * Newsletter subscribers. Only the address is required (§2.4); topics,
 * regions and language are preferences. Empty topics/regions = everything.
 * 'pending' until the double opt-in (no issue ever goes to pending rows).
 * Unsubscribing deletes the row; the consent proof and a suppression hash stay.
 * link_key signs the preference-centre and unsubscribe links (rotating it
 * invalidates every link mailed so far).
 */
export const newsletterSubscribers = pgTable(
	'newsletter_subscribers',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		locale: text('locale').notNull().default('de'),
		topics: text('topics').array().$type<ActionField[]>().notNull().default(sql`'{}'`),
		regions: text('regions').array().$type<Region[]>().notNull().default(sql`'{}'`),
		status: text('status').$type<SubscriberStatus>().notNull().default('pending'),
		linkKey: text('link_key').notNull(),
		/** Set when the subscription came with a supporter signature. */
		supporterId: uuid('supporter_id'),
		demo: boolean('demo').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('newsletter_subscribers_email_key').on(sql`lower(${t.email})`),
		index('newsletter_subscribers_active_idx').on(t.locale).where(sql`${t.status} = 'active'`),
		index('newsletter_subscribers_topics_idx').using('gin', t.topics),
		index('newsletter_subscribers_regions_idx').using('gin', t.regions),
		check('newsletter_subscribers_status_check', sql`${t.status} in ('pending', 'active')`)
	]
);

/**
 * One newsletter issue. The segment (topics × regions × languages; empty =
 * all) picks active subscribers whose preferences overlap it. Sending
 * snapshots the recipients into newsletter_deliveries (one row per issue and
 * subscriber: the no-duplicate guarantee), then jobs work through them.
 */
export const newsletterIssues = pgTable(
	'newsletter_issues',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		slug: text('slug').notNull(),
		status: text('status').$type<IssueStatus>().notNull().default('draft'),
		segmentTopics: text('segment_topics').array().$type<ActionField[]>().notNull().default(sql`'{}'`),
		segmentRegions: text('segment_regions').array().$type<Region[]>().notNull().default(sql`'{}'`),
		segmentLocales: text('segment_locales').array().notNull().default(sql`'{}'`),
		scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
		sendStartedAt: timestamp('send_started_at', { withTimezone: true }),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		recipientCount: integer('recipient_count').notNull().default(0),
		demo: boolean('demo').notNull().default(false),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		uniqueIndex('newsletter_issues_slug_key').on(t.slug),
		index('newsletter_issues_status_idx').on(t.status, t.scheduledAt),
		check(
			'newsletter_issues_status_check',
			sql`${t.status} in ('draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled')`
		)
	]
);

/** Per-language versions of an issue; German is required, other languages fall back to it. */
export const newsletterIssueTexts = pgTable(
	'newsletter_issue_texts',
	{
		issueId: uuid('issue_id')
			.notNull()
			.references(() => newsletterIssues.id, { onDelete: 'cascade' }),
		locale: text('locale').notNull(),
		subject: text('subject').notNull(),
		/** Sanitised limited Markdown (ADR 0009); images reference newsletter_images. */
		body: text('body').notNull().default(''),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.issueId, t.locale] })]
);

/** Images of an issue, stored through the media storage interface. */
export const newsletterImages = pgTable(
	'newsletter_images',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		issueId: uuid('issue_id')
			.notNull()
			.references(() => newsletterIssues.id, { onDelete: 'cascade' }),
		storageKey: text('storage_key').notNull(),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		alt: text('alt').notNull(),
		rights: text('rights').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('newsletter_images_issue_idx').on(t.issueId), uniqueIndex('newsletter_images_storage_key').on(t.storageKey)]
);

/**
 * One row per issue and recipient, written when sending starts. The primary
 * key makes a second copy impossible; a row goes queued → sending → sent
 * (or failed), and a row that reached 'sending' is never sent again
 * (at most once: a crash mid-send leaves it 'uncertain', never duplicated).
 * subscriber_id is not a foreign key: unsubscribing deletes the subscriber
 * while the delivery row stays for the progress counts (email cleared).
 */
export const newsletterDeliveries = pgTable(
	'newsletter_deliveries',
	{
		issueId: uuid('issue_id')
			.notNull()
			.references(() => newsletterIssues.id, { onDelete: 'cascade' }),
		subscriberId: uuid('subscriber_id').notNull(),
		locale: text('locale').notNull(),
		status: text('status').$type<DeliveryStatus>().notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		messageId: text('message_id'),
		/** Set when a worker claims the row ('sending'); a stale claim becomes 'uncertain', never resent. */
		claimedAt: timestamp('claimed_at', { withTimezone: true }),
		/** Earliest next attempt after a temporary failure. */
		retryAt: timestamp('retry_at', { withTimezone: true }),
		sentAt: timestamp('sent_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.issueId, t.subscriberId] }),
		index('newsletter_deliveries_queue_idx').on(t.issueId, t.status),
		check('newsletter_deliveries_status_check', sql`${t.status} in ('queued', 'sending', 'sent', 'failed', 'uncertain', 'skipped')`)
	]
);

/** "For the newsletter": news, event announcements, practical aids and offers sent in by the network. */
export const newsletterSubmissions = pgTable(
	'newsletter_submissions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').$type<SubmissionKind>().notNull(),
		status: text('status').$type<SubmissionStatus>().notNull().default('pending'),
		title: text('title').notNull(),
		/** Sanitised limited Markdown. */
		body: text('body').notNull(),
		link: text('link'),
		/** Who sent it in (kept until the item is used or rejected + 90 days). */
		submitterName: text('submitter_name').notNull(),
		submitterEmail: text('submitter_email').notNull(),
		organisation: text('organisation'),
		locale: text('locale').notNull().default('de'),
		region: text('region').$type<Region>(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		moderatedAt: timestamp('moderated_at', { withTimezone: true }),
		moderatedBy: uuid('moderated_by').references(() => users.id, { onDelete: 'set null' }),
		moderationNote: text('moderation_note'),
		/** The issue the item was pulled into. */
		issueId: uuid('issue_id').references(() => newsletterIssues.id, { onDelete: 'set null' })
	},
	(t) => [
		index('newsletter_submissions_status_idx').on(t.status, t.createdAt),
		check('newsletter_submissions_kind_check', sql`${t.kind} in ('project_news', 'event', 'practical_aid', 'offer')`),
		check(
			'newsletter_submissions_status_check',
			sql`${t.status} in ('pending', 'submitted', 'approved', 'rejected', 'used')`
		)
	]
);
