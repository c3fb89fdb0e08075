/**
 * Submitting an entry without an account (issue 3): validate → resolve the
 * places → "is one of these yours?" → bot protection → a draft without owner
 * and a verification mail. The emailed link (a POST) makes the sender an
 * owner, signs them in and puts the entry into the moderation queue.
 */
import { config } from '../../core/config';
import { transaction } from '../../core/db';
import { maskEmail } from '../../core/log';
import { hashToken, newToken } from '../../core/tokens';
import { ANONYMOUS, type Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { queueMail } from '../../mail/service';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../../protection/service';
import { hit } from '../../protection/rate-limit';
import { LOCATIONS_MAX, emptyLocation, isEmptyLocation, type EntryValues } from '../../../atlas/form/entry';
import type { FieldErrors } from '../../../forms/errors';
import { findSimilarEntries } from '../duplicates';
import { saveRevision } from '../snapshot';
import { readEntryForm, validateEntry, type EntryInput } from './contract';
import { verifySubmissionMail } from './mails';
import { addOwner, consumeToken, insertProject, insertToken, lockProject } from './repository';
import { resolveLocations, type PlaceChoice } from './resolve';
import { accountFor, openSession, type LinkSession } from './session';
import { uniqueSlug } from './slug';
import { linkState, plausibleToken, type LinkState } from './tokens';

export const SUBMIT_FORM = 'atlas-submit';
/** Per IP and hour; without JavaScript (no proof of work) a fifth of it (ADR 0004). */
export const SUBMIT_LIMIT = { name: 'ip', max: 20, windowSeconds: 3600 };
/** Verification mails per address and day, so nobody can flood someone else's mailbox. */
export const SUBMIT_ADDRESS_LIMIT = { name: 'atlas-submit:address', max: 5, windowSeconds: 24 * 3600 };
export const VERIFY_DAYS = 7;

export interface DuplicateView {
	slug: string;
	title: string;
	place: string | null;
	distanceKm: number | null;
}

export type SubmitOutcome =
	/** Show the form (again): errors, place choices, or one more location block. */
	| { step: 'form'; values: EntryValues; errors: FieldErrors; choices: Record<number, PlaceChoice[]>; reason?: ProtectionReason; retryAfterSeconds?: number }
	/** Likely duplicates: "is one of these yours?" before anything is stored. */
	| { step: 'duplicates'; values: EntryValues; duplicates: DuplicateView[]; seen: string }
	/** The draft exists and the verification mail is queued (or, for a bot, looks so). */
	| { step: 'sent'; email: string };

export interface SubmitContext {
	ip: string;
	/** The page's locale: the mail's language and the default language of the texts. */
	locale: string;
	now?: Date;
}

const form = (values: EntryValues, errors: FieldErrors = {}, choices: Record<number, PlaceChoice[]> = {}): SubmitOutcome => ({ step: 'form', values, errors, choices });

/** The block indexes of the non-empty location blocks, in order (validateEntry drops empty ones). */
export function filledBlocks(values: EntryValues): number[] {
	return values.locations.flatMap((l, i) => (isEmptyLocation(l) ? [] : [i]));
}

/**
 * "Add another place" and "remove this place" are submit buttons (no
 * JavaScript needed): the form comes back with one block more or less.
 */
export function applyLayoutIntent(values: EntryValues, intent: string): boolean {
	if (intent === 'add_location') {
		if (values.locations.length < LOCATIONS_MAX) values.locations.push(emptyLocation());
		return true;
	}
	const remove = /^remove_location_(\d+)$/.exec(intent);
	if (remove) {
		values.locations.splice(Number(remove[1]), 1);
		if (values.locations.length === 0) values.locations.push(emptyLocation());
		return true;
	}
	return false;
}

/** Validation and places, shared with editing. */
export async function checkEntry(
	values: EntryValues,
	opts: { requireEmail: boolean }
): Promise<{ ok: true; input: EntryInput; locations: Awaited<ReturnType<typeof resolveLocations>> & { ok: true } } | { ok: false; errors: FieldErrors; choices: Record<number, PlaceChoice[]> }> {
	const validated = validateEntry(values, opts);
	if (!validated.ok) return { ok: false, errors: validated.errors, choices: {} };
	const resolved = await resolveLocations(validated.input.locations, filledBlocks(values));
	if (!resolved.ok) return { ok: false, errors: resolved.errors, choices: resolved.choices };
	return { ok: true, input: validated.input, locations: resolved };
}

export async function submitEntry(data: FormData, ctx: SubmitContext): Promise<SubmitOutcome> {
	const now = ctx.now ?? new Date();
	const values = readEntryForm(data, ctx.locale);
	const intent = String(data.get('intent') ?? '');
	if (applyLayoutIntent(values, intent)) return form(values);

	const checked = await checkEntry(values, { requireEmail: true });
	if (!checked.ok) return form(values, checked.errors, checked.choices);
	const { input } = checked;
	const locations = checked.locations.locations;

	// Only published entries are shown to the public; unpublished ones are the moderators' business.
	const similar = (await findSimilarEntries({ title: input.title, points: locations.map((l) => ({ lat: l.lat, lon: l.lon })) })).filter(
		(d) => d.status === 'published'
	);
	const seen = new Set(String(data.get('duplicates_seen') ?? '').split(',').filter(Boolean));
	if (similar.some((d) => !seen.has(d.id))) {
		return {
			step: 'duplicates',
			values,
			duplicates: similar.map((d) => ({ slug: d.slug, title: d.title, place: d.place, distanceKm: d.distanceKm })),
			seen: similar.map((d) => d.id).join(',')
		};
	}

	const protection = await checkSubmission(data, { form: SUBMIT_FORM, ip: ctx.ip, limit: SUBMIT_LIMIT, now });
	if (!protection.ok) {
		// A filled honeypot gets the same answer as a person; nothing is stored or sent.
		if (protection.reason === 'spam') return { step: 'sent', email: input.email! };
		const rejected = protectionRejection(protection, values);
		return { step: 'form', values, errors: rejected.errors, choices: {}, reason: rejected.reason, retryAfterSeconds: rejected.retryAfterSeconds };
	}
	const byAddress = await hit(SUBMIT_ADDRESS_LIMIT, input.email!, now);
	if (!byAddress.ok) {
		const rejected = protectionRejection({ ok: false, reason: 'rate_limited', retryAfterSeconds: byAddress.retryAfterSeconds }, values);
		return { step: 'form', values, errors: rejected.errors, choices: {}, reason: 'rate_limited', retryAfterSeconds: byAddress.retryAfterSeconds };
	}

	await createSubmission(input, locations, { locale: ctx.locale, now });
	return { step: 'sent', email: input.email! };
}

/** Stores the draft (no owner yet) and queues the verification mail, in one transaction. */
export async function createSubmission(
	input: EntryInput,
	locations: Parameters<typeof insertProject>[1]['locations'],
	opts: { locale: string; now: Date; actor?: Actor }
): Promise<{ id: string; slug: string; token: string }> {
	const token = newToken();
	const result = await transaction(async (tx, client) => {
		const slug = await uniqueSlug(client, input.title);
		const id = await insertProject(client, { slug, status: 'draft', input, locations, now: opts.now });
		await insertToken(client, {
			tokenHash: hashToken(token),
			purpose: 'verify_submission',
			projectId: id,
			email: input.email!,
			locale: opts.locale,
			expiresAt: new Date(opts.now.getTime() + VERIFY_DAYS * 24 * 3600_000),
			now: opts.now
		});
		const url = `${config().origin}/${opts.locale}/atlas/eintragen/bestaetigen?token=${token}`;
		await queueMail(
			{ ...verifySubmissionMail(opts.locale, input, url, VERIFY_DAYS), to: input.email!, locale: opts.locale, template: 'atlas.submission.verify' },
			{ tx, client }
		);
		await record(opts.actor ?? ANONYMOUS, { action: 'atlas.submission.create', entity: 'project', entityId: id, after: { slug, status: 'draft' } }, tx);
		return { id, slug };
	});
	return { ...result, token };
}

export async function submissionLinkState(token: string | null | undefined, now = new Date()): Promise<LinkState> {
	return linkState(token, 'verify_submission', now);
}

export type ConfirmOutcome = ({ ok: true; slug: string; locale: string } & LinkSession) | { ok: false; reason: Exclude<LinkState, 'usable'> | 'disabled' };

/**
 * The POST behind the emailed link: consumes it (once, before it expires),
 * makes the address's account an owner, moves the draft into the moderation
 * queue with its first revision, and signs the person in.
 */
export async function confirmSubmission(token: string, previousSessionToken: string | undefined, now = new Date()): Promise<ConfirmOutcome> {
	if (!plausibleToken(token)) return { ok: false, reason: 'invalid' };
	const outcome = await transaction(async (tx, client): Promise<ConfirmOutcome> => {
		const link = await consumeToken(client, hashToken(token), 'verify_submission', now);
		if (!link) return { ok: false, reason: 'invalid' };
		const project = await lockProject(client, link.projectId);
		if (!project) return { ok: false, reason: 'invalid' };
		const user = await accountFor(tx, link.email, link.locale);
		if (!user) return { ok: false, reason: 'disabled' };
		const actor: Actor = { kind: 'user', id: user.id, role: user.role ?? null, region: user.region ?? null, label: maskEmail(user.email) };
		await addOwner(client, project.id, user.id, 'submission');
		if (project.status === 'draft' && !project.submittedAt) {
			await client.query(`update projects set status = 'submitted', submitted_at = $2, updated_at = $2 where id = $1`, [project.id, now]);
			const revision = await saveRevision(client, project.id, 'submission', user.id);
			await record(actor, { action: 'atlas.submission.confirm', entity: 'project', entityId: project.id, after: { status: 'submitted', revision } }, tx);
		}
		const session = await openSession(tx, user.id, previousSessionToken, now);
		return { ok: true, slug: project.slug, locale: link.locale, ...session };
	});
	if (outcome.ok || outcome.reason !== 'invalid') return outcome;
	// Say why, so the person knows whether to look for a newer mail or to submit again.
	const state = await linkState(token, 'verify_submission', now);
	return { ok: false, reason: state === 'usable' ? 'invalid' : state };
}
