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
		snapshot: jsonb('snapshot').notNull()
	},
	(t) => [primaryKey({ columns: [t.projectId, t.revision] })]
);
