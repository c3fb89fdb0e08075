/**
 * Signing the appeal (issue 4, requirements §2.2–2.6, D-04…D-10): a form
 * creates a pending supporter, one pending consent per ticked purpose and,
 * with the newsletter box, a pending subscriber; one confirmation mail with a
 * single-use 48-hour link; the POST from that link confirms all of it.
 * Every mail carries a signed manage link (withdrawal without sign-in).
 * See docs/adr/0018-consent-records.md.
 */
import { and, eq, inArray, isNotNull, like, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { INSTITUTION_KINDS, type InstitutionKind, type SupporterKind } from '../../supporters/vocabulary';
import { ANONYMOUS, SYSTEM, type Actor } from '../access/policy';
import { locate } from '../atlas/locate';
import { record } from '../audit/service';
import type { ConsentPurpose } from '../consent/purposes';
import { emailTokens } from '../consent/schema';
import { confirmConsents, consentsForSubject, expireConsents, forgetSubject, noteConfirmationMail, normaliseEmail, requestConsents, withdrawConsents, consentForExport } from '../consent/service';
import { config } from '../core/config';
import { db, transaction, type Executor } from '../core/db';
import { hashToken, newToken } from '../core/tokens';
import { mailOutbox } from '../mail/schema';
import { queueMail } from '../mail/service';
import { newLinkKey } from '../newsletter/links';
import { newsletterSubscribers } from '../newsletter/schema';
import { subscriberForEmail } from '../newsletter/subscriptions';
import { sign, verify } from '../platform/secrets';
import { hit } from '../protection/rate-limit';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../protection/service';
import { deleteLogo, LogoRejected, storeLogo } from './logo';
import { alreadySignedMail, confirmMail } from './mails';
import { supporters } from './schema';

export type SupporterRow = typeof supporters.$inferSelect;

export const SIGN_FORM = 'supporter-sign';
export const SIGN_LIMIT = { name: 'ip', max: 10, windowSeconds: 3600 };
/** Mails per address and day: nobody can flood someone else's inbox through this form. */
export const ADDRESS_LIMIT = { name: 'supporter-sign:address', max: 3, windowSeconds: 24 * 3600 };
export const CONFIRM_HOURS = 48;
/** Unconfirmed sign-ups and spent tokens are deleted after this many days (D-06). */
export const PENDING_DAYS = 7;
export const CONFIRM_TEMPLATE = 'supporters.confirm.v1';
const MANAGE_PURPOSE = 'supporter-manage';
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const NAME_MAX = 200;
export const PLACE_MAX = 100;
export const RIGHTS_MAX = 300;

export const SIGN_FIELDS = [
	'kind',
	'p_name',
	'p_place',
	'i_name',
	'i_kind',
	'i_place',
	'i_website',
	'i_contact',
	'i_logo_rights',
	'email',
	'consent_sign',
	'consent_public',
	'consent_newsletter'
] as const;
export type SignValues = Record<(typeof SIGN_FIELDS)[number], string>;

export function signValues(form: FormData): SignValues {
	const out = {} as SignValues;
	for (const name of SIGN_FIELDS) {
		const v = form.get(name);
		out[name] = typeof v === 'string' ? v.slice(0, 1000) : '';
	}
	return out;
}

const text = (max: number, required: string, tooLong: string) => z.string().trim().min(1, { error: required }).max(max, { error: tooLong });

const email = z
	.string()
	.trim()
	.min(1, { error: 'sup_error_email_required' })
	.max(254, { error: 'sup_error_email' })
	.pipe(z.email({ error: 'sup_error_email' }))
	.transform((v) => v.toLowerCase());

const consents = {
	consent_sign: z.literal('yes', { error: 'sup_error_consent_sign' }),
	consent_public: z.string(),
	consent_newsletter: z.string()
};

const personSchema = z.object({
	kind: z.literal('person'),
	p_name: text(NAME_MAX, 'sup_error_name_required', 'sup_error_too_long'),
	p_place: text(PLACE_MAX, 'sup_error_place_required', 'sup_error_too_long'),
	email,
	...consents
});

const website = z
	.string()
	.trim()
	.max(300, { error: 'sup_error_too_long' })
	.transform((v) => (v && !/^https?:\/\//i.test(v) ? `https://${v}` : v))
	.refine((v) => v === '' || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) && new URL(v).hostname.includes('.')), { error: 'sup_error_website' });

const institutionSchema = z.object({
	kind: z.literal('institution'),
	i_name: text(NAME_MAX, 'sup_error_org_required', 'sup_error_too_long'),
	i_kind: z.enum(INSTITUTION_KINDS, { error: 'sup_error_org_kind' }),
	i_place: text(PLACE_MAX, 'sup_error_place_required', 'sup_error_too_long'),
	i_website: website,
	i_contact: text(NAME_MAX, 'sup_error_contact_required', 'sup_error_too_long'),
	i_logo_rights: z.string().trim().max(RIGHTS_MAX, { error: 'sup_error_too_long' }),
	email,
	...consents
});

const signSchema = z.discriminatedUnion('kind', [personSchema, institutionSchema], { error: 'sup_error_kind' });

export interface ParsedSignup {
	kind: SupporterKind;
	name: string;
	place: string;
	email: string;
	institutionKind: InstitutionKind | null;
	website: string | null;
	contactName: string | null;
	logoRights: string | null;
	purposes: ConsentPurpose[];
}

function logoFile(form: FormData): File | undefined {
	const f = form.get('i_logo');
	return f instanceof File && f.size > 0 ? f : undefined;
}

/** Validates only the chosen kind's fields; field names in errors are the form's. */
export function parseSignup(values: SignValues, hasLogo: boolean): { ok: true; data: ParsedSignup } | { ok: false; errors: FieldErrors } {
	const parsed = signSchema.safeParse(values);
	const errors: FieldErrors = parsed.success ? {} : fieldErrorsFrom(parsed.error.issues, 'kind');
	if (values.kind === 'institution' && hasLogo && !values.i_logo_rights.trim()) errors.i_logo_rights ??= 'sup_error_logo_rights';
	if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
	const d = parsed.data;
	const purposes: ConsentPurpose[] = ['appeal.sign'];
	if (d.consent_public === 'yes') purposes.push('appeal.public');
	if (d.consent_newsletter === 'yes') purposes.push('newsletter');
	if (d.kind === 'person') {
		return {
			ok: true,
			data: { kind: 'person', name: d.p_name, place: d.p_place, email: d.email, institutionKind: null, website: null, contactName: null, logoRights: null, purposes }
		};
	}
	return {
		ok: true,
		data: {
			kind: 'institution',
			name: d.i_name,
			place: d.i_place,
			email: d.email,
			institutionKind: d.i_kind,
			website: d.i_website || null,
			contactName: d.i_contact,
			logoRights: hasLogo ? d.i_logo_rights : null,
			purposes
		}
	};
}

export type SignOutcome =
	| { ok: true }
	| { ok: false; values: SignValues; errors: FieldErrors; reason?: ProtectionReason; retryAfterSeconds?: number; logoLost: boolean };

export interface SignContext {
	ip: string;
	locale: string;
	/** The form's path, stored as the consent source. */
	source: string;
	now?: Date;
	requestId?: string;
}

export function manageToken(supporterId: string): string {
	return sign(MANAGE_PURPOSE, supporterId);
}

export function manageUrl(supporterId: string, locale: string): string {
	return `${config().origin}/${locale}/unterstuetzen/verwalten?s=${encodeURIComponent(manageToken(supporterId))}`;
}

/** The supporter a signed manage value names, or undefined for a forged or mangled one. */
export function supporterIdFromManage(signed: string | null | undefined): string | undefined {
	if (!signed || signed.length > 300) return undefined;
	const id = verify(MANAGE_PURPOSE, signed);
	return id && UUID.test(id) ? id : undefined;
}

/** The place as the gazetteer knows it; outside Lower Saxony or unknown: as entered, without region. */
async function resolvePlace(place: string): Promise<Pick<SupporterRow, 'placeName' | 'ags' | 'districtKey' | 'region'>> {
	const found = await locate({ place });
	if (found.status === 'found') {
		return { placeName: found.place.name, ags: found.location.ags ?? null, districtKey: found.location.districtKey ?? null, region: found.location.region ?? null };
	}
	return { placeName: place, ags: null, districtKey: null, region: null };
}

async function findExisting(q: Executor, data: ParsedSignup): Promise<SupporterRow | undefined> {
	const [row] = await q
		.select()
		.from(supporters)
		.where(
			data.kind === 'person'
				? and(eq(supporters.kind, 'person'), sql`lower(${supporters.email}) = ${data.email}`)
				: and(eq(supporters.kind, 'institution'), sql`lower(${supporters.email}) = ${data.email}`, sql`lower(${supporters.name}) = ${data.name.toLowerCase()}`)
		)
		.limit(1);
	return row;
}

/**
 * Validation first (typing mistakes never count against a limit), then the
 * bot protection, then the logo, then one transaction: supporter, consents,
 * newsletter subscriber, token, mail. The answer is the same whether or not
 * the address had signed before (no enumeration).
 */
export async function signAppeal(form: FormData, ctx: SignContext): Promise<SignOutcome> {
	const now = ctx.now ?? new Date();
	const locale: Locale = isLocale(ctx.locale) ? ctx.locale : baseLocale;
	const values = signValues(form);
	const logo = values.kind === 'institution' ? logoFile(form) : undefined;
	const parsed = parseSignup(values, !!logo);
	if (!parsed.ok) return { ok: false, values, errors: parsed.errors, logoLost: !!logo };

	const protection = await checkSubmission(form, { form: SIGN_FORM, ip: ctx.ip, limit: SIGN_LIMIT, now });
	if (!protection.ok) {
		if (protection.reason === 'spam') return { ok: true };
		return { ...protectionRejection(protection, values), logoLost: !!logo };
	}
	const data = parsed.data;
	if (!(await hit(ADDRESS_LIMIT, data.email, now)).ok) return { ok: true };

	const existing = await findExisting(db(), data);
	if (existing) {
		await transaction(async (tx, client) => {
			await queueMail(
				{ ...alreadySignedMail(existing.locale, { name: existing.name, manageUrl: manageUrl(existing.id, existing.locale) }), to: existing.email, locale: existing.locale, template: 'supporters.already.v1' },
				{ tx, client }
			);
		});
		return { ok: true };
	}

	let logoKey: string | null = null;
	if (logo) {
		try {
			logoKey = await storeLogo(Buffer.from(await logo.arrayBuffer()));
		} catch (err) {
			if (err instanceof LogoRejected) return { ok: false, values, errors: { i_logo: `sup_error_logo_${err.problem}` }, logoLost: true };
			throw err;
		}
	}
	const place = await resolvePlace(data.place);
	const token = newToken();
	try {
		await transaction(async (tx, client) => {
			const [supporter] = await tx
				.insert(supporters)
				.values({
					kind: data.kind,
					status: 'pending',
					email: data.email,
					locale,
					name: data.name,
					...place,
					institutionKind: data.institutionKind,
					website: data.website,
					contactName: data.contactName,
					logoKey,
					logoRights: data.logoRights,
					createdAt: now,
					updatedAt: now
				})
				.returning();
			await requestConsents(tx, {
				subjectId: supporter!.id,
				email: data.email,
				locale,
				source: ctx.source,
				purposes: data.purposes.filter((p) => p !== 'newsletter'),
				at: now
			});
			let newsletter = false;
			if (data.purposes.includes('newsletter') && !(await subscriberForEmail(tx, data.email))) {
				const [sub] = await tx
					.insert(newsletterSubscribers)
					.values({ email: data.email, locale, status: 'pending', linkKey: newLinkKey(), supporterId: supporter!.id, createdAt: now, updatedAt: now })
					.returning();
				await requestConsents(tx, { subjectId: sub!.id, email: data.email, locale, source: ctx.source, purposes: ['newsletter'], at: now });
				newsletter = true;
			}
			await tx.insert(emailTokens).values({
				tokenHash: hashToken(token),
				purpose: 'supporter.confirm',
				targetId: supporter!.id,
				email: data.email,
				locale,
				createdAt: now,
				expiresAt: new Date(now.getTime() + CONFIRM_HOURS * HOUR_MS)
			});
			const url = `${config().origin}/${locale}/unterstuetzen/bestaetigen?t=${encodeURIComponent(token)}`;
			const outboxId = await queueMail(
				{
					...confirmMail(locale, { name: data.name, url, hours: CONFIRM_HOURS, manageUrl: manageUrl(supporter!.id, locale), newsletter }),
					to: data.email,
					locale,
					template: CONFIRM_TEMPLATE
				},
				{ tx, client }
			);
			const [outbox] = await tx.select({ messageId: mailOutbox.messageId }).from(mailOutbox).where(eq(mailOutbox.id, outboxId));
			const mail = { template: CONFIRM_TEMPLATE, messageId: outbox?.messageId ?? outboxId, at: now };
			await noteConfirmationMail(tx, supporter!.id, mail);
			if (newsletter) {
				const sub = await subscriberForEmail(tx, data.email);
				if (sub) await noteConfirmationMail(tx, sub.id, mail);
			}
			await record(ANONYMOUS, { action: 'supporters.sign', entity: 'supporter', entityId: supporter!.id, after: { kind: data.kind, status: 'pending', purposes: data.purposes }, requestId: ctx.requestId }, tx);
		});
	} catch (err) {
		if (logoKey) await deleteLogo(logoKey);
		// A concurrent second sign-up of the same address: the unique index decided; same answer.
		if ((err as { code?: string }).code === '23505') return { ok: true };
		throw err;
	}
	return { ok: true };
}

export type TokenState = 'usable' | 'used' | 'expired' | 'unknown';
type TokenRow = typeof emailTokens.$inferSelect;

function tokenState(row: TokenRow | undefined, now: Date): TokenState {
	if (!row) return 'unknown';
	if (row.usedAt) return 'used';
	if (row.expiresAt <= now) return 'expired';
	return 'usable';
}

async function findToken(q: Executor, token: string, purpose: string, lock = false): Promise<TokenRow | undefined> {
	if (!token || token.length > 100) return undefined;
	const query = q
		.select()
		.from(emailTokens)
		.where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, purpose)))
		.limit(1);
	const [row] = lock ? await query.for('update') : await query;
	return row;
}

/** For the confirmation page's GET: looks, changes nothing. */
export async function confirmPreview(token: string, now = new Date()): Promise<{ state: TokenState; name?: string }> {
	const row = await findToken(db(), token, 'supporter.confirm');
	const state = tokenState(row, now);
	if (state !== 'usable' || !row?.targetId) return { state: state === 'usable' ? 'unknown' : state };
	const [s] = await db().select({ name: supporters.name }).from(supporters).where(eq(supporters.id, row.targetId));
	return s ? { state, name: s.name } : { state: 'unknown' };
}

export type ConfirmOutcome = { status: 'confirmed'; managePath: string; publicDisplay: boolean; newsletter: boolean } | { status: 'used' | 'expired' | 'unknown' };

/**
 * The POST from the mailed link: consumes the token (single use, expiry
 * checked) and confirms the supporter, its consents and the subscriber that
 * came with the sign-up, in one transaction.
 */
export async function confirmSignature(token: string, now = new Date(), requestId?: string): Promise<ConfirmOutcome> {
	return transaction(async (tx) => {
		const row = await findToken(tx, token, 'supporter.confirm', true);
		const state = tokenState(row, now);
		if (!row || state !== 'usable') return { status: state === 'usable' ? 'unknown' : state };
		await tx.update(emailTokens).set({ usedAt: now }).where(eq(emailTokens.tokenHash, row.tokenHash));
		const [s] = row.targetId ? await tx.select().from(supporters).where(eq(supporters.id, row.targetId)).for('update') : [];
		if (!s) return { status: 'unknown' as const };
		const confirmed = await confirmConsents(tx, s.id, now);
		const publicDisplay = confirmed.some((c) => c.purpose === 'appeal.public') || (s.status === 'confirmed' && s.publicDisplay);
		await tx.update(supporters).set({ status: 'confirmed', confirmedAt: s.confirmedAt ?? now, publicDisplay, updatedAt: now }).where(eq(supporters.id, s.id));
		let newsletter = false;
		const [sub] = await tx.select().from(newsletterSubscribers).where(and(eq(newsletterSubscribers.supporterId, s.id), eq(newsletterSubscribers.status, 'pending')));
		if (sub) {
			await confirmConsents(tx, sub.id, now);
			await tx.update(newsletterSubscribers).set({ status: 'active', confirmedAt: now, updatedAt: now }).where(eq(newsletterSubscribers.id, sub.id));
			newsletter = true;
		}
		await record(ANONYMOUS, { action: 'supporters.confirm', entity: 'supporter', entityId: s.id, before: { status: s.status }, after: { status: 'confirmed', publicDisplay, newsletter }, requestId }, tx);
		return { status: 'confirmed' as const, managePath: `/${s.locale}/unterstuetzen/verwalten?s=${encodeURIComponent(manageToken(s.id))}`, publicDisplay, newsletter };
	});
}

export async function findSupporter(q: Executor, id: string): Promise<SupporterRow | undefined> {
	const [row] = await q.select().from(supporters).where(eq(supporters.id, id));
	return row;
}

/** What the manage page shows: the record and its consents, readable. */
export async function managePreview(signed: string | null) {
	const id = supporterIdFromManage(signed);
	if (!id) return { state: 'invalid' as const };
	const s = await findSupporter(db(), id);
	if (!s) return { state: 'gone' as const };
	return { state: 'ok' as const, supporter: s, consents: (await consentsForSubject(db(), id)).map(consentForExport) };
}

/** Public display off (the appeal.public consent withdrawn); the signature stays. */
export async function withdrawPublic(id: string, channel: 'link' | 'self-service' | 'admin', actor: Actor = ANONYMOUS, now = new Date()): Promise<boolean> {
	return transaction(async (tx) => {
		const [s] = await tx.select().from(supporters).where(eq(supporters.id, id)).for('update');
		if (!s) return false;
		await withdrawConsents(tx, id, channel, ['appeal.public'], now);
		await tx.update(supporters).set({ publicDisplay: false, updatedAt: now }).where(eq(supporters.id, id));
		await record(actor, { action: 'supporters.public.withdraw', entity: 'supporter', entityId: id, before: { publicDisplay: s.publicDisplay }, after: { publicDisplay: false, channel } }, tx);
		return true;
	});
}

/** Withdrawal of the signature: the record (and logo) is deleted; the consents keep only the hash (forgetSubject). */
export async function removeSupporter(q: Executor, id: string, channel: 'link' | 'self-service' | 'admin', actor: Actor, now = new Date()): Promise<SupporterRow | undefined> {
	const [s] = await q.delete(supporters).where(eq(supporters.id, id)).returning();
	if (!s) return undefined;
	await forgetSubject(q, id, channel, now);
	await record(actor, { action: 'supporters.remove', entity: 'supporter', entityId: id, before: { kind: s.kind, status: s.status }, after: { channel } }, q);
	return s;
}

export async function withdrawSignature(id: string, channel: 'link' | 'self-service' | 'admin', actor: Actor = ANONYMOUS, now = new Date()): Promise<boolean> {
	const removed = await transaction((tx) => removeSupporter(tx, id, channel, actor, now));
	if (removed?.logoKey) await deleteLogo(removed.logoKey);
	return !!removed;
}

/** The JSON export of one supporter record with its consents. */
export function supporterForExport(s: SupporterRow) {
	return {
		id: s.id,
		kind: s.kind,
		status: s.status,
		email: s.email,
		language: s.locale,
		name: s.name,
		place: s.placeName,
		ags: s.ags,
		region: s.region,
		institutionKind: s.institutionKind,
		website: s.website,
		contactName: s.contactName,
		logo: s.logoKey ? { file: s.logoKey, rights: s.logoRights } : null,
		publicDisplay: s.publicDisplay,
		createdAt: s.createdAt.toISOString(),
		confirmedAt: s.confirmedAt?.toISOString() ?? null,
		updatedAt: s.updatedAt.toISOString()
	};
}

export async function manageExport(id: string) {
	const s = await findSupporter(db(), id);
	if (!s) return undefined;
	return { generatedAt: new Date().toISOString(), supporter: supporterForExport(s), consents: (await consentsForSubject(db(), id)).map(consentForExport) };
}

/**
 * The daily purge (D-06): pending supporters older than PENDING_DAYS are
 * deleted and their consents lapse (the hashed proof stays); pending
 * subscribers that came with them go too; spent or expired supporter tokens
 * older than PENDING_DAYS are deleted.
 */
export async function purgePending(now = new Date()): Promise<{ supporters: number; subscribers: number; tokens: number }> {
	const before = new Date(now.getTime() - PENDING_DAYS * DAY_MS);
	const result = await transaction(async (tx) => {
		const gone = await tx
			.delete(supporters)
			.where(and(eq(supporters.status, 'pending'), lt(supporters.createdAt, before)))
			.returning({ id: supporters.id, logoKey: supporters.logoKey });
		const ids = gone.map((g) => g.id);
		const subs = ids.length
			? await tx
					.delete(newsletterSubscribers)
					.where(and(inArray(newsletterSubscribers.supporterId, ids), eq(newsletterSubscribers.status, 'pending')))
					.returning({ id: newsletterSubscribers.id })
			: [];
		await expireConsents(tx, [...ids, ...subs.map((s) => s.id)], now);
		const tokens = await tx
			.delete(emailTokens)
			.where(and(like(emailTokens.purpose, 'supporter.%'), or(isNotNull(emailTokens.usedAt), lt(emailTokens.expiresAt, now)), lt(emailTokens.createdAt, before)))
			.returning({ h: emailTokens.tokenHash });
		const counts = { supporters: ids.length, subscribers: subs.length, tokens: tokens.length };
		if (counts.supporters + counts.tokens > 0) await record(SYSTEM, { action: 'supporters.purge', entity: 'supporter', after: counts }, tx);
		return { counts, logos: gone.map((g) => g.logoKey).filter((k): k is string => !!k) };
	});
	for (const key of result.logos) await deleteLogo(key);
	return result.counts;
}

export { normaliseEmail };
