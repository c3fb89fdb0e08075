/**
 * One protection for every public form (requirements §3.3, APP.3.1.A7, CON.10.A6):
 * a honeypot, a signed minimum fill time, an ALTCHA proof of work that can be
 * used once, and per-form rate limits on a salted daily IP hash. A submission
 * without a proof of work (no JavaScript) is accepted under a stricter limit,
 * see docs/adr/0004-form-protection.md.
 */
import { randomInt } from 'node:crypto';
import { lt } from 'drizzle-orm';
import { createChallenge, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { db, type Executor } from '../core/db';
import { keyedHash, sign, verify } from '../platform/secrets';
import { hit, ipSubject, type Limit } from './rate-limit';
import { usedChallenges } from './schema';

/** Names of the fields FormProtection.svelte renders. */
export const PROTECTION_FIELDS = {
	started: 'form_started',
	/** A name bots like to fill; people never see the field. */
	honeypot: 'website',
	pow: 'altcha'
} as const;

export type ProtectionReason = 'spam' | 'too_fast' | 'expired' | 'pow_invalid' | 'replay' | 'rate_limited';

export type ProtectionResult = { ok: true } | { ok: false; reason: ProtectionReason; retryAfterSeconds?: number };

/** A refused submission as a form outcome: the entered values back, the reason as the `protection` field's error. */
export function protectionRejection<V>(result: Exclude<ProtectionResult, { ok: true }>, values: V) {
	return {
		ok: false as const,
		values,
		errors: { protection: PROTECTION_MESSAGES[result.reason] } as Record<string, string>,
		reason: result.reason,
		retryAfterSeconds: result.retryAfterSeconds
	};
}

/** Message keys (messages/forms) that explain each reason to the person. */
export const PROTECTION_MESSAGES: Record<ProtectionReason, string> = {
	spam: 'forms_protection_spam',
	too_fast: 'forms_protection_too_fast',
	expired: 'forms_protection_expired',
	pow_invalid: 'forms_protection_pow_invalid',
	replay: 'forms_protection_replay',
	rate_limited: 'forms_protection_rate_limited'
};

/** Faster than any person can read a form and type into it. */
export const MIN_FILL_MS = 2_000;
/** Older than that, the page was left open; a fresh one costs the person nothing (values are kept). */
export const MAX_FORM_AGE_MS = 2 * 3600_000;
export const CHALLENGE_TTL_MS = 10 * 60_000;

/**
 * SHA-256, one hash per attempt, with the answer at a random counter in this
 * range: the widget's workers find it in well under a second on a cheap phone
 * (WebCrypto does some 10,000 hashes per second per core there), while a bot
 * pays the same for every single submission.
 */
const CHALLENGE_ALGORITHM = 'SHA-256';
const COUNTER_MIN = 2_000;
const COUNTER_MAX = 12_000;

function hmacSecrets() {
	// Derived, not the process secret itself: ALTCHA signatures never share a key with anything else.
	return {
		hmacSignatureSecret: keyedHash('altcha', 'challenge-signature'),
		hmacKeySignatureSecret: keyedHash('altcha', 'key-signature')
	};
}

export async function issueChallenge(now = new Date()): Promise<Challenge> {
	return createChallenge({
		algorithm: CHALLENGE_ALGORITHM,
		cost: 1,
		counter: randomInt(COUNTER_MIN, COUNTER_MAX),
		deriveKey,
		expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
		...hmacSecrets()
	});
}

/** What a load passes to FormProtection: the signed moment the form was rendered. */
export interface ProtectionFields {
	started: string;
}

export function protectionFields(form: string, now = new Date()): ProtectionFields {
	return { started: sign('form-time', `${form}|${now.getTime()}`) };
}

function startedAt(value: FormDataEntryValue | null, form: string): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const payload = verify('form-time', value);
	if (!payload) return undefined;
	const sep = payload.lastIndexOf('|');
	if (payload.slice(0, sep) !== form) return undefined;
	const ms = Number(payload.slice(sep + 1));
	return Number.isSafeInteger(ms) ? ms : undefined;
}

function parsePayload(raw: string): Payload | undefined {
	try {
		const value = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as unknown;
		if (!value || typeof value !== 'object') return undefined;
		const { challenge, solution } = value as Partial<Payload>;
		if (!challenge?.parameters || typeof challenge.signature !== 'string' || !solution) return undefined;
		return { challenge, solution };
	} catch {
		return undefined;
	}
}

/** Checks a submitted ALTCHA payload and marks its challenge as used. */
async function checkPow(raw: string, q: Executor): Promise<'ok' | 'expired' | 'pow_invalid' | 'replay'> {
	const payload = parsePayload(raw);
	if (!payload) return 'pow_invalid';
	let result;
	try {
		result = await verifySolution({ challenge: payload.challenge, solution: payload.solution, deriveKey, ...hmacSecrets() });
	} catch {
		// The library throws on malformed parameters (unknown algorithm and the like).
		return 'pow_invalid';
	}
	if (result.expired) return 'expired';
	if (!result.verified) return 'pow_invalid';
	// Only verified challenges reach the table, so junk cannot fill it.
	// Our challenges always carry a signed expiry; the fallback only keeps the type honest.
	const expiresAtSeconds = payload.challenge.parameters.expiresAt;
	const expiresAt = expiresAtSeconds ? new Date(expiresAtSeconds * 1000) : new Date(Date.now() + CHALLENGE_TTL_MS);
	const rows = await q
		.insert(usedChallenges)
		.values({ signature: payload.challenge.signature!, expiresAt })
		.onConflictDoNothing()
		.returning({ signature: usedChallenges.signature });
	return rows.length === 1 ? 'ok' : 'replay';
}

/** Without a proof of work a fifth of the form's limit (at least one), in the same window. */
export function noPowLimit(limit: Limit): Limit {
	return { name: `${limit.name}:nopow`, max: Math.max(1, Math.floor(limit.max / 5)), windowSeconds: limit.windowSeconds };
}

export interface CheckOptions {
	/** The form's name, e.g. "feedback"; limits and signed times are per form. */
	form: string;
	ip: string;
	limit: Limit;
	/** Overrides the default stricter limit for submissions without a proof of work. */
	noPow?: Limit;
	/** Overrides MIN_FILL_MS: a one-field form that the browser fills in (sign-in) is legitimately sent at once. */
	minFillMs?: number;
	now?: Date;
}

/**
 * Runs every check on a submitted form, cheapest first. Rate limits count
 * only submissions that passed the other checks, so a person's own mistakes
 * (submitted too fast, expired page) do not lock them out.
 */
export async function checkSubmission(form: FormData, opts: CheckOptions, q: Executor = db()): Promise<ProtectionResult> {
	const now = opts.now ?? new Date();
	const honeypot = form.get(PROTECTION_FIELDS.honeypot);
	if (typeof honeypot === 'string' && honeypot.trim() !== '') return { ok: false, reason: 'spam' };

	// A missing or tampered time looks to a person like an old page: asking to send again is the kind answer.
	const started = startedAt(form.get(PROTECTION_FIELDS.started), opts.form);
	if (started === undefined) return { ok: false, reason: 'expired' };
	const age = now.getTime() - started;
	const minFill = opts.minFillMs ?? MIN_FILL_MS;
	if (minFill > 0 && age < minFill) return { ok: false, reason: 'too_fast' };
	if (age > MAX_FORM_AGE_MS) return { ok: false, reason: 'expired' };

	const pow = form.get(PROTECTION_FIELDS.pow);
	const withPow = typeof pow === 'string' && pow !== '';
	if (withPow) {
		const outcome = await checkPow(pow, q);
		if (outcome !== 'ok') return { ok: false, reason: outcome };
	}

	const subject = `${opts.form}\0${ipSubject(opts.ip, now)}`;
	const main = await hit({ ...opts.limit, name: `form:${opts.form}:${opts.limit.name}` }, subject, now, q);
	if (!main.ok) return { ok: false, reason: 'rate_limited', retryAfterSeconds: main.retryAfterSeconds };
	if (!withPow) {
		const strict = opts.noPow ?? noPowLimit(opts.limit);
		const res = await hit({ ...strict, name: `form:${opts.form}:${strict.name}` }, subject, now, q);
		if (!res.ok) return { ok: false, reason: 'rate_limited', retryAfterSeconds: res.retryAfterSeconds };
	}
	return { ok: true };
}

export async function purgeUsedChallenges(now = new Date(), q: Executor = db()): Promise<number> {
	const rows = await q.delete(usedChallenges).where(lt(usedChallenges.expiresAt, now)).returning({ s: usedChallenges.signature });
	return rows.length;
}
