/**
 * Community events (issue 5): initiatives announce their own events without
 * an account. The form reuses the staff form's field parsing (staff-form.ts)
 * with kind 'community' and registration off; the sender's address is
 * verified by a mailed single-use link (email_tokens, 48 h) before the event
 * enters the moderation queue. Signed-in people (their address was proven at
 * sign-in) skip the verification and may link the event to an atlas entry
 * they own. Staff approve or reject in the queue; never their own
 * submission (S-06). See ADR 0020.
 */
import type pg from 'pg';
import { z } from 'zod';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { ANONYMOUS, SYSTEM, requireAccess, type Actor } from '../access/policy';
import type { Region } from '../accounts/schema';
import { record } from '../audit/service';
import { config } from '../core/config';
import { dbPool, transaction, type Db } from '../core/db';
import { hashToken, newToken } from '../core/tokens';
import { queueMail } from '../mail/service';
import { hit } from '../protection/rate-limit';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../protection/service';
import { slugify } from '../atlas/write/slug';
import { staffRegions, uniqueSlug } from './admin';
import { eventUrl } from './calendar';
import { submissionApprovedMail, submissionRejectedMail, submissionVerifyMail, type CommunityMail } from './community-mails';
import * as repo from './repository';
import type { EventRow, Queryable } from './repository';
import { eventFormValues, parseEventForm, type EventFormValues } from './staff-form';

export const SUBMISSION_FORM = 'event-submission';
export const SUBMISSION_LIMIT = { name: 'ip', max: 10, windowSeconds: 3600 };
/** Verification mails per address and day: nobody can flood someone else's inbox. */
export const SUBMITTER_LIMIT = { name: 'event-submission:address', max: 5, windowSeconds: 24 * 3600 };
export const TOKEN_PURPOSE = 'event.submission';
export const VERIFY_HOURS = 48;
/** Drafts whose address was never verified are deleted after this many days. */
export const DRAFT_DAYS = 7;
export const NOTE_MAX = 2000;

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The public form posts the staff form's field names, except the website:
 * `website` is the protection honeypot, so the public field is `event_website`.
 */
const PUBLIC_TEXT_FIELDS = [
	'title',
	'description',
	'text_locale',
	'online',
	'online_url',
	'venue_name',
	'street',
	'postcode',
	'place',
	'start_date',
	'start_time',
	'end_date',
	'end_time',
	'step_free',
	'accessibility',
	'organiser',
	'contact_email',
	'contact_phone'
] as const;
const PUBLIC_LIST_FIELDS = ['fields', 'languages', 'interpretation'] as const;

export type SubmissionValues = EventFormValues & { event_website: string; submitter_name: string; submitter_email: string; project_id: string };

const submitterSchema = z.object({
	submitter_name: z.string().trim().min(1, { error: 'evc_error_name' }).max(200, { error: 'evc_error_too_long' }),
	submitter_email: z
		.string()
		.trim()
		.min(1, { error: 'evc_error_email' })
		.max(254, { error: 'evc_error_email' })
		.pipe(z.email({ error: 'evc_error_email' }))
		.transform((v) => v.toLowerCase())
});

const str = (form: FormData, name: string, max = 500) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.slice(0, max) : '';
};

/** The staff form's input for a public submission: community, draft, no registration, no series. */
function staffFormData(form: FormData): FormData {
	const out = new FormData();
	for (const name of PUBLIC_TEXT_FIELDS) {
		const v = form.get(name);
		if (typeof v === 'string') out.set(name, v);
	}
	for (const name of PUBLIC_LIST_FIELDS) for (const v of form.getAll(name)) if (typeof v === 'string') out.append(name, v);
	out.set('website', str(form, 'event_website'));
	out.set('kind', 'community');
	out.set('status', 'draft');
	// The region follows from the place (AGS); online-only events are state-wide.
	out.set('region', '');
	out.set('repeat', 'none');
	out.set('registration_enabled', '');
	out.set('registration_open', '');
	if (!out.get('text_locale')) out.set('text_locale', baseLocale);
	if (!out.get('step_free')) out.set('step_free', 'unknown');
	if (!out.get('online')) out.set('online', 'no');
	return out;
}

export interface OwnedEntry {
	id: string;
	slug: string;
	title: string;
}

/** Published atlas entries the person owns (for the "belongs to" select and stand requests). */
export async function ownedPublishedEntries(actor: Actor, locale: string, q: Queryable = dbPool()): Promise<OwnedEntry[]> {
	if (actor.kind !== 'user') return [];
	const res = await q.query<OwnedEntry>(
		`select p.id, p.slug, coalesce(tl.title, ts.title, p.slug) as title
		 from project_owners o join projects p on p.id = o.project_id
		 left join project_texts tl on tl.project_id = p.id and tl.locale = $2
		 left join project_texts ts on ts.project_id = p.id and ts.locale = p.source_locale
		 where o.user_id = $1 and p.status = 'published'
		 order by lower(coalesce(tl.title, ts.title, p.slug))`,
		[actor.id, locale]
	);
	return res.rows;
}

/** The signed-in person's account address (lower case); null for anyone else. */
export async function userEmail(actor: Actor, q: Queryable = dbPool()): Promise<string | null> {
	if (actor.kind !== 'user') return null;
	const res = await q.query<{ email: string }>('select email from users where id = $1', [actor.id]);
	return res.rows[0]?.email.toLowerCase() ?? null;
}

export type SubmitOutcome =
	| { ok: true; verify: boolean }
	| { ok: false; values: SubmissionValues; errors: FieldErrors; reason?: ProtectionReason; retryAfterSeconds?: number };

export interface SubmitContext {
	actor: Actor;
	ip: string;
	locale: string;
	now?: Date;
	/** Tests: skip the bot protection. */
	trusted?: boolean;
	requestId?: string;
}

const localeOf = (l: string | null | undefined): Locale => (l && isLocale(l) ? l : baseLocale);
const pageUrl = (locale: string, token: string) => `${config().origin}/${locale}/veranstaltungen/eintragen/bestaetigen?token=${encodeURIComponent(token)}`;

/**
 * Validates everything first (mistakes never count against a limit), then the
 * bot protection, then stores the event: a draft with a verification mail, or
 * — signed in — straight into the moderation queue.
 */
export async function submitCommunityEvent(form: FormData, ctx: SubmitContext): Promise<SubmitOutcome> {
	const now = ctx.now ?? new Date();
	const locale = localeOf(ctx.locale);
	const signedIn = ctx.actor.kind === 'user';
	const accountEmail = await userEmail(ctx.actor);

	const parsed = await parseEventForm(staffFormData(form));
	const base = parsed.ok ? eventFormValues(staffFormData(form)) : parsed.values;
	const values: SubmissionValues = {
		...base,
		event_website: str(form, 'event_website'),
		submitter_name: str(form, 'submitter_name', 400),
		submitter_email: signedIn ? (accountEmail ?? '') : str(form, 'submitter_email', 400),
		project_id: signedIn ? str(form, 'project_id', 100) : ''
	};
	const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
	if (errors.website) {
		errors.event_website = errors.website;
		delete errors.website;
	}
	const submitter = submitterSchema.safeParse({ submitter_name: values.submitter_name, submitter_email: values.submitter_email });
	if (!submitter.success) Object.assign(errors, fieldErrorsFrom(submitter.error.issues, 'submitter_name'));
	let projectId: string | null = null;
	if (values.project_id) {
		// Only an entry the person owns (checked here, whatever the page offered).
		const owned = await ownedPublishedEntries(ctx.actor, locale);
		if (owned.some((o) => o.id === values.project_id)) projectId = values.project_id;
		else errors.project_id = 'evc_error_project';
	}
	if (!parsed.ok || !submitter.success || Object.keys(errors).length > 0) return { ok: false, values, errors };

	if (!ctx.trusted) {
		const protection = await checkSubmission(form, { form: SUBMISSION_FORM, ip: ctx.ip, limit: SUBMISSION_LIMIT, now });
		if (!protection.ok) {
			// A filled honeypot gets the answer a person gets; nothing is stored or sent.
			if (protection.reason === 'spam') return { ok: true, verify: !signedIn };
			return protectionRejection(protection, values);
		}
		if (!signedIn && !(await hit(SUBMITTER_LIMIT, submitter.data.submitter_email, now)).ok) return { ok: true, verify: true };
	}

	const verify = !signedIn;
	await transaction(async (tx, client) => {
		const slug = await uniqueSlug(client, slugify(parsed.event.title));
		const row = await repo.insertEvent(
			client,
			slug,
			{
				...parsed.event,
				kind: 'community',
				status: verify ? 'draft' : 'submitted',
				registrationEnabled: false,
				capacity: null,
				questions: [],
				consentText: '',
				seriesId: null,
				projectId,
				demo: false,
				createdBy: ctx.actor.kind === 'user' ? ctx.actor.id : null
			},
			now
		);
		await client.query(
			`update events set submitter_name = $2, submitter_email = $3, submitter_locale = $4, submitted_at = $5 where id = $1`,
			[row.id, submitter.data.submitter_name, submitter.data.submitter_email, locale, verify ? null : now]
		);
		if (verify) {
			const token = newToken();
			await client.query(
				`insert into email_tokens (token_hash, purpose, target_id, email, locale, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7)`,
				[hashToken(token), TOKEN_PURPOSE, row.id, submitter.data.submitter_email, locale, now, new Date(now.getTime() + VERIFY_HOURS * HOUR_MS)]
			);
			const mail = submissionVerifyMail(row, locale, submitter.data.submitter_name, pageUrl(locale, token), VERIFY_HOURS);
			await sendCommunityMail({ tx, client }, submitter.data.submitter_email, locale, mail);
		}
		await record(
			ctx.actor.kind === 'user' ? ctx.actor : ANONYMOUS,
			{ action: 'events.community.submit', entity: 'event', entityId: row.id, after: { slug, status: verify ? 'draft' : 'submitted', projectId, locale }, requestId: ctx.requestId },
			tx
		);
	});
	return { ok: true, verify };
}

export async function sendCommunityMail(t: { tx: Db; client: pg.PoolClient }, to: string, locale: Locale, mail: CommunityMail): Promise<void> {
	const { template, ...rendered } = mail;
	await queueMail({ ...rendered, to, locale, template }, t);
}

// ——— Verification link ———

export type LinkState = 'usable' | 'used' | 'expired' | 'unknown';

function plausible(token: string | null | undefined): token is string {
	return typeof token === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

interface TokenRow {
	targetId: string;
	expiresAt: Date;
	usedAt: Date | null;
}

async function findToken(q: Queryable, token: string, forUpdate = false): Promise<TokenRow | undefined> {
	const res = await q.query<TokenRow>(
		`select target_id as "targetId", expires_at as "expiresAt", used_at as "usedAt" from email_tokens where token_hash = $1 and purpose = $2${forUpdate ? ' for update' : ''}`,
		[hashToken(token), TOKEN_PURPOSE]
	);
	return res.rows[0];
}

/** For the GET page: looks, changes nothing (mail scanners prefetch links). */
export async function previewVerification(token: string | null | undefined, now = new Date()): Promise<{ state: LinkState; title?: string; textLocale?: string }> {
	if (!plausible(token)) return { state: 'unknown' };
	const row = await findToken(dbPool(), token);
	const event = row && (await repo.findEventById(dbPool(), row.targetId));
	if (!row || !event) return { state: 'unknown' };
	return { state: row.usedAt ? 'used' : row.expiresAt <= now ? 'expired' : 'usable', title: event.title, textLocale: event.textLocale };
}

/** The POST: consumes the link once; the draft enters the moderation queue. */
export async function verifySubmission(token: string | null | undefined, now = new Date()): Promise<{ ok: true; title: string } | { ok: false; state: Exclude<LinkState, 'usable'> }> {
	if (!plausible(token)) return { ok: false, state: 'unknown' };
	return transaction(async (tx, client) => {
		const row = await findToken(client, token, true);
		if (!row) return { ok: false as const, state: 'unknown' as const };
		if (row.usedAt) return { ok: false as const, state: 'used' as const };
		if (row.expiresAt <= now) return { ok: false as const, state: 'expired' as const };
		const event = await repo.findEventById(client, row.targetId, { forUpdate: true });
		if (!event) return { ok: false as const, state: 'unknown' as const };
		await client.query(`update email_tokens set used_at = $2 where token_hash = $1`, [hashToken(token), now]);
		if (event.status === 'draft') {
			await client.query(`update events set status = 'submitted', submitted_at = $2, updated_at = $2 where id = $1`, [event.id, now]);
			await record(ANONYMOUS, { action: 'events.community.verify', entity: 'event', entityId: event.id, after: { status: 'submitted' } }, tx);
		}
		return { ok: true as const, title: event.title };
	});
}

/** Daily: drafts whose sender never verified the address are deleted after DRAFT_DAYS, with their links. */
export async function purgeUnverifiedDrafts(now = new Date()): Promise<number> {
	return transaction(async (tx, client) => {
		const res = await client.query<{ id: string }>(
			`delete from events where kind = 'community' and status = 'draft' and submitted_at is null and submitter_email is not null and created_at <= $1 returning id`,
			[new Date(now.getTime() - DRAFT_DAYS * DAY_MS)]
		);
		const ids = res.rows.map((r) => r.id);
		if (ids.length > 0) {
			await client.query(`delete from email_tokens where purpose = $1 and target_id = any($2::uuid[])`, [TOKEN_PURPOSE, ids]);
			await record(SYSTEM, { action: 'events.community.purge', entity: 'event', after: { deleted: ids.length } }, tx);
		}
		return ids.length;
	});
}

// ——— Moderation ———

export interface SubmissionItem {
	id: string;
	slug: string;
	title: string;
	region: Region | null;
	placeName: string | null;
	online: EventRow['online'];
	startsAt: string;
	submittedAt: string;
	submitterName: string;
}

function regionFilter(actor: Actor): Region[] | null {
	return staffRegions(actor);
}

/** Submitted community events, oldest first; regional staff see their region's, state-wide/online ones only admins and editors. */
export async function listSubmissions(actor: Actor): Promise<SubmissionItem[]> {
	const regions = regionFilter(actor);
	const res = await dbPool().query<SubmissionItem & { startsAt: Date; submittedAt: Date }>(
		`select id, slug, title, region, place_name as "placeName", online, starts_at as "startsAt", submitted_at as "submittedAt",
			coalesce(submitter_name, '') as "submitterName"
		 from events where status = 'submitted' and ($1::text[] is null or region = any($1::text[]))
		 order by submitted_at, id limit 300`,
		[regions]
	);
	return res.rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt).toISOString(), submittedAt: new Date(r.submittedAt).toISOString() }));
}

export async function countSubmissions(actor: Actor): Promise<number> {
	const regions = regionFilter(actor);
	const res = await dbPool().query<{ n: string }>(`select count(*) as n from events where status = 'submitted' and ($1::text[] is null or region = any($1::text[]))`, [
		regions
	]);
	return Number(res.rows[0]!.n);
}

export interface SubmissionDetail {
	event: EventRow;
	submitter: { name: string; email: string; locale: string; submittedAt: Date | null; createdBy: string | null };
	project: { slug: string; title: string } | null;
	/** The actor sent it in: they may not decide on it (S-06). */
	own: boolean;
	/** Published events with a similar title on the same day in the same district (or both without a place): maybe the same event. */
	similar: { slug: string; title: string }[];
}

/** A warning for the reviewer, never a block: similar title (trigrams), same Berlin day, same district. */
export async function similarPublished(e: Pick<EventRow, 'id' | 'title' | 'startsAt' | 'districtKey'>, q: Queryable = dbPool()): Promise<{ slug: string; title: string }[]> {
	const res = await q.query<{ slug: string; title: string }>(
		`select slug, title from events
		 where status = 'published' and id <> $1
		   and (starts_at at time zone 'Europe/Berlin')::date = ($2::timestamptz at time zone 'Europe/Berlin')::date
		   and district_key is not distinct from $4
		   and similarity(lower(title), lower($3)) >= 0.3
		 order by similarity(lower(title), lower($3)) desc limit 5`,
		[e.id, e.startsAt, e.title, e.districtKey]
	);
	return res.rows;
}

async function submitterOf(q: Queryable, id: string) {
	const res = await q.query<{ name: string | null; email: string | null; locale: string | null; submittedAt: Date | null; createdBy: string | null }>(
		`select submitter_name as name, submitter_email as email, submitter_locale as locale, submitted_at as "submittedAt", created_by as "createdBy" from events where id = $1`,
		[id]
	);
	return res.rows[0];
}

async function isOwnSubmission(actor: Actor, s: { email: string | null; createdBy: string | null }, q: Queryable): Promise<boolean> {
	if (actor.kind !== 'user') return false;
	if (s.createdBy === actor.id) return true;
	const email = await userEmail(actor, q);
	return !!email && !!s.email && email === s.email.toLowerCase();
}

export async function submissionDetail(actor: Actor, id: string, locale: string): Promise<SubmissionDetail | null> {
	requireAccess(actor, 'events.manage');
	const event = await repo.findEventById(dbPool(), id);
	if (!event || event.kind !== 'community') return null;
	requireAccess(actor, 'events.manage', { region: event.region });
	const s = (await submitterOf(dbPool(), id))!;
	let project: SubmissionDetail['project'] = null;
	if (event.projectId) {
		const res = await dbPool().query<{ slug: string; title: string }>(
			`select p.slug, coalesce(tl.title, ts.title, p.slug) as title from projects p
			 left join project_texts tl on tl.project_id = p.id and tl.locale = $2
			 left join project_texts ts on ts.project_id = p.id and ts.locale = p.source_locale where p.id = $1`,
			[event.projectId, locale]
		);
		project = res.rows[0] ?? null;
	}
	return {
		event,
		submitter: { name: s.name ?? '', email: s.email ?? '', locale: s.locale ?? baseLocale, submittedAt: s.submittedAt, createdBy: s.createdBy },
		project,
		own: await isOwnSubmission(actor, s, dbPool()),
		similar: await similarPublished(event)
	};
}

export type Decision = 'approve' | 'reject';
export type DecideOutcome = { ok: true } | { ok: false; reason: 'not_found' | 'not_pending' | 'own' } | { ok: false; errors: FieldErrors };

/**
 * Approve (→ published) or reject (with a reason, which the sender reads and
 * may answer by sending the event in again). Mails the sender in their language.
 */
export async function decideSubmission(
	actor: Actor,
	id: string,
	decision: Decision,
	note: string,
	opts: { now?: Date; requestId?: string } = {}
): Promise<DecideOutcome> {
	requireAccess(actor, 'events.manage');
	const now = opts.now ?? new Date();
	const text = note.trim();
	if (decision === 'reject' && !text) return { ok: false, errors: { note: 'evc_error_note_required' } };
	if (text.length > NOTE_MAX) return { ok: false, errors: { note: 'evc_error_too_long' } };
	return transaction(async (tx, client) => {
		const event = await repo.findEventById(client, id, { forUpdate: true });
		if (!event || event.kind !== 'community') return { ok: false as const, reason: 'not_found' as const };
		requireAccess(actor, 'events.manage', { region: event.region });
		if (event.status !== 'submitted') return { ok: false as const, reason: 'not_pending' as const };
		const s = (await submitterOf(client, id))!;
		if (await isOwnSubmission(actor, s, client)) return { ok: false as const, reason: 'own' as const };
		const by = actor.kind === 'user' ? actor.id : null;
		if (decision === 'approve') {
			await client.query(
				`update events set status = 'published', published_at = $2, updated_at = $2, moderated_at = $2, moderated_by = $3, moderation_note = $4 where id = $1`,
				[id, now, by, text || null]
			);
		} else {
			await client.query(`update events set status = 'rejected', updated_at = $2, moderated_at = $2, moderated_by = $3, moderation_note = $4 where id = $1`, [
				id,
				now,
				by,
				text
			]);
		}
		await record(
			actor,
			{ action: `events.community.${decision}`, entity: 'event', entityId: id, before: { status: 'submitted' }, after: { status: decision === 'approve' ? 'published' : 'rejected', note: text || null }, requestId: opts.requestId },
			tx
		);
		if (s.email) {
			const l = localeOf(s.locale);
			const mail =
				decision === 'approve'
					? submissionApprovedMail(event, l, s.name ?? '', eventUrl(event.slug, l), text)
					: submissionRejectedMail(event, l, s.name ?? '', text, `${config().origin}/${l}/veranstaltungen/eintragen`);
			await sendCommunityMail({ tx, client }, s.email, l, mail);
		}
		return { ok: true as const };
	});
}
