import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { SYSTEM } from '../../access/policy';
import { dbPool } from '../../core/db';
import { seedAtlasExamples } from '../demo';
import { DEMO_FRESHNESS, DEMO_FRESHNESS_OWNER_EMAIL, seedFreshnessDemo } from './demo';
import { listUnanswered, runFreshness } from './service';

describe('freshness demo content', () => {
	useTestDatabase({ jobs: true });

	it('seeds once, fills all three lists, and the run asks exactly the demo owner, in Arabic', async () => {
		await seedAtlasExamples();
		await seedFreshnessDemo(() => {});
		await seedFreshnessDemo(() => {});
		const count = await dbPool().query<{ n: number }>(`select count(*)::int as n from projects where slug = any($1::text[])`, [Object.values(DEMO_FRESHNESS)]);
		expect(count.rows[0]!.n).toBe(3);

		let lists = await listUnanswered(SYSTEM);
		expect(lists.ownerless.items.map((i) => i.slug)).toEqual([DEMO_FRESHNESS.ownerless]);
		expect(lists.archived.items.map((i) => i.slug)).toEqual([DEMO_FRESHNESS.archived]);
		expect(lists.mailed.total).toBe(0);

		const run = await runFreshness();
		expect(run.asked).toEqual({ entries: 1, mails: 1 });
		expect(run.archived.entries).toBe(0);
		const mails = await dbPool().query<{ to_address: string; locale: string; subject: string }>(`select to_address, locale, subject from mail_outbox`);
		expect(mails.rows).toEqual([{ to_address: DEMO_FRESHNESS_OWNER_EMAIL, locale: 'ar', subject: 'هل ما زال إدخالكم «ملتقى النساء في آم زاندِه» محدَّثًا؟' }]);
		lists = await listUnanswered(SYSTEM);
		expect(lists.mailed.items.map((i) => i.slug)).toEqual([DEMO_FRESHNESS.due]);
	});
});
