import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { InstitutionKind, SupporterKind, SupporterStatus } from '../../supporters/vocabulary';
import type { Region } from '../accounts/schema';
import { users } from '../accounts/schema';

/**
 * People and institutions who signed the alliance's appeal. A row is
 * 'pending' until the double opt-in; unconfirmed rows are purged after 7 days.
 * Public display needs its own confirmed consent (consents, purpose
 * 'appeal.public'); public_display mirrors it for the wall's query.
 * Data minimisation (§2.4): no street address, no phone.
 */
export const supporters = pgTable(
	'supporters',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').$type<SupporterKind>().notNull(),
		status: text('status').$type<SupporterStatus>().notNull().default('pending'),
		email: text('email').notNull(),
		locale: text('locale').notNull().default('de'),
		/** Person: the name as they want it shown; institution: its name. */
		name: text('name').notNull(),
		/** Place as entered, and what the gazetteer made of it. */
		placeName: text('place_name').notNull().default(''),
		ags: text('ags'),
		districtKey: text('district_key'),
		region: text('region').$type<Region>(),
		institutionKind: text('institution_kind').$type<InstitutionKind>(),
		website: text('website'),
		/** Contact person of an institution (not shown publicly). */
		contactName: text('contact_name'),
		/** Media storage key of the re-encoded logo. */
		logoKey: text('logo_key'),
		logoRights: text('logo_rights'),
		publicDisplay: boolean('public_display').notNull().default(false),
		/** Staff-only note. */
		note: text('note').notNull().default(''),
		demo: boolean('demo').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		// One live signature per address and kind+name: a person signs once; an address may also sign for institutions.
		uniqueIndex('supporters_person_email_key')
			.on(sql`lower(${t.email})`)
			.where(sql`${t.kind} = 'person'`),
		uniqueIndex('supporters_institution_key')
			.on(sql`lower(${t.email})`, sql`lower(${t.name})`)
			.where(sql`${t.kind} = 'institution'`),
		index('supporters_wall_idx').on(t.kind, t.confirmedAt).where(sql`${t.status} = 'confirmed' and ${t.publicDisplay}`),
		index('supporters_status_idx').on(t.status, t.createdAt),
		check('supporters_kind_check', sql`${t.kind} in ('person', 'institution')`),
		check('supporters_status_check', sql`${t.status} in ('pending', 'confirmed')`),
		check('supporters_region_check', sql`${t.region} is null or ${t.region} in ('braunschweig', 'leine-weser', 'lueneburg', 'weser-ems')`),
		check('supporters_institution_kind_check', sql`(${t.kind} = 'institution') = (${t.institutionKind} is not null)`)
	]
);
