import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Fixed-window counters; keys hold only keyed hashes, never raw IPs or addresses. */
export const rateLimits = pgTable(
	'rate_limits',
	{
		key: text('key').notNull(),
		windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
		count: integer('count').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.key, t.windowStart] })]
);

/** Solved ALTCHA challenges, kept until they expire so a solution cannot be replayed. */
export const usedChallenges = pgTable('used_challenges', {
	signature: text('signature').primaryKey(),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
});
