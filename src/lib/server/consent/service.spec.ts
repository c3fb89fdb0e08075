import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { setSecret } from '../platform/secrets';
import { consentVersion, consentWording } from './purposes';
import {
	confirmConsents,
	consentForExport,
	consentsForEmail,
	emailHash,
	expireConsents,
	forgetSubject,
	isSuppressed,
	noteConfirmationMail,
	proofExpiry,
	purgeExpiredProofs,
	requestConsents,
	withdrawConsents
} from './service';

const testDb = useTestDatabase();
beforeAll(() => setSecret('consent-spec'));

describe('consent records', () => {
	it('records one pending row per purpose with the wording shown in the person’s language', async () => {
		const subjectId = randomUUID();
		const rows = await requestConsents(testDb().db, {
			subjectId,
			email: ' Amal@Example.org ',
			locale: 'ar',
			source: '/ar/unterstuetzen',
			purposes: ['appeal.sign', 'newsletter']
		});
		expect(rows.map((r) => r.purpose).sort()).toEqual(['appeal.sign', 'newsletter']);
		const sign = rows.find((r) => r.purpose === 'appeal.sign')!;
		expect(sign.wording).toBe(consentWording('appeal.sign', 'ar'));
		expect(sign.wording).not.toBe(consentWording('appeal.sign', 'de'));
		expect(sign.version).toBe(consentVersion('appeal.sign'));
		expect(sign.email).toBe('amal@example.org');
		expect(sign.emailHash).toBe(emailHash('AMAL@example.org'));
		expect(sign.status).toBe('pending');
		expect(sign.history).toHaveLength(1);
	});

	it('versions differ per purpose and the hash never contains the address', () => {
		expect(consentVersion('newsletter')).not.toBe(consentVersion('appeal.sign'));
		expect(emailHash('a@example.org')).not.toContain('example');
	});

	it('confirms, withdraws with a suppression entry, and a new opt-in lifts the suppression', async () => {
		const q = testDb().db;
		const subjectId = randomUUID();
		await requestConsents(q, { subjectId, email: 'b@example.org', locale: 'de', source: '/de/newsletter', purposes: ['newsletter'] });
		await noteConfirmationMail(q, subjectId, { template: 'newsletter.confirm.v1', messageId: '<m1@test>' });
		const confirmed = await confirmConsents(q, subjectId);
		expect(confirmed).toHaveLength(1);
		expect(confirmed[0]!.confirmationMessageId).toBe('<m1@test>');
		expect(confirmed[0]!.history.map((h) => h.status)).toEqual(['pending', 'confirmed']);

		const withdrawn = await withdrawConsents(q, subjectId, 'one-click');
		expect(withdrawn[0]!.withdrawnChannel).toBe('one-click');
		expect(await isSuppressed(q, 'B@example.org', 'newsletter')).toBe(true);
		expect(await isSuppressed(q, 'B@example.org', 'appeal')).toBe(false);

		const again = randomUUID();
		await requestConsents(q, { subjectId: again, email: 'b@example.org', locale: 'de', source: '/de/newsletter', purposes: ['newsletter'] });
		expect(await isSuppressed(q, 'b@example.org', 'newsletter')).toBe(true);
		await confirmConsents(q, again);
		expect(await isSuppressed(q, 'b@example.org', 'newsletter')).toBe(false);

		const all = await consentsForEmail(q, 'b@example.org');
		expect(all.map((r) => r.status)).toEqual(['withdrawn', 'confirmed']);
		const exported = consentForExport(all[0]!);
		expect(exported.confirmationMail?.template).toBe('newsletter.confirm.v1');
		expect(exported.history.map((h) => h.channel)).toEqual(['form', 'link', 'one-click']);
	});

	it('withdraws one purpose without touching the others (no coupling)', async () => {
		const q = testDb().db;
		const subjectId = randomUUID();
		await requestConsents(q, { subjectId, email: 'c@example.org', locale: 'de', source: '/de/unterstuetzen', purposes: ['appeal.sign', 'appeal.public'] });
		await confirmConsents(q, subjectId);
		await withdrawConsents(q, subjectId, 'self-service', ['appeal.public']);
		const rows = await consentsForEmail(q, 'c@example.org');
		expect(Object.fromEntries(rows.map((r) => [r.purpose, r.status]))).toEqual({ 'appeal.sign': 'confirmed', 'appeal.public': 'withdrawn' });
	});

	it('forgets the address but keeps the hashed proof, expires unconfirmed requests, and purges old proofs', async () => {
		const q = testDb().db;
		const kept = randomUUID();
		await requestConsents(q, { subjectId: kept, email: 'd@example.org', locale: 'de', source: '/de/unterstuetzen', purposes: ['appeal.sign'] });
		await confirmConsents(q, kept, new Date('2027-02-01T09:00:00Z'));
		await forgetSubject(q, kept, 'self-service', new Date('2027-03-01T09:00:00Z'));
		const rows = await consentsForEmail(q, 'd@example.org');
		expect(rows[0]!.email).toBeNull();
		expect(rows[0]!.status).toBe('withdrawn');

		const lapsed = randomUUID();
		await requestConsents(q, { subjectId: lapsed, email: 'e@example.org', locale: 'de', source: '/de/newsletter', purposes: ['newsletter'], at: new Date('2026-01-02T10:00:00Z') });
		expect(await expireConsents(q, [lapsed], new Date('2026-01-09T10:00:00Z'))).toBe(1);
		const expired = await consentsForEmail(q, 'e@example.org');
		expect(expired[0]).toMatchObject({ status: 'expired', email: null });

		expect(proofExpiry(new Date('2026-01-09T10:00:00Z')).toISOString()).toBe('2030-01-01T00:00:00.000Z');
		expect(await purgeExpiredProofs(q, new Date('2029-12-31T23:00:00Z'))).toBe(0);
		expect(await purgeExpiredProofs(q, new Date('2030-01-01T00:00:00Z'))).toBe(1);
		expect((await consentsForEmail(q, 'e@example.org')).length).toBe(0);
		expect((await consentsForEmail(q, 'd@example.org')).length).toBe(1);
	});
});
