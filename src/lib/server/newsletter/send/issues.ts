/**
 * The editor's side of newsletter issues: list, create, edit the texts per
 * language and the segment (optimistic locking on updated_at), images,
 * approved submissions, preview, test mail, schedule, send now, pause /
 * resume / cancel. Every write is audited. Also the public archive.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { record } from '../../audit/service';
import { requireAccess, type Actor } from '../../access/policy';
import { config } from '../../core/config';
import { db, dbPool, transaction, type Db } from '../../core/db';
import { queueMail } from '../../mail/service';
import { sanitiseMarkdown } from '../../markdown';
import { mediaStorage } from '../../storage';
import { ImageRejected, MAX_UPLOAD_BYTES, processImage } from '../../atlas/media/process';
import { berlinInstant, berlinWallClock } from '../../events/time';
import type { IssueStatus } from '../../../newsletter/vocabulary';
import { approvedSubmissions, markUsed, type ApprovedSubmission } from '../submissions';
import { controlSend, NotSendable, progress, startSend, type Control } from './engine';
import { personalise, render, IMAGE_PATH, type IssueText, type RenderedIssue } from './render';
import { cleanSegment, countRecipients, type Queryable, type Segment } from './segment';

export const ISSUE_LOCALES = ['de', 'en', 'ar'] as const;
export type IssueLocale = (typeof ISSUE_LOCALES)[number];
export const SUBJECT_MAX = 200;
export const BODY_MAX = 20_000;
export const EDITABLE: IssueStatus[] = ['draft', 'scheduled'];

export type FieldErrors = Record<string, string>;
type Outcome<T = object> = ({ ok: true } & T) | { ok: false; reason: 'not_found' } | { ok: false; reason: 'invalid' | 'conflict'; errors: FieldErrors };

interface IssueRow {
	id: string;
	slug: string;
	status: IssueStatus;
	segment_topics: string[];
	segment_regions: string[];
	segment_locales: string[];
	scheduled_at: Date | null;
	send_started_at: Date | null;
	sent_at: Date | null;
	recipient_count: number;
	demo: boolean;
	updated_at: Date;
}

export interface IssueListItem {
	id: string;
	subject: string;
	status: IssueStatus;
	segment: Segment;
	scheduledAt: Date | null;
	sentAt: Date | null;
	recipientCount: number;
	sent: number;
}

export interface IssueView {
	id: string;
	slug: string;
	status: IssueStatus;
	editable: boolean;
	segment: Segment;
	scheduledAt: Date | null;
	scheduled: { date: string; time: string } | null;
	sentAt: Date | null;
	recipientCount: number;
	/** updated_at as the version for optimistic locking. */
	version: string;
	texts: Record<IssueLocale, { subject: string; body: string }>;
	progress: Awaited<ReturnType<typeof progress>>;
	/** Active subscribers the segment reaches now. */
	reach: number;
}

const SELECT = `id, slug, status, segment_topics, segment_regions, segment_locales, scheduled_at, send_started_at, sent_at, recipient_count, demo, updated_at`;

function segmentOf(row: IssueRow): Segment {
	return cleanSegment({ topics: row.segment_topics, regions: row.segment_regions, locales: row.segment_locales });
}

async function findRow(q: Queryable, id: string, lock = false): Promise<IssueRow | undefined> {
	if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
	const res = await q.query<IssueRow>(`select ${SELECT} from newsletter_issues where id = $1${lock ? ' for update' : ''}`, [id]);
	return res.rows[0];
}

async function textsOf(q: Queryable, id: string): Promise<IssueText[]> {
	return (await q.query<IssueText>(`select locale, subject, body from newsletter_issue_texts where issue_id = $1`, [id])).rows;
}

export async function listIssues(actor: Actor): Promise<IssueListItem[]> {
	requireAccess(actor, 'newsletter.write');
	const res = await dbPool().query<IssueRow & { subject: string | null; sent: string }>(
		`select ${SELECT.split(', ').map((c) => `i.${c}`).join(', ')}, t.subject,
		   (select count(*) from newsletter_deliveries d where d.issue_id = i.id and d.status = 'sent')::text as sent
		 from newsletter_issues i left join newsletter_issue_texts t on t.issue_id = i.id and t.locale = 'de'
		 order by i.created_at desc limit 200`
	);
	return res.rows.map((r) => ({
		id: r.id,
		subject: r.subject ?? '',
		status: r.status,
		segment: segmentOf(r),
		scheduledAt: r.scheduled_at,
		sentAt: r.sent_at,
		recipientCount: r.recipient_count,
		sent: Number(r.sent)
	}));
}

function slugify(s: string): string {
	const base = s
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
	return base || 'ausgabe';
}

const subjectSchema = z.string().trim().min(1, 'nla_error_subject_required').max(SUBJECT_MAX, 'nla_error_subject_long');

export async function createIssue(actor: Actor, input: { subject: string }, ctx: { requestId?: string } = {}): Promise<Outcome<{ id: string }>> {
	requireAccess(actor, 'newsletter.write');
	const parsed = subjectSchema.safeParse(input.subject ?? '');
	if (!parsed.success) return { ok: false, reason: 'invalid', errors: { subject: parsed.error.issues[0]!.message } };
	const subject = parsed.data.replace(/\s+/g, ' ');
	const date = berlinWallClock(new Date()).date;
	const base = `${date}-${slugify(subject)}`;
	const id = await transaction(async (tx, client) => {
		let slug = base;
		for (let n = 2; (await client.query(`select 1 from newsletter_issues where slug = $1`, [slug])).rowCount; n++) slug = `${base}-${n}`;
		const res = await client.query<{ id: string }>(`insert into newsletter_issues (slug, created_by, updated_by) values ($1, $2, $2) returning id`, [
			slug,
			actor.kind === 'user' ? actor.id : null
		]);
		const issueId = res.rows[0]!.id;
		await client.query(`insert into newsletter_issue_texts (issue_id, locale, subject, body) values ($1, 'de', $2, '')`, [issueId, subject]);
		await record(actor, { action: 'newsletter.issue.create', entity: 'newsletter_issue', entityId: issueId, after: { slug, subject }, requestId: ctx.requestId }, tx);
		return issueId;
	});
	return { ok: true, id };
}

/** The signed-in editor's own address (test mails go there). */
export async function editorEmail(actor: Actor): Promise<string | null> {
	requireAccess(actor, 'newsletter.write');
	if (actor.kind !== 'user') return null;
	return (await dbPool().query<{ email: string }>(`select email from users where id = $1`, [actor.id])).rows[0]?.email ?? null;
}

export async function getIssue(actor: Actor, id: string): Promise<IssueView | undefined> {
	requireAccess(actor, 'newsletter.write');
	const pool = dbPool();
	const row = await findRow(pool, id);
	if (!row) return undefined;
	const texts = await textsOf(pool, id);
	const segment = segmentOf(row);
	const byLocale = Object.fromEntries(
		ISSUE_LOCALES.map((l) => {
			const t = texts.find((x) => x.locale === l);
			return [l, { subject: t?.subject ?? '', body: t?.body ?? '' }];
		})
	) as IssueView['texts'];
	return {
		id: row.id,
		slug: row.slug,
		status: row.status,
		editable: EDITABLE.includes(row.status),
		segment,
		scheduledAt: row.scheduled_at,
		scheduled: row.scheduled_at ? berlinWallClock(row.scheduled_at) : null,
		sentAt: row.sent_at,
		recipientCount: row.recipient_count,
		version: row.updated_at.toISOString(),
		texts: byLocale,
		progress: await progress(id),
		reach: await countRecipients(pool, segment, row.demo)
	};
}

export interface SaveInput {
	version: string;
	texts: Partial<Record<IssueLocale, { subject?: string; body?: string }>>;
	segment: { topics?: string[]; regions?: string[]; locales?: string[] };
}

/** Validates the editor form. German subject and body are required; another language is either complete or empty. */
export function validateTexts(texts: SaveInput['texts']): { errors: FieldErrors; clean: Record<IssueLocale, { subject: string; body: string }> } {
	const errors: FieldErrors = {};
	const clean = {} as Record<IssueLocale, { subject: string; body: string }>;
	for (const l of ISSUE_LOCALES) {
		const subject = (texts[l]?.subject ?? '').replace(/\s+/g, ' ').trim();
		const rawBody = texts[l]?.body ?? '';
		if (rawBody.length > BODY_MAX) errors[`body_${l}`] = 'nla_error_body_long';
		const body = sanitiseMarkdownKeepingImages(rawBody.slice(0, BODY_MAX));
		if (subject.length > SUBJECT_MAX) errors[`subject_${l}`] = 'nla_error_subject_long';
		if (l === 'de') {
			if (!subject) errors.subject_de = 'nla_error_subject_required';
			if (!body) errors.body_de = 'nla_error_body_required';
		} else if (!subject && body) errors[`subject_${l}`] = 'nla_error_body_without_subject';
		clean[l] = { subject, body };
	}
	return { errors, clean };
}

/** Limited Markdown (ADR 0009), except that a line holding one of our issue images stays as it is. */
export function sanitiseMarkdownKeepingImages(text: string): string {
	const out: string[] = [];
	let chunk: string[] = [];
	const flush = () => {
		const s = sanitiseMarkdown(chunk.join('\n'));
		if (s) out.push(s);
		chunk = [];
	};
	for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
		const m = /^!\[([^\]\n]{1,300})\]\((\/[^()\s]+)\)\s*$/.exec(line.trim());
		if (m && IMAGE_PATH.test(m[2]!)) {
			flush();
			out.push(`![${m[1]!.replace(/[[\]]/g, '')}](${m[2]})`);
		} else chunk.push(line);
	}
	flush();
	return out.join('\n\n');
}

export async function saveIssue(actor: Actor, id: string, input: SaveInput, ctx: { requestId?: string } = {}): Promise<Outcome> {
	requireAccess(actor, 'newsletter.write');
	const { errors, clean } = validateTexts(input.texts);
	if (Object.keys(errors).length) return { ok: false, reason: 'invalid', errors };
	const segment = cleanSegment(input.segment);
	return transaction(async (tx, client) => {
		const row = await findRow(client, id, true);
		if (!row) return { ok: false, reason: 'not_found' } as const;
		if (!EDITABLE.includes(row.status)) return { ok: false, reason: 'invalid', errors: { form: 'nla_error_not_editable' } } as const;
		if (row.updated_at.toISOString() !== input.version) return { ok: false, reason: 'conflict', errors: { form: 'nla_error_conflict' } } as const;
		const before = await textsOf(client, id);
		for (const l of ISSUE_LOCALES) {
			const t = clean[l];
			if (l !== 'de' && !t.subject) await client.query(`delete from newsletter_issue_texts where issue_id = $1 and locale = $2`, [id, l]);
			else
				await client.query(
					`insert into newsletter_issue_texts (issue_id, locale, subject, body) values ($1, $2, $3, $4)
					 on conflict (issue_id, locale) do update set subject = excluded.subject, body = excluded.body, updated_at = now()`,
					[id, l, t.subject, t.body]
				);
		}
		await client.query(
			`update newsletter_issues set segment_topics = $2, segment_regions = $3, segment_locales = $4, updated_at = clock_timestamp(), updated_by = $5 where id = $1`,
			[id, segment.topics, segment.regions, segment.locales, actor.kind === 'user' ? actor.id : null]
		);
		await record(
			actor,
			{
				action: 'newsletter.issue.update',
				entity: 'newsletter_issue',
				entityId: id,
				before: { texts: before.map((t) => ({ locale: t.locale, subject: t.subject, bodyLength: t.body.length })), segment: segmentOf(row) },
				after: { texts: ISSUE_LOCALES.filter((l) => clean[l].subject).map((l) => ({ locale: l, subject: clean[l].subject, bodyLength: clean[l].body.length })), segment },
				requestId: ctx.requestId
			},
			tx
		);
		return { ok: true } as const;
	});
}

/** The rendered mail for one language (HTML without inline styles, safe to show in our pages). */
export async function previewIssue(actor: Actor, id: string, locale: string): Promise<RenderedIssue | undefined> {
	requireAccess(actor, 'newsletter.write');
	return render(await textsOf(dbPool(), id), locale, 'preview');
}

/** A test mail to the editor's own address, in the chosen language, subject prefixed "[Test]". */
export async function sendTest(actor: Actor, id: string, locale: string, ctx: { requestId?: string } = {}): Promise<Outcome<{ email: string }>> {
	requireAccess(actor, 'newsletter.write');
	if (actor.kind !== 'user') return { ok: false, reason: 'not_found' };
	const pool = dbPool();
	const row = await findRow(pool, id);
	const user = (await pool.query<{ email: string }>(`select email from users where id = $1`, [actor.id])).rows[0];
	if (!row || !user) return { ok: false, reason: 'not_found' };
	const rendered = render(await textsOf(pool, id), locale, 'test');
	if (!rendered) return { ok: false, reason: 'invalid', errors: { form: 'nla_error_subject_required' } };
	// A test mail has no subscriber: its links lead to the pages without a personal key.
	const origin = config().origin;
	const mail = personalise(rendered, {
		preferences: `${origin}/${rendered.locale}/newsletter/einstellungen`,
		unsubscribePage: `${origin}/${rendered.locale}/newsletter/abmelden`
	});
	await transaction(async (tx, client) => {
		await queueMail({ to: user.email, locale: rendered.contentLocale, template: 'newsletter.test', ...mail }, { tx: tx as Db, client });
		await record(actor, { action: 'newsletter.issue.test', entity: 'newsletter_issue', entityId: id, after: { locale: rendered.locale }, requestId: ctx.requestId }, tx);
	});
	return { ok: true, email: user.email };
}

/** Plans the send for a Berlin wall-clock date and time (the scheduler job starts it). */
export async function scheduleIssue(actor: Actor, id: string, input: { date: string; time: string; version: string }, ctx: { requestId?: string } = {}, now = new Date()): Promise<Outcome> {
	requireAccess(actor, 'newsletter.write');
	const at = berlinInstant(input.date ?? '', input.time ?? '');
	if (!at) return { ok: false, reason: 'invalid', errors: { date: 'nla_error_schedule_date' } };
	if (at.getTime() <= now.getTime()) return { ok: false, reason: 'invalid', errors: { date: 'nla_error_schedule_past' } };
	return transaction(async (tx, client): Promise<Outcome> => {
		const row = await findRow(client, id, true);
		if (!row) return { ok: false, reason: 'not_found' };
		if (!EDITABLE.includes(row.status)) return { ok: false, reason: 'invalid', errors: { form: 'nla_error_not_editable' } };
		if (row.updated_at.toISOString() !== input.version) return { ok: false, reason: 'conflict', errors: { form: 'nla_error_conflict' } };
		if ((await textsOf(client, id)).find((t) => t.locale === 'de')?.body.trim() === '')
			return { ok: false, reason: 'invalid', errors: { body_de: 'nla_error_body_required' } };
		await client.query(`update newsletter_issues set status = 'scheduled', scheduled_at = $2, updated_at = clock_timestamp() where id = $1`, [id, at]);
		await record(actor, { action: 'newsletter.issue.schedule', entity: 'newsletter_issue', entityId: id, before: { status: row.status, scheduledAt: row.scheduled_at }, after: { status: 'scheduled', scheduledAt: at }, requestId: ctx.requestId }, tx);
		return { ok: true };
	});
}

export async function unscheduleIssue(actor: Actor, id: string, ctx: { requestId?: string } = {}): Promise<Outcome> {
	requireAccess(actor, 'newsletter.write');
	return transaction(async (tx, client) => {
		const res = await client.query(`update newsletter_issues set status = 'draft', scheduled_at = null, updated_at = clock_timestamp() where id = $1 and status = 'scheduled'`, [id]);
		if (!res.rowCount) return { ok: false, reason: 'invalid', errors: { form: 'nla_error_control' } } as const;
		await record(actor, { action: 'newsletter.issue.unschedule', entity: 'newsletter_issue', entityId: id, after: { status: 'draft' }, requestId: ctx.requestId }, tx);
		return { ok: true } as const;
	});
}

export async function sendNow(actor: Actor, id: string, ctx: { requestId?: string } = {}): Promise<Outcome<{ recipients: number }>> {
	requireAccess(actor, 'newsletter.write');
	const row = await findRow(dbPool(), id);
	if (!row) return { ok: false, reason: 'not_found' };
	const texts = await textsOf(dbPool(), id);
	if (!texts.find((t) => t.locale === 'de')?.body.trim()) return { ok: false, reason: 'invalid', errors: { body_de: 'nla_error_body_required' } };
	if ((await countRecipients(dbPool(), segmentOf(row), row.demo)) === 0) return { ok: false, reason: 'invalid', errors: { form: 'nla_error_no_recipients' } };
	let recipients: number;
	try {
		recipients = await startSend(id, {
			within: (tx, count) =>
				record(actor, { action: 'newsletter.issue.send', entity: 'newsletter_issue', entityId: id, before: { status: row.status }, after: { status: 'sending', recipients: count }, requestId: ctx.requestId }, tx)
		});
	} catch (err) {
		if (err instanceof NotSendable) return { ok: false, reason: 'invalid', errors: { form: 'nla_error_not_editable' } };
		throw err;
	}
	return { ok: true, recipients };
}

export async function controlIssue(actor: Actor, id: string, action: Control, ctx: { requestId?: string } = {}): Promise<Outcome> {
	requireAccess(actor, 'newsletter.write');
	return transaction(async (tx, client) => {
		const done = await controlSend(id, action, client as unknown as Queryable);
		if (!done) return { ok: false, reason: 'invalid', errors: { form: 'nla_error_control' } } as const;
		await record(actor, { action: `newsletter.issue.${action}`, entity: 'newsletter_issue', entityId: id, requestId: ctx.requestId }, tx);
		return { ok: true } as const;
	});
}

/** Uploads an image (re-encoded, without metadata; alt and rights required) and appends it to the German text. */
export async function addIssueImage(actor: Actor, id: string, form: FormData, ctx: { requestId?: string; locale?: string } = {}): Promise<Outcome<{ path: string }>> {
	requireAccess(actor, 'newsletter.write');
	const alt = String(form.get('alt') ?? '').replace(/\s+/g, ' ').replace(/[[\]()]/g, '').trim();
	const rights = String(form.get('rights') ?? '').replace(/\s+/g, ' ').trim();
	const errors: FieldErrors = {};
	const file = form.get('image');
	if (!(file instanceof Blob) || file.size === 0 || file.size > MAX_UPLOAD_BYTES) errors.image = 'nla_error_image_file';
	if (!alt || alt.length > 300) errors.alt = 'nla_error_image_alt';
	if (!rights || rights.length > 300) errors.rights = 'nla_error_image_rights';
	if (Object.keys(errors).length || !(file instanceof Blob)) return { ok: false, reason: 'invalid', errors };
	const row = await findRow(dbPool(), id);
	if (!row) return { ok: false, reason: 'not_found' };
	if (!EDITABLE.includes(row.status)) return { ok: false, reason: 'invalid', errors: { form: 'nla_error_not_editable' } };
	let processed;
	try {
		processed = await processImage(Buffer.from(await file.arrayBuffer()));
	} catch (err) {
		if (err instanceof ImageRejected) return { ok: false, reason: 'invalid', errors: { image: 'nla_error_image_file' } };
		throw err;
	}
	const imageId = randomUUID();
	const key = `newsletter/${imageId}.webp`;
	await mediaStorage().put(key, processed.main.data, { contentType: processed.mimeType });
	const path = `/de/newsletter/archiv/bilder/${imageId}.webp`;
	try {
		const ok = await transaction(async (tx, client) => {
			const locked = await findRow(client, id, true);
			if (!locked || !EDITABLE.includes(locked.status)) return false;
			await client.query(`insert into newsletter_images (id, issue_id, storage_key, width, height, alt, rights) values ($1, $2, $3, $4, $5, $6, $7)`, [
				imageId,
				id,
				key,
				processed.main.width,
				processed.main.height,
				alt,
				rights
			]);
			await client.query(
				`update newsletter_issue_texts set body = body || case when body = '' then '' else E'\\n\\n' end || $2, updated_at = now() where issue_id = $1 and locale = 'de'`,
				[id, `![${alt}](${path})`]
			);
			await client.query(`update newsletter_issues set updated_at = clock_timestamp() where id = $1`, [id]);
			await record(actor, { action: 'newsletter.issue.image', entity: 'newsletter_issue', entityId: id, after: { image: imageId, alt, rights }, requestId: ctx.requestId }, tx);
			return true;
		});
		if (!ok) {
			await mediaStorage().delete(key);
			return { ok: false, reason: 'invalid', errors: { form: 'nla_error_not_editable' } };
		}
	} catch (err) {
		await mediaStorage().delete(key).catch(() => {});
		throw err;
	}
	return { ok: true, path };
}

/** An issue image for the public (issue images go out in mails and the archive: public by nature). */
export async function openIssueImage(file: string): Promise<{ stream: import('node:stream').Readable; size: number } | null> {
	const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.webp$/.exec(file);
	if (!m) return null;
	const row = (await dbPool().query<{ storage_key: string }>(`select storage_key from newsletter_images where id = $1`, [m[1]])).rows[0];
	if (!row) return null;
	return mediaStorage().get(row.storage_key);
}

/** Approved items "for the newsletter" that no issue has used yet. */
export async function submissionsToPull(actor: Actor): Promise<ApprovedSubmission[]> {
	requireAccess(actor, 'newsletter.write');
	return approvedSubmissions(db());
}

/** A submission as a Markdown block: title as a heading, the text, the link, who sent it in. */
export function submissionBlock(s: Pick<ApprovedSubmission, 'title' | 'body' | 'link' | 'organisation'>): string {
	const title = s.title.replace(/\s+/g, ' ').replace(/^#+\s*/, '').trim();
	const parts = [`### ${title}`, s.body.trim()];
	if (s.link) parts.push(`<${s.link}>`);
	if (s.organisation) parts.push(`*${s.organisation.replace(/[*_]/g, '')}*`);
	return sanitiseMarkdown(parts.filter(Boolean).join('\n\n'));
}

/** Appends the chosen approved items to the German text (in their order) and marks them used, in one transaction. */
export async function pullSubmissions(actor: Actor, id: string, ids: string[], ctx: { requestId?: string } = {}): Promise<Outcome<{ count: number }>> {
	requireAccess(actor, 'newsletter.write');
	if (ids.length === 0) return { ok: false, reason: 'invalid', errors: { submissions: 'nla_subs_error_none' } };
	return transaction(async (tx, client): Promise<Outcome<{ count: number }>> => {
		const row = await findRow(client, id, true);
		if (!row) return { ok: false, reason: 'not_found' };
		if (!EDITABLE.includes(row.status)) return { ok: false, reason: 'invalid', errors: { form: 'nla_error_not_editable' } };
		const available = (await approvedSubmissions(tx)).filter((s) => ids.includes(s.id));
		const used = new Set(await markUsed(tx, available.map((s) => s.id), id));
		const chosen = available.filter((s) => used.has(s.id));
		if (chosen.length === 0) return { ok: false, reason: 'invalid', errors: { submissions: 'nla_subs_error_none' } };
		const blocks = chosen.map(submissionBlock).join('\n\n');
		await client.query(
			`update newsletter_issue_texts set body = body || case when body = '' then '' else E'\\n\\n' end || $2, updated_at = now() where issue_id = $1 and locale = 'de'`,
			[id, blocks]
		);
		await client.query(`update newsletter_issues set updated_at = clock_timestamp() where id = $1`, [id]);
		await record(actor, { action: 'newsletter.issue.pull_submissions', entity: 'newsletter_issue', entityId: id, after: { submissions: chosen.map((s) => s.id) }, requestId: ctx.requestId }, tx);
		return { ok: true, count: chosen.length };
	});
}

// ——— Archive ———

export interface ArchiveItem {
	slug: string;
	subject: string;
	lang: string;
	sentAt: Date;
}

/** Sent issues (never drafts, scheduled, sending, paused or cancelled ones), newest first, in the reader's language or German. */
export async function archiveList(locale: string): Promise<ArchiveItem[]> {
	const res = await dbPool().query<{ slug: string; subject: string; lang: string; sent_at: Date }>(
		`select i.slug, coalesce(own.subject, de.subject) as subject, case when own.subject is null then 'de' else own.locale end as lang, i.sent_at
		 from newsletter_issues i
		 join newsletter_issue_texts de on de.issue_id = i.id and de.locale = 'de'
		 left join newsletter_issue_texts own on own.issue_id = i.id and own.locale = $1 and own.subject <> ''
		 where i.status = 'sent' and i.demo = false
		 order by i.sent_at desc limit 500`,
		[locale]
	);
	return res.rows.map((r) => ({ slug: r.slug, subject: r.subject, lang: r.lang, sentAt: r.sent_at }));
}

export interface ArchiveIssue {
	slug: string;
	sentAt: Date;
	rendered: RenderedIssue;
}

/** One sent issue as archived: the reader's language or German (fallback flagged), without any personal link. */
export async function archiveIssue(slug: string, locale: string): Promise<ArchiveIssue | undefined> {
	const row = (await dbPool().query<{ id: string; slug: string; sent_at: Date }>(`select id, slug, sent_at from newsletter_issues where slug = $1 and status = 'sent' and demo = false`, [slug])).rows[0];
	if (!row) return undefined;
	const rendered = render(await textsOf(dbPool(), row.id), locale, 'preview');
	return rendered ? { slug: row.slug, sentAt: row.sent_at, rendered } : undefined;
}
