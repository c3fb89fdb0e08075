import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Small process-wide facts kept in the database (e.g. generated dev secret, demo marker). */
export const appMeta = pgTable('app_meta', {
	key: text('key').primaryKey(),
	value: jsonb('value').notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});
