import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ActionField, Tristate } from '../../atlas/taxonomy';
import type { EventKind, EventQuestion, EventStatus, OnlineMode, RegistrationStatus, EventTokenPurpose } from '../../events/vocabulary';
import type { Region } from '../accounts/schema';
import { users } from '../accounts/schema';
import { projects } from '../atlas/schema';

/**
 * Calendar entries. starts_at/ends_at are instants (timestamptz); every
 * wall-clock time people enter or read is Europe/Berlin (see ADR 0017), so a
 * 10:00 start stays 10:00 on both sides of a DST change.
 *
 * seats_taken is maintained by the trigger of migration 0007_events from the
 * registrations that hold a seat (confirmed, offered); the CHECK constraint
 * makes any write that would exceed the capacity fail — the database-level
 * capacity guarantee.
 */
export const events = pgTable(
	'events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		slug: text('slug').notNull(),
		kind: text('kind').$type<EventKind>().notNull(),
		status: text('status').$type<EventStatus>().notNull().default('draft'),
		title: text('title').notNull(),
		/** Sanitised limited Markdown (ADR 0009). */
		description: text('description').notNull().default(''),
		/** Language of title and description. */
		textLocale: text('text_locale').notNull().default('de'),
		fields: text('fields').array().$type<ActionField[]>().notNull().default(sql`'{}'`),
		/** ArL region; null = state-wide (or online only). */
		region: text('region').$type<Region>(),
		online: text('online').$type<OnlineMode>().notNull().default('no'),
		onlineUrl: text('online_url'),
		venueName: text('venue_name'),
		street: text('street'),
		postcode: text('postcode'),
		placeName: text('place_name'),
		ags: text('ags'),
		districtKey: text('district_key'),
		lat: doublePrecision('lat'),
		lon: doublePrecision('lon'),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
		stepFree: text('step_free').$type<Tristate>().notNull().default('unknown'),
		/** Free text: toilets, hearing loop, parking, how to get there. */
		accessibility: text('accessibility').notNull().default(''),
		languages: text('languages').array().notNull().default(sql`'{}'`),
		/** Interpretation offered: language codes, 'dgs' for German Sign Language. */
		interpretation: text('interpretation').array().notNull().default(sql`'{}'`),
		organiser: text('organiser').notNull().default(''),
		contactEmail: text('contact_email'),
		contactPhone: text('contact_phone'),
		website: text('website'),
		/** Dates of one series share this id (created together by the recurring-dates helper). */
		seriesId: uuid('series_id'),
		/** The atlas entry this event belongs to (community events of initiatives, stands). */
		projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
		registrationEnabled: boolean('registration_enabled').notNull().default(false),
		/** Staff switch: registration open or closed (within the window). */
		registrationOpen: boolean('registration_open').notNull().default(true),
		/** Seats; null = no limit. */
		capacity: integer('capacity'),
		seatsTaken: integer('seats_taken').notNull().default(0),
		registrationOpensAt: timestamp('registration_opens_at', { withTimezone: true }),
		registrationClosesAt: timestamp('registration_closes_at', { withTimezone: true }),
		questions: text('questions').array().$type<EventQuestion[]>().notNull().default(sql`'{}'`),
		/** The consent wording shown next to the (unticked) checkbox; copied into every registration. */
		consentText: text('consent_text').notNull().default(''),
		/** How long a waitlist offer holds a seat. */
		offerHours: integer('offer_hours').notNull().default(24),
		/** Attendance kept for the statistics when the registrations are deleted (retention.ts). */
		finalConfirmed: integer('final_confirmed'),
		finalCheckedIn: integer('final_checked_in'),
		demo: boolean('demo').notNull().default(false),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		/** Community events: who sent it in (without an account the address is verified by a mailed link first). */
		submitterName: text('submitter_name'),
		submitterEmail: text('submitter_email'),
		submitterLocale: text('submitter_locale'),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		moderatedAt: timestamp('moderated_at', { withTimezone: true }),
		moderatedBy: uuid('moderated_by').references(() => users.id, { onDelete: 'set null' }),
		moderationNote: text('moderation_note'),
		/** Staff cancellation: the reason mailed to registrants. */
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		cancellationReason: text('cancellation_reason')
	},
	(t) => [
		uniqueIndex('events_slug_key').on(t.slug),
		index('events_published_starts_idx').on(t.startsAt, t.id).where(sql`${t.status} = 'published'`),
		index('events_series_idx').on(t.seriesId),
		index('events_submitted_idx').on(t.submittedAt).where(sql`${t.status} = 'submitted'`),
		index('events_project_idx').on(t.projectId),
		index('events_fields_idx').using('gin', t.fields),
		check(
			'events_kind_check',
			sql`${t.kind} in ('integration_conference', 'regional_conference', 'follow_up', 'workshop_forum', 'market', 'thank_you', 'workshop', 'online_forum', 'community')`
		),
		check('events_status_check', sql`${t.status} in ('draft', 'submitted', 'published', 'rejected', 'cancelled')`),
		check('events_online_check', sql`${t.online} in ('no', 'online', 'hybrid')`),
		check('events_step_free_check', sql`${t.stepFree} in ('yes', 'no', 'unknown')`),
		check('events_region_check', sql`${t.region} is null or ${t.region} in ('braunschweig', 'leine-weser', 'lueneburg', 'weser-ems')`),
		check('events_time_check', sql`${t.endsAt} > ${t.startsAt}`),
		check('events_capacity_check', sql`${t.capacity} is null or ${t.capacity} >= 0`),
		check('events_seats_check', sql`${t.seatsTaken} >= 0 and (${t.capacity} is null or ${t.seatsTaken} <= ${t.capacity})`),
		check('events_offer_hours_check', sql`${t.offerHours} between 1 and 168`)
	]
);

/**
 * One person's registration. Status pending (waiting for the double opt-in),
 * confirmed (holds a seat), waitlisted, offered (holds a seat until
 * offer_expires_at), cancelled, expired (DOI never confirmed or offer lapsed).
 */
export const eventRegistrations = pgTable(
	'event_registrations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		status: text('status').$type<RegistrationStatus>().notNull().default('pending'),
		name: text('name').notNull(),
		email: text('email').notNull(),
		locale: text('locale').notNull().default('de'),
		organisation: text('organisation'),
		/** Art. 9 data (health): deleted right after the event. */
		dietary: text('dietary'),
		accessibilityNeeds: text('accessibility_needs'),
		interpreterLanguage: text('interpreter_language'),
		/** The consent wording exactly as shown at the time (proof of consent). */
		consentText: text('consent_text').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** The double opt-in click (POST). */
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		/** Queue position: earlier first. */
		waitlistedAt: timestamp('waitlisted_at', { withTimezone: true }),
		offeredAt: timestamp('offered_at', { withTimezone: true }),
		offerExpiresAt: timestamp('offer_expires_at', { withTimezone: true }),
		/** When the registration got its seat (directly or by accepting an offer). */
		seatAt: timestamp('seat_at', { withTimezone: true }),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
		checkedInBy: uuid('checked_in_by').references(() => users.id, { onDelete: 'set null' }),
		reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true })
	},
	(t) => [
		index('event_registrations_event_idx').on(t.eventId, t.status),
		index('event_registrations_waitlist_idx').on(t.eventId, t.waitlistedAt).where(sql`${t.status} = 'waitlisted'`),
		// One live registration per address and event.
		uniqueIndex('event_registrations_live_email_key')
			.on(t.eventId, sql`lower(${t.email})`)
			.where(sql`${t.status} in ('pending', 'confirmed', 'waitlisted', 'offered')`),
		check(
			'event_registrations_status_check',
			sql`${t.status} in ('pending', 'confirmed', 'waitlisted', 'offered', 'cancelled', 'expired')`
		),
		check('event_registrations_offer_check', sql`${t.status} <> 'offered' or ${t.offerExpiresAt} is not null`)
	]
);

/** Single-use links mailed to registrants; only the SHA-256 of the token is stored. */
export const eventTokens = pgTable(
	'event_tokens',
	{
		tokenHash: text('token_hash').primaryKey(),
		purpose: text('purpose').$type<EventTokenPurpose>().notNull(),
		registrationId: uuid('registration_id')
			.notNull()
			.references(() => eventRegistrations.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [
		index('event_tokens_registration_idx').on(t.registrationId),
		check('event_tokens_purpose_check', sql`${t.purpose} in ('confirm', 'cancel', 'accept')`)
	]
);

export const EXHIBITOR_STATUSES = ['requested', 'approved', 'rejected', 'withdrawn'] as const;
export type ExhibitorStatus = (typeof EXHIBITOR_STATUSES)[number];

/**
 * Stands at a market of opportunities: an atlas entry applies (by one of its
 * owners), staff approve or reject; approved stands are listed on the event
 * page with links to their atlas entries.
 */
export const eventExhibitors = pgTable(
	'event_exhibitors',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		projectId: uuid('project_id')
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		status: text('status').$type<ExhibitorStatus>().notNull().default('requested'),
		/** What the stand needs (table, power, wall space) and a note to the organisers. */
		needs: text('needs').notNull().default(''),
		requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
		requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
		decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		decisionNote: text('decision_note')
	},
	(t) => [
		uniqueIndex('event_exhibitors_event_project_key').on(t.eventId, t.projectId),
		index('event_exhibitors_event_idx').on(t.eventId, t.status),
		check('event_exhibitors_status_check', sql`${t.status} in ('requested', 'approved', 'rejected', 'withdrawn')`)
	]
);
