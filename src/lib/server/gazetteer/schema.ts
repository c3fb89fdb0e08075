import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { Region } from '../accounts/schema';

/**
 * Reference data, rebuilt from registry packages by ensureGazetteer(); never
 * edited by hand. The loaded source version is the app_meta key 'gazetteer'.
 */

/** The 45 Kreis-level units of Lower Saxony (Landkreise, Region Hannover, kreisfreie Städte). */
export const gazetteerDistricts = pgTable(
	'gazetteer_districts',
	{
		ags: text('ags').primaryKey(),
		name: text('name').notNull(),
		type: text('type').notNull(),
		region: text('region').$type<Region>().notNull()
	},
	(t) => [check('gazetteer_districts_ags_check', sql`${t.ags} ~ '^03[1-4][0-9]{2}$'`)]
);

/** Populated places (GeoNames, ≥1000 inhabitants) in Lower Saxony with their municipality key. */
export const gazetteerPlaces = pgTable(
	'gazetteer_places',
	{
		/** The GeoNames id, stable across reloads. */
		id: integer('id').primaryKey(),
		name: text('name').notNull(),
		altNames: text('alt_names').array().notNull().default(sql`'{}'`),
		/** Normalised full names (see normalise.ts), including the postcode data's spellings. */
		keys: text('keys').array().notNull(),
		/** Normalised names without suffix: "verden" for "Verden (Aller)". */
		baseKeys: text('base_keys').array().notNull().default(sql`'{}'`),
		ags: text('ags').notNull(),
		districtAgs: text('district_ags')
			.notNull()
			.references(() => gazetteerDistricts.ags),
		region: text('region').$type<Region>().notNull(),
		lat: doublePrecision('lat').notNull(),
		lon: doublePrecision('lon').notNull(),
		population: integer('population').notNull().default(0),
		featureCode: text('feature_code').notNull(),
		postcodes: text('postcodes').array().notNull().default(sql`'{}'`)
	},
	(t) => [
		index('gazetteer_places_ags_idx').on(t.ags),
		index('gazetteer_places_postcodes_idx').using('gin', t.postcodes),
		check('gazetteer_places_ags_check', sql`${t.ags} ~ '^03[0-9]{6}$'`)
	]
);

/** Every German postcode with its place names; tied to a place when it is one of ours. */
export const gazetteerPostcodes = pgTable(
	'gazetteer_postcodes',
	{
		postcode: text('postcode').notNull(),
		name: text('name').notNull(),
		nameKeys: text('name_keys').array().notNull(),
		placeId: integer('place_id').references(() => gazetteerPlaces.id),
		/** false: elsewhere in Germany; null: the data cannot tell. */
		inLowerSaxony: boolean('in_lower_saxony')
	},
	(t) => [primaryKey({ columns: [t.postcode, t.name] }), index('gazetteer_postcodes_name_keys_idx').using('gin', t.nameKeys)]
);
