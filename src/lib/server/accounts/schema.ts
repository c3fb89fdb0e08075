import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';

/** Staff roles. Accounts without a role are plain accounts (initiative owners, supporters). */
export const ROLES = ['admin', 'editor', 'moderator', 'regional'] as const;
export type Role = (typeof ROLES)[number];

/** The four regions of the Ämter für regionale Landesentwicklung (3rd AGS digit 1–4). */
export const REGIONS = ['braunschweig', 'leine-weser', 'lueneburg', 'weser-ems'] as const;
export type Region = (typeof REGIONS)[number];

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		displayName: text('display_name'),
		role: text('role').$type<Role>(),
		region: text('region').$type<Region>(),
		locale: text('locale').notNull().default('de'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
		disabledAt: timestamp('disabled_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)]
);

/** Sessions: the cookie carries a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
	'sessions',
	{
		idHash: text('id_hash').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)]
);

/** Emailed sign-in links: single use, short-lived, stored hashed. */
export const signInTokens = pgTable(
	'sign_in_tokens',
	{
		tokenHash: text('token_hash').primaryKey(),
		email: text('email').notNull(),
		locale: text('locale').notNull().default('de'),
		redirectTo: text('redirect_to'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [index('sign_in_tokens_expires_idx').on(t.expiresAt)]
);
