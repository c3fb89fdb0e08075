/**
 * "For the newsletter": the network sends in project news, event
 * announcements, practical aids and offers; the office approves or rejects
 * them in a queue; the sending side pulls approved items into an issue
 * (approvedSubmissions / markUsed).
 *
 * No double opt-in for the submitter's address: it is used only to answer
 * about this one item (receipt, decision) — no consent to anything ongoing
 * is asked, so there is nothing to confirm. ALTCHA, honeypot and rate limits
 * keep the form from being used to mail strangers. Name and address are
 * kept until 90 days after the item was rejected or used (purge.ts).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { legal } from '../../content/legal';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { m } from '../../paraglide/messages';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { ANONYMOUS, requireAccess, type Actor } from '../access/policy';
import { REGIONS, type Region } from '../accounts/schema';
import { record } from '../audit/service';
import { config } from '../core/config';
import { db, transaction, type Executor } from '../core/db';
import { queueMail } from '../mail/service';
import { MARKDOWN_MAX, renderMarkdown, safeLinkTarget, sanitiseMarkdown, type SafeHtml } from '../markdown';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../protection/service';
import { hit } from '../protection/rate-limit';
import { SUBMISSION_KINDS, SUBMISSION_STATUSES, type SubmissionKind, type SubmissionStatus } from '../../newsletter/vocabulary';
import { officeSubmissionMail, submissionReceiptMail, submissionRejectedMail } from './mails';
import { newsletterSubmissions } from './schema';

export const SUBMISSION_FORM = 'newsletter-submission';
export const SUBMISSION_LIMIT = { name: 'ip', max: 10, windowSeconds: 3600 };
/** Receipts per address and day: the form cannot be used to flood someone's inbox. */
export const SUBMISSION_ADDRESS_LIMIT = { name: 'newsletter-submission:address', max: 5, windowSeconds: 24 * 3600 };
export const TITLE_MAX = 150;
export const NOTE_MAX = 2000;

export type SubmissionRow = typeof newsletterSubmissions.$inferSelect;

const oneLine = (max: number, required: string, tooLong: string) =>
	z
		.string()
		.transform((v) => v.replace(/\s+/g, ' ').trim())
		.pipe(z.string().min(1, { error: required }).max(max, { error: tooLong }));

const optionalLine = (max: number, tooLong: string) =>
	z
		.string()
		.transform((v) => v.replace(/\s+/g, ' ').trim())
		.pipe(z.string().max(max, { error: tooLong }))
		.transform((v) => v || null);

const submissionSchema = z.object({
	kind: z.enum(SUBMISSION_KINDS, { error: 'nl_error_kind' }),
	title: oneLine(TITLE_MAX, 'nl_error_title_required', 'nl_error_title_too_long'),
	body: z
		.string()
		.transform((v) => sanitiseMarkdown(v))
		.pipe(z.string().min(1, { error: 'nl_error_body_required' }).max(MARKDOWN_MAX, { error: 'nl_error_body_too_long' })),
	link: z
		.string()
		.trim()
		.max(500, { error: 'nl_error_link' })
		.transform((v, ctx) => {
			if (!v) return null;
			const safe = safeLinkTarget(v);
			if (!safe || !/^https?:/i.test(safe)) {
				ctx.addIssue({ code: 'custom', message: 'nl_error_link' });
				return z.NEVER;
			}
			return safe;
		}),
	region: z
		.string()
		.refine((v) => v === '' || (REGIONS as readonly string[]).includes(v), { error: 'nl_error_region' })
		.transform((v) => (v ? (v as Region) : null)),
	name: oneLine(120, 'nl_error_name_required', 'nl_error_name_too_long'),
	email: z
		.string()
		.trim()
		.min(1, { error: 'nl_error_email_required' })
		.max(254, { error: 'nl_error_email' })
		.pipe(z.email({ error: 'nl_error_email' }))
		.transform((v) => v.toLowerCase()),
	organisation: optionalLine(200, 'nl_error_organisation_too_long')
});

export type SubmissionValues = Record<'kind' | 'title' | 'body' | 'link' | 'region' | 'name' | 'email' | 'organisation', string>;

export function submissionValues(form: FormData): SubmissionValues {
	const text = (name: string, max = 1000) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, max) : '';
	};
	return {
		kind: text('kind'),
		title: text('title'),
		body: text('body', MARKDOWN_MAX * 2),
		link: text('link'),
		region: text('region'),
		name: text('name'),
		email: text('email'),
		organisation: text('organisation')
	};
}

export type SubmitOutcome =
	| { ok: true }
	| { ok: false; values: SubmissionValues; errors: FieldErrors; reason?: ProtectionReason; retryAfterSeconds?: number };

export interface SubmitContext {
	ip: string;
	locale: string;
	now?: Date;
	requestId?: string;
}

/** Validate, protect, store as 'submitted', receipt to the submitter, a short note to the office. */
export async function submitForNewsletter(form: FormData, ctx: SubmitContext): Promise<SubmitOutcome> {
	const now = ctx.now ?? new Date();
	const locale: Locale = isLocale(ctx.locale) ? ctx.locale : baseLocale;
	const values = submissionValues(form);
	const parsed = submissionSchema.safeParse(values);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'title') };

	const protection = await checkSubmission(form, { form: SUBMISSION_FORM, ip: ctx.ip, limit: SUBMISSION_LIMIT, now });
	if (!protection.ok) {
		if (protection.reason === 'spam') return { ok: true };
		return protectionRejection(protection, values);
	}
	const input = parsed.data;
	const receipt = (await hit(SUBMISSION_ADDRESS_LIMIT, input.email, now)).ok;

	await transaction(async (tx, client) => {
		const [row] = await tx
			.insert(newsletterSubmissions)
			.values({
				kind: input.kind,
				status: 'submitted',
				title: input.title,
				body: input.body,
				link: input.link,
				region: input.region,
				submitterName: input.name,
				submitterEmail: input.email,
				organisation: input.organisation,
				locale,
				createdAt: now,
				submittedAt: now
			})
			.returning();
		if (receipt) {
			await queueMail({ ...submissionReceiptMail(locale, input.title), to: input.email, locale, template: 'newsletter.submission.receipt.v1' }, { tx, client });
		}
		await queueMail(
			{
				...officeSubmissionMail({
					kind: kindLabelDe(input.kind),
					title: input.title,
					name: input.name,
					organisation: input.organisation,
					queueUrl: `${config().origin}/de/admin/newsletter/beitraege/${row!.id}`
				}),
				to: legal.office.email,
				locale: 'de',
				template: 'newsletter.submission.office.v1'
			},
			{ tx, client }
		);
		await record(ANONYMOUS, { action: 'newsletter.submission.submit', entity: 'newsletter_submission', entityId: row!.id, after: { kind: input.kind, status: 'submitted' }, requestId: ctx.requestId }, tx);
	});
	return { ok: true };
}

/** German kind names for the office mail (the office reads German). */
const KIND_LABELS: Record<SubmissionKind, (l: Locale) => string> = {
	project_news: (l) => m.nl_kind_project_news({}, { locale: l }),
	event: (l) => m.nl_kind_event({}, { locale: l }),
	practical_aid: (l) => m.nl_kind_practical_aid({}, { locale: l }),
	offer: (l) => m.nl_kind_offer({}, { locale: l })
};
function kindLabelDe(kind: SubmissionKind): string {
	return KIND_LABELS[kind]('de');
}

export interface SubmissionListItem {
	id: string;
	kind: SubmissionKind;
	status: SubmissionStatus;
	title: string;
	organisation: string | null;
	region: string | null;
	submittedAt: string;
}

export const QUEUE_STATUSES = ['submitted', 'approved', 'rejected', 'used'] as const satisfies readonly SubmissionStatus[];
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export function isQueueStatus(v: string | null): v is QueueStatus {
	return !!v && (QUEUE_STATUSES as readonly string[]).includes(v);
}

/** The queue, by status; the oldest waiting item first (first come, first served). */
export async function listSubmissions(actor: Actor, status: QueueStatus): Promise<{ items: SubmissionListItem[]; counts: Record<QueueStatus, number> }> {
	requireAccess(actor, 'newsletter.submissions');
	const rows = await db()
		.select()
		.from(newsletterSubmissions)
		.where(eq(newsletterSubmissions.status, status))
		.orderBy(status === 'submitted' ? asc(newsletterSubmissions.createdAt) : desc(newsletterSubmissions.createdAt))
		.limit(200);
	const countRows = await db()
		.select({ status: newsletterSubmissions.status, n: sql<number>`count(*)::int` })
		.from(newsletterSubmissions)
		.groupBy(newsletterSubmissions.status);
	const counts = Object.fromEntries(QUEUE_STATUSES.map((s) => [s, countRows.find((r) => r.status === s)?.n ?? 0])) as Record<QueueStatus, number>;
	return {
		items: rows.map((r) => ({
			id: r.id,
			kind: r.kind,
			status: r.status,
			title: r.title,
			organisation: r.organisation,
			region: r.region,
			submittedAt: (r.submittedAt ?? r.createdAt).toISOString()
		})),
		counts
	};
}

export interface SubmissionDetail extends SubmissionListItem {
	html: SafeHtml;
	body: string;
	link: string | null;
	submitterName: string;
	submitterEmail: string;
	locale: string;
	moderatedAt: string | null;
	moderationNote: string | null;
	issueId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function getSubmission(actor: Actor, id: string): Promise<SubmissionDetail | undefined> {
	requireAccess(actor, 'newsletter.submissions');
	if (!UUID.test(id)) return undefined;
	const [r] = await db().select().from(newsletterSubmissions).where(eq(newsletterSubmissions.id, id)).limit(1);
	if (!r) return undefined;
	return {
		id: r.id,
		kind: r.kind,
		status: r.status,
		title: r.title,
		organisation: r.organisation,
		region: r.region,
		submittedAt: (r.submittedAt ?? r.createdAt).toISOString(),
		html: renderMarkdown(r.body),
		body: r.body,
		link: r.link,
		submitterName: r.submitterName,
		submitterEmail: r.submitterEmail,
		locale: r.locale,
		moderatedAt: r.moderatedAt?.toISOString() ?? null,
		moderationNote: r.moderationNote,
		issueId: r.issueId
	};
}

export type Decision = 'approve' | 'reject';
export type DecisionOutcome = { ok: true; status: 'approved' | 'rejected' } | { ok: false; reason: 'not_found' | 'not_open' } | { ok: false; reason: 'note'; error: string };

/**
 * Approve or reject an item that is waiting ('submitted'; an approved one
 * may still be rejected before it is used). Rejecting needs a note, which
 * is mailed to the submitter in their language. Every decision is audited.
 */
export async function decideSubmission(actor: Actor, id: string, decision: Decision, rawNote: string, now = new Date(), requestId?: string): Promise<DecisionOutcome> {
	requireAccess(actor, 'newsletter.submissions');
	if (!UUID.test(id)) return { ok: false, reason: 'not_found' };
	const note = rawNote.replace(/\r\n/g, '\n').trim();
	if (note.length > NOTE_MAX) return { ok: false, reason: 'note', error: 'nl_error_note_too_long' };
	if (decision === 'reject' && !note) return { ok: false, reason: 'note', error: 'nl_error_note_required' };
	return transaction(async (tx, client): Promise<DecisionOutcome> => {
		const [row] = await tx.select().from(newsletterSubmissions).where(eq(newsletterSubmissions.id, id)).limit(1).for('update');
		if (!row) return { ok: false, reason: 'not_found' };
		const open = row.status === 'submitted' || (decision === 'reject' && row.status === 'approved');
		if (!open) return { ok: false, reason: 'not_open' };
		const status = decision === 'approve' ? 'approved' : 'rejected';
		await tx
			.update(newsletterSubmissions)
			.set({ status, moderatedAt: now, moderatedBy: actor.kind === 'user' ? actor.id : null, moderationNote: note || null })
			.where(eq(newsletterSubmissions.id, id));
		if (status === 'rejected') {
			await queueMail(
				{ ...submissionRejectedMail(row.locale, row.title, note), to: row.submitterEmail, locale: row.locale, template: 'newsletter.submission.rejected.v1' },
				{ tx, client }
			);
		}
		await record(
			actor,
			{ action: `newsletter.submission.${decision}`, entity: 'newsletter_submission', entityId: id, before: { status: row.status }, after: { status, note: note || null }, requestId },
			tx
		);
		return { ok: true, status };
	});
}

/** An approved item as the issue editor pulls it in (no submitter address: the issue never needs it). */
export interface ApprovedSubmission {
	id: string;
	kind: SubmissionKind;
	title: string;
	/** Sanitised limited Markdown. */
	body: string;
	link: string | null;
	organisation: string | null;
	submitterName: string;
	region: string | null;
	locale: string;
	approvedAt: Date | null;
}

/** Approved items not yet used in an issue, oldest approval first. */
export async function approvedSubmissions(q: Executor): Promise<ApprovedSubmission[]> {
	const rows = await q
		.select()
		.from(newsletterSubmissions)
		.where(eq(newsletterSubmissions.status, 'approved'))
		.orderBy(asc(newsletterSubmissions.moderatedAt), asc(newsletterSubmissions.createdAt));
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		title: r.title,
		body: r.body,
		link: r.link,
		organisation: r.organisation,
		submitterName: r.submitterName,
		region: r.region,
		locale: r.locale,
		approvedAt: r.moderatedAt
	}));
}

/**
 * Marks approved items as used in an issue. Only 'approved' items change
 * (an item cannot be used twice or used unapproved); returns the ids that did.
 */
export async function markUsed(q: Executor, ids: readonly string[], issueId: string): Promise<string[]> {
	const valid = ids.filter((id) => UUID.test(id));
	if (valid.length === 0) return [];
	const rows = await q
		.update(newsletterSubmissions)
		.set({ status: 'used', issueId })
		.where(and(inArray(newsletterSubmissions.id, valid), eq(newsletterSubmissions.status, 'approved')))
		.returning({ id: newsletterSubmissions.id });
	return rows.map((r) => r.id);
}

export { SUBMISSION_KINDS, SUBMISSION_STATUSES };
