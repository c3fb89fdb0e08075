/**
 * The sending engine (ADR 0019). newsletter_deliveries is the newsletter's
 * outbox: startSend() snapshots the segment's active subscribers into one
 * row per recipient (the primary key rules out a second copy); workers claim
 * batches with FOR UPDATE SKIP LOCKED (queued → sending), send them through
 * one pooled SMTP transport at a limited rate, and mark each row sent, back
 * to queued with a later retry_at (temporary error), or failed. A row that
 * reached 'sending' is never claimed again: when a worker dies mid-send the
 * sweep turns it into 'uncertain' (at most once, never twice).
 */
import { config } from '../../core/config';
import { dbPool, transaction, type Db } from '../../core/db';
import { enqueue } from '../../core/jobs';
import { log } from '../../core/log';
import { subscriberLinks, unsubscribeHeaders } from '../links';
import { render, personalise, type IssueText, type RenderedIssue } from './render';
import { segmentParams, segmentWhere, type Queryable, type Segment } from './segment';
import { newsletterTransport, type NewsletterTransport } from './transport';

export const WORKER_JOB = 'newsletter.send';
/** Worker jobs started per issue (each claims its own batches). */
export const WORKERS_PER_ISSUE = 2;
/** A claim older than this without an outcome: the worker died mid-send. */
export const STALE_MINUTES = 10;
export const MAX_ATTEMPTS = 5;

export interface EngineOptions {
	batchSize: number;
	ratePerSecond: number;
	/** Mails sent at the same time within a batch. */
	concurrency: number;
	/** First retry delay after a temporary failure; doubles with each attempt. */
	retryBaseMs: number;
	maxAttempts: number;
	transport?: NewsletterTransport;
}

export function engineOptions(over: Partial<EngineOptions> = {}): EngineOptions {
	const c = config();
	return {
		batchSize: c.NEWSLETTER_BATCH_SIZE,
		ratePerSecond: c.NEWSLETTER_RATE_PER_SECOND,
		concurrency: c.NEWSLETTER_SMTP_CONNECTIONS,
		retryBaseMs: 60_000,
		maxAttempts: MAX_ATTEMPTS,
		...over
	};
}

/** Spaces sends evenly: at most `rate` per second in this process (shared by its workers). */
class RateLimiter {
	private next = 0;
	constructor(private readonly rate: number) {}
	async take(): Promise<void> {
		const now = Date.now();
		const at = Math.max(now, this.next);
		this.next = at + 1000 / this.rate;
		if (at > now) await new Promise((r) => setTimeout(r, at - now));
	}
}

const limiters = new Map<number, RateLimiter>();
function limiter(rate: number): RateLimiter {
	let l = limiters.get(rate);
	if (!l) limiters.set(rate, (l = new RateLimiter(rate)));
	return l;
}

export class NotSendable extends Error {
	constructor(readonly reason: 'not_found' | 'wrong_status' | 'no_german_text') {
		super(`issue cannot be sent: ${reason}`);
		this.name = 'NotSendable';
	}
}

interface IssueRow {
	id: string;
	slug: string;
	status: string;
	segment_topics: string[];
	segment_regions: string[];
	segment_locales: string[];
	demo: boolean;
}

async function issueTexts(q: Queryable, issueId: string): Promise<IssueText[]> {
	const res = await q.query<IssueText>(`select locale, subject, body from newsletter_issue_texts where issue_id = $1`, [issueId]);
	return res.rows;
}

/**
 * Starts sending an issue (draft or scheduled): in one transaction the issue
 * becomes 'sending', every matching active subscriber gets a 'queued'
 * delivery row, recipient_count is set and the worker jobs are enqueued.
 * Returns the number of recipients.
 */
export async function startSend(
	issueId: string,
	opts: { workers?: number; enqueueJobs?: boolean; /** Runs inside the transaction (the caller's audit record). */ within?: (tx: Db, recipients: number) => Promise<void> } = {}
): Promise<number> {
	return transaction(async (tx, client) => {
		const res = await client.query<IssueRow>(
			`select id, slug, status, segment_topics, segment_regions, segment_locales, demo from newsletter_issues where id = $1 for update`,
			[issueId]
		);
		const issue = res.rows[0];
		if (!issue) throw new NotSendable('not_found');
		if (issue.status !== 'draft' && issue.status !== 'scheduled') throw new NotSendable('wrong_status');
		const de = await client.query(`select 1 from newsletter_issue_texts where issue_id = $1 and locale = 'de' and subject <> ''`, [issueId]);
		if (de.rowCount === 0) throw new NotSendable('no_german_text');
		const segment: Segment = {
			topics: issue.segment_topics as Segment['topics'],
			regions: issue.segment_regions as Segment['regions'],
			locales: issue.segment_locales
		};
		const inserted = await client.query(
			`insert into newsletter_deliveries (issue_id, subscriber_id, locale)
			 select $1, s.id, s.locale from newsletter_subscribers s where ${segmentWhere(1)}
			 on conflict do nothing`,
			[issueId, ...segmentParams(segment, issue.demo)]
		);
		const count = inserted.rowCount ?? 0;
		await client.query(
			`update newsletter_issues set status = 'sending', send_started_at = now(), recipient_count = $2, updated_at = now() where id = $1`,
			[issueId, count]
		);
		if (opts.enqueueJobs !== false) {
			for (let i = 0; i < (opts.workers ?? WORKERS_PER_ISSUE); i++) await enqueue(WORKER_JOB, { issueId }, { tx: client });
		}
		if (opts.within) await opts.within(tx, count);
		log.info({ issueId, recipients: count }, 'newsletter sending started');
		return count;
	});
}

interface Claimed {
	subscriber_id: string;
	locale: string;
	attempts: number;
}

interface Recipient {
	id: string;
	email: string;
	link_key: string;
	locale: string;
}

function temporary(err: unknown): boolean {
	const code = (err as { responseCode?: number }).responseCode;
	if (typeof code === 'number') return code < 500;
	// No SMTP reply at all: connection refused, reset, timeout, TLS trouble.
	return true;
}

export type BatchResult = { claimed: number; sent: number; retry: number; failed: number; skipped: number };

/**
 * Claims and sends one batch. Claims nothing when the issue is not 'sending'
 * (paused or cancelled): the check is part of the claiming statement.
 */
export async function processBatch(issueId: string, options: EngineOptions = engineOptions()): Promise<BatchResult> {
	const pool = dbPool();
	const t0 = performance.now();
	const claimed = await pool.query<Claimed>(
		`update newsletter_deliveries d
		 set status = 'sending', claimed_at = now(), attempts = d.attempts + 1
		 where (d.issue_id, d.subscriber_id) in (
			 select issue_id, subscriber_id from newsletter_deliveries
			 where issue_id = $1 and status = 'queued' and (retry_at is null or retry_at <= now())
			   and exists (select 1 from newsletter_issues i where i.id = $1 and i.status = 'sending')
			 limit $2 for update skip locked)
		 returning d.subscriber_id, d.locale, d.attempts`,
		[issueId, options.batchSize]
	);
	const result: BatchResult = { claimed: claimed.rows.length, sent: 0, retry: 0, failed: 0, skipped: 0 };
	if (claimed.rows.length === 0) return result;

	const ids = claimed.rows.map((r) => r.subscriber_id);
	const recipients = new Map(
		(await pool.query<Recipient>(`select id, email, link_key, locale from newsletter_subscribers where id = any($1::uuid[]) and status = 'active'`, [ids])).rows.map((r) => [r.id, r])
	);
	// Each language version is rendered once per batch; only the links differ per recipient.
	const [texts, slugRow] = await Promise.all([
		issueTexts(pool, issueId),
		pool.query<{ slug: string }>(`select slug from newsletter_issues where id = $1`, [issueId])
	]);
	const slug = slugRow.rows[0]?.slug;
	const versions = new Map<string, RenderedIssue | undefined>();
	const rendered = (locale: string) => {
		if (!versions.has(locale)) {
			const archiveUrl = slug ? `${config().origin}/${locale}/newsletter/archiv/${encodeURIComponent(slug)}` : undefined;
			versions.set(locale, render(texts, locale, 'mail', archiveUrl));
		}
		return versions.get(locale);
	};

	const transport = options.transport ?? newsletterTransport();
	const from = config().MAIL_FROM;
	const host = new URL(config().origin).hostname || 'localhost';
	const rate = limiter(options.ratePerSecond);
	const sent: { id: string; mid: string }[] = [];
	const retry: { id: string; err: string; delayMs: number }[] = [];
	const failed: { id: string; err: string }[] = [];
	const skipped: string[] = [];

	const queue = [...claimed.rows];
	const work = async () => {
		for (let row = queue.shift(); row; row = queue.shift()) {
			const sub = recipients.get(row.subscriber_id);
			const version = rendered(row.locale);
			if (!sub || !version) {
				// Unsubscribed since the send started (or no text at all): nothing to send.
				skipped.push(row.subscriber_id);
				continue;
			}
			const links = subscriberLinks({ id: sub.id, linkKey: sub.link_key, locale: row.locale });
			const mail = personalise(version, links);
			const messageId = `<${issueId}.${sub.id}@${host}>`;
			await rate.take();
			try {
				await transport.send({
					from,
					to: sub.email,
					subject: mail.subject,
					text: mail.text,
					html: mail.html,
					messageId,
					headers: {
						'Content-Language': version.contentLocale,
						...unsubscribeHeaders({ id: sub.id, linkKey: sub.link_key, locale: row.locale }),
						'List-Id': `<newsletter.${host}>`
					}
				});
				sent.push({ id: sub.id, mid: messageId });
			} catch (err) {
				const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
				if (temporary(err) && row.attempts < options.maxAttempts) {
					retry.push({ id: sub.id, err: message, delayMs: options.retryBaseMs * 2 ** (row.attempts - 1) });
				} else failed.push({ id: sub.id, err: message });
			}
		}
	};
	const t1 = performance.now();
	await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, work));
	const t2 = performance.now();

	if (sent.length)
		await pool.query(
			`update newsletter_deliveries d set status = 'sent', sent_at = now(), message_id = x.mid, last_error = null
			 from unnest($2::uuid[], $3::text[]) as x(id, mid)
			 where d.issue_id = $1 and d.subscriber_id = x.id and d.status = 'sending'`,
			[issueId, sent.map((s) => s.id), sent.map((s) => s.mid)]
		);
	if (retry.length)
		await pool.query(
			`update newsletter_deliveries d set status = 'queued', claimed_at = null, last_error = x.err,
			   retry_at = now() + make_interval(secs => x.delay / 1000.0)
			 from unnest($2::uuid[], $3::text[], $4::bigint[]) as x(id, err, delay)
			 where d.issue_id = $1 and d.subscriber_id = x.id and d.status = 'sending'`,
			[issueId, retry.map((r) => r.id), retry.map((r) => r.err), retry.map((r) => r.delayMs)]
		);
	if (failed.length)
		await pool.query(
			`update newsletter_deliveries d set status = 'failed', last_error = x.err
			 from unnest($2::uuid[], $3::text[]) as x(id, err)
			 where d.issue_id = $1 and d.subscriber_id = x.id and d.status = 'sending'`,
			[issueId, failed.map((f) => f.id), failed.map((f) => f.err)]
		);
	if (skipped.length)
		await pool.query(
			`update newsletter_deliveries set status = 'skipped' where issue_id = $1 and subscriber_id = any($2::uuid[]) and status = 'sending'`,
			[issueId, skipped]
		);
	Object.assign(result, { sent: sent.length, retry: retry.length, failed: failed.length, skipped: skipped.length });
	log.debug({ issueId, ...result, prepareMs: Math.round(t1 - t0), sendMs: Math.round(t2 - t1), recordMs: Math.round(performance.now() - t2) }, 'newsletter batch');
	if (retry.length || failed.length) log.warn({ issueId, retry: retry.length, failed: failed.length }, 'newsletter deliveries failed');
	return result;
}

/** Marks the issue 'sent' when no delivery is queued or being sent any more. */
export async function finishIfDone(issueId: string, q: Queryable = dbPool()): Promise<boolean> {
	const res = await q.query(
		`update newsletter_issues set status = 'sent', sent_at = now(), updated_at = now()
		 where id = $1 and status = 'sending'
		   and not exists (select 1 from newsletter_deliveries where issue_id = $1 and status in ('queued', 'sending'))`,
		[issueId]
	);
	const done = (res.rowCount ?? 0) > 0;
	if (done) log.info({ issueId }, 'newsletter sent');
	return done;
}

export interface RunOutcome {
	sent: number;
	failed: number;
	retry: number;
	/** Milliseconds until the earliest queued retry, when work is left that is not due yet. */
	nextRetryInMs?: number;
	done: boolean;
	stopped: boolean;
}

/**
 * A worker: claims and sends batches until nothing is due, the issue is
 * paused or cancelled, or `maxMs` has passed; then finishes the issue if
 * nothing is left.
 */
export async function runWorker(issueId: string, opts: Partial<EngineOptions> & { maxMs?: number } = {}): Promise<RunOutcome> {
	const options = engineOptions(opts);
	const until = Date.now() + (opts.maxMs ?? 5 * 60_000);
	const out: RunOutcome = { sent: 0, failed: 0, retry: 0, done: false, stopped: false };
	while (Date.now() < until) {
		const r = await processBatch(issueId, options);
		out.sent += r.sent;
		out.failed += r.failed;
		out.retry += r.retry;
		if (r.claimed === 0) break;
	}
	out.done = await finishIfDone(issueId);
	if (!out.done) {
		const state = await dbPool().query<{ status: string; wait_ms: string | null }>(
			`select i.status,
			   (select greatest(0, extract(epoch from min(d.retry_at) - now()) * 1000)::bigint::text
			    from newsletter_deliveries d where d.issue_id = i.id and d.status = 'queued') as wait_ms
			 from newsletter_issues i where i.id = $1`,
			[issueId]
		);
		const row = state.rows[0];
		out.stopped = row?.status !== 'sending';
		if (!out.stopped && row?.wait_ms != null) out.nextRetryInMs = Number(row.wait_ms);
	}
	return out;
}

/**
 * Runs workers in this process until the issue is done or stopped (tests,
 * benchmark). Retries that are not due yet are waited for only with
 * waitForRetries; otherwise it returns with nextRetryInMs.
 */
export async function runToCompletion(
	issueId: string,
	opts: Partial<EngineOptions> & { workers?: number; waitForRetries?: boolean } = {}
): Promise<RunOutcome> {
	const total: RunOutcome = { sent: 0, failed: 0, retry: 0, done: false, stopped: false };
	for (;;) {
		const runs = await Promise.all(Array.from({ length: opts.workers ?? WORKERS_PER_ISSUE }, () => runWorker(issueId, opts)));
		for (const r of runs) {
			total.sent += r.sent;
			total.failed += r.failed;
			total.retry += r.retry;
		}
		total.done = runs.some((r) => r.done);
		total.stopped = !total.done && runs.every((r) => r.stopped);
		const wait = runs.find((r) => r.nextRetryInMs !== undefined)?.nextRetryInMs;
		if (total.done || total.stopped || wait === undefined) return total;
		if (!opts.waitForRetries) return { ...total, nextRetryInMs: wait };
		await new Promise((r) => setTimeout(r, Math.min(wait, 60_000)));
	}
}

/** The worker job: runs for a while, then hands over to a fresh job (so a long send never outlives a job's expiry). */
export async function workerJob(issueId: string): Promise<void> {
	const out = await runWorker(issueId, { maxMs: 5 * 60_000 });
	if (out.done || out.stopped) return;
	const startAfter = Math.max(1, Math.ceil((out.nextRetryInMs ?? 0) / 1000));
	await enqueue(WORKER_JOB, { issueId }, { startAfter });
}

export type Control = 'pause' | 'resume' | 'cancel';

/**
 * Pause (workers stop claiming; rows already claimed finish), resume (status
 * back to 'sending', workers enqueued) or cancel (queued rows become
 * 'skipped'). Returns false when the issue is not in a state that allows it.
 */
export async function controlSend(issueId: string, action: Control, q?: { query: Queryable['query'] }): Promise<boolean> {
	const run = async (client: Queryable) => {
		const from = action === 'pause' ? ['sending'] : action === 'resume' ? ['paused'] : ['sending', 'paused', 'scheduled'];
		const to = action === 'pause' ? 'paused' : action === 'resume' ? 'sending' : 'cancelled';
		const res = await client.query(`update newsletter_issues set status = $2, updated_at = now() where id = $1 and status = any($3::text[])`, [
			issueId,
			to,
			from
		]);
		if ((res.rowCount ?? 0) === 0) return false;
		if (action === 'cancel') await client.query(`update newsletter_deliveries set status = 'skipped' where issue_id = $1 and status = 'queued'`, [issueId]);
		if (action === 'resume') for (let i = 0; i < WORKERS_PER_ISSUE; i++) await enqueue(WORKER_JOB, { issueId }, { tx: client as never });
		return true;
	};
	if (q) return run(q as Queryable);
	return transaction((_tx, client) => run(client as unknown as Queryable));
}

/**
 * Claims older than STALE_MINUTES become 'uncertain' (never resent); issues
 * with nothing left become 'sent'; issues still sending with queued rows get
 * a worker again (e.g. after a crash). Returns the number of rows marked.
 */
export async function sweep(now = new Date()): Promise<number> {
	const pool = dbPool();
	const stale = await pool.query(
		`update newsletter_deliveries set status = 'uncertain', last_error = coalesce(last_error, 'no outcome recorded: worker stopped while sending')
		 where status = 'sending' and claimed_at < $1`,
		[new Date(now.getTime() - STALE_MINUTES * 60_000)]
	);
	const sending = await pool.query<{ id: string; queued: boolean }>(
		`select i.id, exists (select 1 from newsletter_deliveries d where d.issue_id = i.id and d.status = 'queued') as queued
		 from newsletter_issues i where i.status = 'sending'`
	);
	for (const issue of sending.rows) {
		if (await finishIfDone(issue.id)) continue;
		if (issue.queued) await enqueue(WORKER_JOB, { issueId: issue.id });
	}
	if (stale.rowCount) log.warn({ rows: stale.rowCount }, 'newsletter deliveries without outcome marked uncertain');
	return stale.rowCount ?? 0;
}

/** Starts every scheduled issue whose time has come. Returns their ids. */
export async function startDue(now = new Date()): Promise<string[]> {
	const due = await dbPool().query<{ id: string }>(`select id from newsletter_issues where status = 'scheduled' and scheduled_at <= $1 order by scheduled_at`, [now]);
	const started: string[] = [];
	for (const { id } of due.rows) {
		try {
			await startSend(id);
			started.push(id);
		} catch (err) {
			if (!(err instanceof NotSendable)) throw err;
			log.warn({ issueId: id, reason: err.reason }, 'scheduled newsletter not started');
		}
	}
	return started;
}

/** Delivery counts per status for the progress view. */
export async function progress(issueId: string, q: Queryable = dbPool()): Promise<Record<'queued' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'skipped', number>> {
	const res = await q.query<{ status: string; n: string }>(`select status, count(*)::text as n from newsletter_deliveries where issue_id = $1 group by status`, [issueId]);
	const out = { queued: 0, sending: 0, sent: 0, failed: 0, uncertain: 0, skipped: 0 };
	for (const r of res.rows) if (r.status in out) out[r.status as keyof typeof out] = Number(r.n);
	return out;
}

