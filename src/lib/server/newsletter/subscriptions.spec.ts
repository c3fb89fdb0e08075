import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { confirmConsents, consentsForEmail, isSuppressed, requestConsents } from '../consent/service';
import { setSecret } from '../platform/secrets';
import { linkToken, newLinkKey, subscriberForToken, unsubscribeHeaders } from './links';
import { newsletterSubscribers } from './schema';
import { subscriberForEmail, unsubscribe } from './subscriptions';

const testDb = useTestDatabase();
beforeAll(() => setSecret('newsletter-spec'));

describe('newsletter subscriber core', () => {
	it('finds a subscriber by a signed link only, and unsubscribing leaves proof and suppression only', async () => {
		const q = testDb().db;
		const [row] = await q
			.insert(newsletterSubscribers)
			.values({ email: 'Noor@example.org', locale: 'ar', status: 'active', linkKey: newLinkKey(), confirmedAt: new Date() })
			.returning();
		await requestConsents(q, { subjectId: row!.id, email: row!.email, locale: 'ar', source: '/ar/newsletter', purposes: ['newsletter'] });
		await confirmConsents(q, row!.id);

		const token = linkToken(row!);
		expect((await subscriberForToken(q, token))?.id).toBe(row!.id);
		expect(await subscriberForToken(q, token.slice(0, -2) + 'xx')).toBeUndefined();
		expect(await subscriberForToken(q, 'not-a-token')).toBeUndefined();
		expect(unsubscribeHeaders(row!)['List-Unsubscribe']).toContain('/api/v1/newsletter/unsubscribe?s=');
		expect((await subscriberForEmail(q, ' noor@EXAMPLE.org'))?.id).toBe(row!.id);

		expect(await unsubscribe(q, row!.id, 'one-click')).toBe(true);
		expect(await unsubscribe(q, row!.id, 'one-click')).toBe(false);
		expect(await subscriberForEmail(q, 'noor@example.org')).toBeUndefined();
		expect(await subscriberForToken(q, token)).toBeUndefined();
		expect(await isSuppressed(q, 'noor@example.org', 'newsletter')).toBe(true);
		const proofs = await consentsForEmail(q, 'noor@example.org');
		expect(proofs).toHaveLength(1);
		expect(proofs[0]).toMatchObject({ status: 'withdrawn', withdrawnChannel: 'one-click', email: null });
	});
});
