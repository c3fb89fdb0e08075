import { describe, expect, it } from 'vitest';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { sign } from '../platform/secrets';
import { usedChallenges } from './schema';
import {
	checkSubmission,
	issueChallenge,
	noPowLimit,
	protectionFields,
	purgeUsedChallenges,
	PROTECTION_FIELDS,
	PROTECTION_MESSAGES,
	type CheckOptions
} from './service';

const LIMIT = { name: 'ip', max: 10, windowSeconds: 3600 };
const T0 = new Date('2026-03-02T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

function formWith(entries: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(entries)) f.set(k, v);
	return f;
}

/** A form rendered at T0 for `form`, with the given extra fields. */
function rendered(extra: Record<string, string> = {}, form = 'test'): FormData {
	return formWith({ [PROTECTION_FIELDS.started]: protectionFields(form, T0).started, [PROTECTION_FIELDS.honeypot]: '', ...extra });
}

async function solvedPayload(): Promise<string> {
	const challenge = await issueChallenge();
	const solution = await solveChallenge({ challenge, deriveKey, timeout: 20_000 });
	expect(solution).not.toBeNull();
	return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64');
}

const opts = (over: Partial<CheckOptions> = {}): CheckOptions => ({ form: 'test', ip: '192.0.2.7', limit: LIMIT, now: later(5_000), ...over });

describe('form protection', () => {
	const t = useTestDatabase();

	it('rejects a filled honeypot as spam', async () => {
		const res = await checkSubmission(rendered({ [PROTECTION_FIELDS.honeypot]: 'https://spam.example' }), opts());
		expect(res).toEqual({ ok: false, reason: 'spam' });
	});

	it('rejects a form sent faster than a person can fill it', async () => {
		expect(await checkSubmission(rendered(), opts({ now: later(1_000) }))).toEqual({ ok: false, reason: 'too_fast' });
	});

	it('asks to send again when the page is too old, the time was tampered with, missing, or from another form', async () => {
		expect(await checkSubmission(rendered(), opts({ now: later(2 * 3600_000 + 1) }))).toEqual({ ok: false, reason: 'expired' });
		// An earlier time under the original signature, to get past the minimum fill time.
		const signature = protectionFields('test', T0).started.split('.')[1];
		const tampered = `${Buffer.from(`test|${T0.getTime() - 60_000}`).toString('base64url')}.${signature}`;
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.started]: tampered }), opts())).toEqual({ ok: false, reason: 'expired' });
		expect(await checkSubmission(formWith({}), opts())).toEqual({ ok: false, reason: 'expired' });
		expect(await checkSubmission(rendered({}, 'other'), opts())).toEqual({ ok: false, reason: 'expired' });
		// Signed with the right key but for another purpose: still refused.
		const wrongPurpose = sign('other-purpose', `test|${T0.getTime()}`);
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.started]: wrongPurpose }), opts())).toEqual({ ok: false, reason: 'expired' });
	});

	it('accepts a solved ALTCHA challenge once and refuses the same solution again', async () => {
		const payload = await solvedPayload();
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: payload }), opts())).toEqual({ ok: true });
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: payload }), opts())).toEqual({ ok: false, reason: 'replay' });
		const stored = await t().db.select().from(usedChallenges);
		expect(stored).toHaveLength(1);
	});

	it('refuses an invalid or malformed solution', async () => {
		const challenge = await issueChallenge();
		const forged = { challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution: { counter: 1, derivedKey: 'ab'.repeat(32) } };
		const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: b64(forged) }), opts())).toEqual({ ok: false, reason: 'pow_invalid' });
		// Parameters changed after signing (an easier prefix) break the signature.
		const easier = { ...forged, challenge: { ...forged.challenge, parameters: { ...challenge.parameters, keyPrefix: '0' } } };
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: b64(easier) }), opts())).toEqual({ ok: false, reason: 'pow_invalid' });
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: 'not base64 json' }), opts())).toEqual({ ok: false, reason: 'pow_invalid' });
		// The widget's test mode must never pass.
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: b64({ challenge: null, solution: null, test: true }) }), opts())).toEqual({
			ok: false,
			reason: 'pow_invalid'
		});
		expect(await t().db.select().from(usedChallenges)).toHaveLength(0);
	});

	it('accepts a form without proof of work (no JavaScript) under the stricter limit, then answers with Retry-After', async () => {
		const strict = noPowLimit(LIMIT);
		expect(strict.max).toBe(2);
		for (let i = 0; i < strict.max; i++) expect(await checkSubmission(rendered(), opts())).toEqual({ ok: true });
		const res = await checkSubmission(rendered(), opts());
		expect(res.ok).toBe(false);
		if (res.ok) return;
		expect(res.reason).toBe('rate_limited');
		expect(res.retryAfterSeconds).toBeGreaterThan(0);
		expect(res.retryAfterSeconds).toBeLessThanOrEqual(LIMIT.windowSeconds);
		// Another address, and the same address on another form, are not affected.
		expect(await checkSubmission(rendered(), opts({ ip: '198.51.100.1' }))).toEqual({ ok: true });
		expect(await checkSubmission(rendered({}, 'other'), opts({ form: 'other' }))).toEqual({ ok: true });
		// With a proof of work the same address still gets through (the wider limit).
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: await solvedPayload() }), opts())).toEqual({ ok: true });
	});

	it('limits submissions with proof of work too', async () => {
		const small = { name: 'ip', max: 1, windowSeconds: 600 };
		expect(await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: await solvedPayload() }), opts({ limit: small }))).toEqual({ ok: true });
		const res = await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: await solvedPayload() }), opts({ limit: small }));
		expect(res).toMatchObject({ ok: false, reason: 'rate_limited' });
	});

	it('purges used challenges once they have expired', async () => {
		await checkSubmission(rendered({ [PROTECTION_FIELDS.pow]: await solvedPayload() }), opts());
		expect(await purgeUsedChallenges(new Date())).toBe(0);
		expect(await purgeUsedChallenges(new Date(Date.now() + 11 * 60_000))).toBe(1);
	});

	it('has a message for every reason', () => {
		for (const key of Object.values(PROTECTION_MESSAGES)) expect(key).toMatch(/^forms_protection_/);
	});
});
