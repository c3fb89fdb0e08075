import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	customType,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { ActionField, Cost, OfferType, ProjectStatus, TargetGroup, Topic, Tristate } from '../../atlas/taxonomy';
import type { Region } from '../accounts/schema';
import { users } from '../accounts/schema';
import type { OnlineMode, WeeklySchedule } from './contract';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const TEXT_STATUSES = ['source', 'current', 'outdated', 'machine'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];

/** One contact detail with the provider's choice whether it may be shown publicly. */
export interface ContactField {
	value: string;
	public: boolean;
}
export interface StoredContact {
	person?: ContactField;
	email?: ContactField;
	phone?: ContactField;
	website?: ContactField;
}

/**
 * Atlas entries. search_vector, search_text, regions and district_keys are
 * derived from project_texts and project_locations by the triggers of
 * migration atlas_search, so no writer can forget them.
 */
export const projects = pgTable(
	'projects',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		slug: text('slug').notNull(),
		status: text('status').$type<ProjectStatus>().notNull().default('draft'),
		organisation: text('organisation'),
		fields: text('fields').array().$type<ActionField[]>().notNull().default(sql`'{}'`),
		topics: text('topics').array().$type<Topic[]>().notNull().default(sql`'{}'`),
		offerTypes: text('offer_types').array().$type<OfferType[]>().notNull().default(sql`'{}'`),
		targetGroups: text('target_groups').array().$type<TargetGroup[]>().notNull().default(sql`'{}'`),
		languages: text('languages').array().notNull().default(sql`'{}'`),
		costs: text('costs').array().$type<Cost[]>().notNull().default(sql`'{}'`),
		barrierFree: text('barrier_free').$type<Tristate>().notNull().default('unknown'),
		childcare: boolean('childcare').notNull().default(false),
		womenOnly: boolean('women_only').notNull().default(false),
		appointmentNeeded: boolean('appointment_needed').notNull().default(false),
		online: text('online').$type<OnlineMode>().notNull().default('no'),
		/** State-wide or online offer without a place of its own. */
		statewide: boolean('statewide').notNull().default(false),
		contact: jsonb('contact').$type<StoredContact>().notNull().default({}),
		licence: text('licence').notNull().default('CC-BY-4.0'),
		schedule: jsonb('schedule').$type<WeeklySchedule>(),
		sourceLocale: text('source_locale').notNull().default('de'),
		/** Optimistic locking: every write states the revision it read. */
		revision: integer('revision').notNull().default(1),
		demo: boolean('demo').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		lastConfirmedAt: timestamp('last_confirmed_at', { withTimezone: true }),
		/** When the submission was verified and entered the moderation queue. */
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		/** Last moderation decision: reason for a rejection or the changes asked for (mailed to the owners). */
		moderationNote: text('moderation_note'),
		moderatedAt: timestamp('moderated_at', { withTimezone: true }),
		moderatedBy: uuid('moderated_by').references(() => users.id, { onDelete: 'set null' }),
		/** Last yearly "is this still correct?" mail to the owners. */
		freshnessMailedAt: timestamp('freshness_mailed_at', { withTimezone: true }),
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		/** Why an entry was archived: 'unconfirmed' (15 months without answer), 'gone' (owner said so), 'staff'. */
		archivedReason: text('archived_reason'),
		regions: text('regions').array().$type<Region[]>().notNull().default(sql`'{}'`),
		districtKeys: text('district_keys').array().notNull().default(sql`'{}'`),
		searchVector: tsvector('search_vector'),
		/** Normalised titles, teasers and organisation of every locale, for the trigram fallback. */
		searchText: text('search_text').notNull().default('')
	},
	(t) => [
		uniqueIndex('projects_slug_key').on(t.slug),
		index('projects_published_idx').on(t.publishedAt.desc(), t.id).where(sql`${t.status} = 'published'`),
		index('projects_fields_idx').using('gin', t.fields),
		index('projects_topics_idx').using('gin', t.topics),
		index('projects_offer_types_idx').using('gin', t.offerTypes),
		index('projects_target_groups_idx').using('gin', t.targetGroups),
		index('projects_languages_idx').using('gin', t.languages),
		index('projects_regions_idx').using('gin', t.regions),
		index('projects_district_keys_idx').using('gin', t.districtKeys),
		index('projects_search_vector_idx').using('gin', t.searchVector),
		index('projects_search_text_idx').using('gin', t.searchText.op('gin_trgm_ops')),
		check('projects_status_check', sql`${t.status} in ('draft', 'submitted', 'published', 'rejected', 'archived')`),
		check('projects_online_check', sql`${t.online} in ('no', 'online', 'hybrid')`),
		check('projects_barrier_free_check', sql`${t.barrierFree} in ('yes', 'no', 'unknown')`)
	]
);

/** Title, teaser and description per locale; the source locale's row has status 'source'. */
export const projectTexts = pgTable(
	'project_texts',
	{
		projectId: uuid('project_id')
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		locale: text('locale').notNull(),
		title: text('title').notNull(),
		teaser: text('teaser').notNull().default(''),
		description: text('description').notNull().default(''),
		status: text('status').$type<TextStatus>().notNull().default('source'),
		/** Source revision a translation was made from (null for the source row). */
		sourceRevision: integer('source_revision'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.projectId, t.locale] }),
		check('project_texts_teaser_check', sql`char_length(${t.teaser}) <= 200`),
		check('project_texts_status_check', sql`${t.status} in ('source', 'current', 'outdated', 'machine')`)
	]
);

/**
 * Where an offer takes place. For approximate locations lat/lon hold the
 * place centre, so neither the map nor distances reveal the real address.
 */
export const projectLocations = pgTable(
	'project_locations',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		projectId: uuid('project_id')
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		position: integer('position').notNull().default(0),
		label: text('label'),
		street: text('street'),
		postcode: text('postcode'),
		placeName: text('place_name').notNull(),
		ags: text('ags'),
		districtKey: text('district_key'),
		region: text('region').$type<Region>(),
		lat: doublePrecision('lat').notNull(),
		lon: doublePrecision('lon').notNull(),
		approximate: boolean('approximate').notNull().default(false)
	},
	(t) => [index('project_locations_project_idx').on(t.projectId, t.position)]
);

/** Every saved state of an entry, for the history view and undo. */
export const projectRevisions = pgTable(
	'project_revisions',
	{
		projectId: uuid('project_id')
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		revision: integer('revision').notNull(),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		/** What produced the revision: 'submission' | 'owner_edit' | 'staff_edit' | 'import' | 'translation' | 'status'. */
		kind: text('kind').notNull().default('staff_edit'),
		snapshot: jsonb('snapshot').notNull(),
		/** Owner edits to published entries go live at once and wait here for a moderator's look. */
		reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
		reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		primaryKey({ columns: [t.projectId, t.revision] }),
		index('project_revisions_review_idx').on(t.at).where(sql`${t.kind} = 'owner_edit' and ${t.reviewedAt} is null`)
	]
);

/** People who may edit an entry (verified submitters, invited co-owners, approved ownership requests). */
export const projectOwners = pgTable(
	'project_owners',
	{
		projectId: uuid('project_id')
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
		/** 'submission' | 'invitation' | 'request' | 'staff' | 'import' */
		via: text('via').notNull()
	},
	(t) => [primaryKey({ columns: [t.projectId, t.userId] }), index('project_owners_user_idx').on(t.userId)]
);

export const ATLAS_TOKEN_PURPOSES = ['verify_submission', 'invite_owner', 'freshness', 'alert_confirm'] as const;
export type AtlasTokenPurpose = (typeof ATLAS_TOKEN_PURPOSES)[number];

/**
 * Single-use emailed links of the atlas (submission verification, co-owner
 * invitations, yearly freshness questions, alert confirmation). Only the
 * SHA-256 of the token is stored; a link is consumed by a POST.
 */
export const atlasTokens = pgTable(
	'atlas_tokens',
	{
		tokenHash: text('token_hash').primaryKey(),
		purpose: text('purpose').$type<AtlasTokenPurpose>().notNull(),
		projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
		email: text('email'),
		locale: text('locale').notNull().default('de'),
		/** Purpose-specific details (e.g. the inviting user, the alert id). */
		payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [
		index('atlas_tokens_project_idx').on(t.projectId, t.purpose),
		index('atlas_tokens_expires_idx').on(t.expiresAt),
		check('atlas_tokens_purpose_check', sql`${t.purpose} in ('verify_submission', 'invite_owner', 'freshness', 'alert_confirm')`)
	]
);

/** "Is this yours?": someone asks to become an owner of an existing entry; staff decide. */
export const ownershipRequests = pgTable(
	'ownership_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		projectId: uuid('project_id')
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		message: text('message').notNull().default(''),
		status: text('status').notNull().default('pending'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		index('ownership_requests_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
		check('ownership_requests_status_check', sql`${t.status} in ('pending', 'approved', 'declined')`)
	]
);

/** Images of an entry; the file lives in media storage under storage_key, re-encoded without EXIF/GPS. */
export const projectImages = pgTable(
	'project_images',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		projectId: uuid('project_id')
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		position: integer('position').notNull().default(0),
		storageKey: text('storage_key').notNull(),
		mimeType: text('mime_type').notNull(),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		bytes: integer('bytes').notNull(),
		/** Alternative text in the entry's source language ('' only for decorative images). */
		alt: text('alt').notNull(),
		/** Rights statement, e.g. "Foto: Initiative X, CC BY 4.0". */
		rights: text('rights').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('project_images_project_idx').on(t.projectId, t.position), uniqueIndex('project_images_storage_key').on(t.storageKey)]
);

/** Saved searches with a weekly digest of new entries (double opt-in by POST). */
export const atlasAlerts = pgTable(
	'atlas_alerts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		locale: text('locale').notNull().default('de'),
		/** Canonical search query string (the list page's URL parameters). */
		query: text('query').notNull(),
		status: text('status').notNull().default('pending'),
		/** Version of the consent text shown when subscribing. */
		consentVersion: text('consent_version').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
		/** Entries published after this moment go into the next digest. */
		lastDigestAt: timestamp('last_digest_at', { withTimezone: true })
	},
	(t) => [
		index('atlas_alerts_active_idx').on(t.lastDigestAt).where(sql`${t.status} = 'active'`),
		check('atlas_alerts_status_check', sql`${t.status} in ('pending', 'active', 'unsubscribed')`)
	]
);

/** Staff-defined embeds: an iframe showing the atlas with fixed filters. */
export const atlasEmbeds = pgTable(
	'atlas_embeds',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		/** Fixed search parameters as a canonical query string; visitors cannot change these. */
		query: text('query').notNull(),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' })
	}
);

/**
 * Staff CSV imports: the parsed rows with geocoding and duplicate findings
 * wait here (web nodes are stateless) until staff commit or discard them.
 */
export const atlasImports = pgTable(
	'atlas_imports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		filename: text('filename').notNull(),
		status: text('status').notNull().default('preview'),
		rows: jsonb('rows').$type<unknown[]>().notNull().default([]),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		committedAt: timestamp('committed_at', { withTimezone: true })
	},
	(t) => [check('atlas_imports_status_check', sql`${t.status} in ('preview', 'committed', 'discarded')`)]
);

/**
 * One row counting changes to published atlas data (bumped by statement-level
 * triggers on projects, project_texts and project_locations). Web nodes cache
 * search results per query and drop them when this number moves, so every node
 * sees a change on its next request without talking to the others.
 */
export const atlasVersion = pgTable(
	'atlas_version',
	{
		id: integer('id').primaryKey().default(1),
		version: bigint('version', { mode: 'number' }).notNull().default(0),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('atlas_version_single_row', sql`${t.id} = 1`)]
);
