import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { SYSTEM } from '../access/policy';
import { ensureUser } from '../accounts/service';
import { listEntries, record } from './service';

describe('audit log', () => {
	useTestDatabase();

	it('shows staff who did what, newest first, with paging — and only to admins', async () => {
		const admin = await ensureUser(SYSTEM, { email: 'chefin@example.org', role: 'admin' });
		const actor = { kind: 'user' as const, id: admin.id, role: 'admin' as const, region: null, label: 'c***' };
		for (let i = 0; i < 3; i++) await record(actor, { action: 'thing.update', entity: 'thing', entityId: String(i), before: { n: i }, after: { n: i + 1 } });
		const first = await listEntries(actor, { limit: 2 });
		expect(first.entries.map((e) => e.entityId)).toEqual(['2', '1']);
		expect(first.entries[0]).toMatchObject({ actor: 'chefin@example.org', action: 'thing.update' });
		expect(JSON.parse(first.entries[0]!.after!)).toEqual({ n: 3 });
		const second = await listEntries(actor, { limit: 2, before: first.next });
		// creating the admin was audited too (by the system)
		expect(second.entries.map((e) => [e.entityId, e.actor])).toEqual([['0', 'chefin@example.org'], [admin.id, 'system']]);
		await expect(listEntries({ ...actor, role: 'moderator' })).rejects.toThrow(/access denied/);
		await expect(listEntries({ kind: 'anonymous' })).rejects.toThrow(/access denied/);
	});
});
