import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { startTestSmtp, type TestSmtp } from '../../../../../tests/helpers/smtp';
import { ACTION_FIELDS } from '../../../atlas/taxonomy';
import { REGIONS } from '../../accounts/schema';
import { setSecret } from '../../platform/secrets';
import { newLinkKey, subscriberForToken } from '../links';
import { controlSend, processBatch, progress, runToCompletion, startSend, sweep, engineOptions } from './engine';
import { countRecipients, type Segment } from './segment';
import { startCountingSink, type CountingSink } from './sink';
import { pooledSmtpTransport, setNewsletterTransport } from './transport';

const testDb = useTestDatabase({ jobs: true });
beforeAll(() => setSecret('newsletter-send-spec'));

let sink: CountingSink | undefined;
let smtp: TestSmtp | undefined;
afterEach(async () => {
	setNewsletterTransport(undefined);
	await sink?.close();
	await smtp?.close();
	sink = undefined;
	smtp = undefined;
});

async function useSink(keepHeaders = false): Promise<CountingSink> {
	sink = await startCountingSink({ keepHeaders });
	setNewsletterTransport(pooledSmtpTransport(sink.url, 8));
	return sink;
}

async function useParsingSmtp(): Promise<TestSmtp> {
	smtp = await startTestSmtp();
	setNewsletterTransport(pooledSmtpTransport(smtp.url, 2));
	return smtp;
}

async function createIssue(opts: { segment?: Partial<Segment>; texts?: { locale: string; subject: string; body: string }[] } = {}): Promise<string> {
	const pool = testDb().pool;
	const res = await pool.query<{ id: string }>(
		`insert into newsletter_issues (slug, segment_topics, segment_regions, segment_locales) values ($1, $2, $3, $4) returning id`,
		[`ausgabe-${Math.random().toString(36).slice(2, 8)}`, opts.segment?.topics ?? [], opts.segment?.regions ?? [], opts.segment?.locales ?? []]
	);
	const id = res.rows[0]!.id;
	for (const t of opts.texts ?? [{ locale: 'de', subject: 'Neues aus dem Bündnis', body: 'Hallo **alle**.\n\n- eins\n- zwei' }]) {
		await pool.query(`insert into newsletter_issue_texts (issue_id, locale, subject, body) values ($1, $2, $3, $4)`, [id, t.locale, t.subject, t.body]);
	}
	return id;
}

async function addSubscriber(email: string, locale = 'de', topics: string[] = [], regions: string[] = [], status = 'active'): Promise<string> {
	const res = await testDb().pool.query<{ id: string }>(
		`insert into newsletter_subscribers (email, locale, topics, regions, status, link_key, confirmed_at) values ($1, $2, $3, $4, $5, $6, now()) returning id`,
		[email, locale, topics, regions, status, newLinkKey()]
	);
	return res.rows[0]!.id;
}

async function deliveries(issueId: string): Promise<{ subscriber_id: string; status: string; attempts: number; message_id: string | null }[]> {
	return (await testDb().pool.query(`select subscriber_id, status, attempts, message_id from newsletter_deliveries where issue_id = $1`, [issueId])).rows;
}

// The synthetic population, described in JavaScript so the expectation does not come from the SQL under test.
const LOCALES = ['de', 'en', 'ar'] as const;
const TOPIC_SETS: string[][] = [[], ['sprache'], ['arbeit'], ['sprache', 'wohnen'], ['teilhabe']];
const REGION_SETS: string[][] = [[], ['braunschweig'], ['weser-ems'], ['lueneburg', 'leine-weser']];
const person = (i: number) => ({
	email: `person${i}@example.org`,
	locale: LOCALES[i % 3]!,
	topics: TOPIC_SETS[i % 5]!,
	regions: REGION_SETS[i % 4]!,
	// 10,000 active subscribers, then some who never confirmed (pending: must never receive anything).
	active: i < 10_000
});
const matches = (p: ReturnType<typeof person>, s: Segment) =>
	p.active &&
	(s.topics.length === 0 || p.topics.length === 0 || p.topics.some((t) => (s.topics as string[]).includes(t))) &&
	(s.regions.length === 0 || p.regions.length === 0 || p.regions.some((r) => (s.regions as string[]).includes(r))) &&
	(s.locales.length === 0 || s.locales.includes(p.locale));

async function seedPopulation(n: number): Promise<void> {
	await testDb().pool.query(
		`insert into newsletter_subscribers (email, locale, topics, regions, status, link_key, confirmed_at)
		 select 'person' || i || '@example.org',
		        ($2::text[])[i % 3 + 1],
		        array(select jsonb_array_elements_text(($3::jsonb) -> (i % 5))),
		        array(select jsonb_array_elements_text(($4::jsonb) -> (i % 4))),
		        case when i < 10000 then 'active' else 'pending' end,
		        md5('k' || i), now()
		 from generate_series(0, $1 - 1) as i`,
		[n, LOCALES, JSON.stringify(TOPIC_SETS), JSON.stringify(REGION_SETS)]
	);
}

describe('newsletter sending engine', () => {
	it('sends an issue to 10,000 subscribers: every matching one exactly once, nobody else', { timeout: 120_000 }, async () => {
		const s = await useSink();
		const N = 10_500;
		await seedPopulation(N);
		expect(await countRecipients(testDb().pool, { topics: [], regions: [], locales: [] })).toBe(10_000);
		const segment: Segment = { topics: ['sprache', 'teilhabe'], regions: ['braunschweig', 'lueneburg'], locales: ['de', 'ar'] };
		const expected = new Set(Array.from({ length: N }, (_, i) => person(i)).filter((p) => matches(p, segment)).map((p) => p.email));
		expect(expected.size).toBeGreaterThan(1000);
		expect(expected.size).toBeLessThan(5000);
		const issueId = await createIssue({ segment, texts: [{ locale: 'de', subject: 'Ausgabe 1', body: 'Text' }, { locale: 'ar', subject: 'العدد 1', body: 'نص' }] });

		const started = Date.now();
		expect(await startSend(issueId, { enqueueJobs: false })).toBe(expected.size);
		const out = await runToCompletion(issueId, { ratePerSecond: 10_000, batchSize: 500, concurrency: 8, workers: 2 });
		const seconds = (Date.now() - started) / 1000;

		expect(out.done).toBe(true);
		expect(out.sent).toBe(expected.size);
		expect(s.total()).toBe(expected.size);
		for (const [address, count] of s.received) {
			expect(expected.has(address), address).toBe(true);
			expect(count, address).toBe(1);
		}
		expect(s.received.size).toBe(expected.size);
		expect(await progress(issueId)).toEqual({ queued: 0, sending: 0, sent: expected.size, failed: 0, uncertain: 0, skipped: 0 });
		const dup = await testDb().pool.query(`select count(*)::int as n from (select subscriber_id from newsletter_deliveries group by issue_id, subscriber_id having count(*) > 1) d`);
		expect(dup.rows[0].n).toBe(0);
		const issue = await testDb().pool.query(`select status, sent_at, recipient_count from newsletter_issues where id = $1`, [issueId]);
		expect(issue.rows[0]).toMatchObject({ status: 'sent', recipient_count: expected.size });
		expect(issue.rows[0].sent_at).toBeInstanceOf(Date);
		expect(seconds).toBeLessThan(90);
	});

	it('counts the recipients of a segment like the sending does', async () => {
		await seedPopulation(600);
		const everyone = Array.from({ length: 600 }, (_, i) => person(i));
		const segments: Segment[] = [
			{ topics: [], regions: [], locales: [] },
			{ topics: ['arbeit'], regions: [], locales: [] },
			{ topics: [], regions: ['weser-ems'], locales: ['en'] },
			{ topics: ['wohnen', 'engagement'], regions: ['leine-weser'], locales: ['ar', 'de'] }
		];
		for (const segment of segments) {
			expect(await countRecipients(testDb().pool, segment)).toBe(everyone.filter((p) => matches(p, segment)).length);
		}
		expect(ACTION_FIELDS).toContain('arbeit');
		expect(REGIONS).toContain('weser-ems');
	});

	it('pauses (nothing more is sent) and resumes to completion', async () => {
		const s = await useSink();
		for (let i = 0; i < 30; i++) await addSubscriber(`p${i}@example.org`);
		const issueId = await createIssue();
		await startSend(issueId, { enqueueJobs: false });
		const options = engineOptions({ batchSize: 10, ratePerSecond: 1000, concurrency: 2 });
		expect((await processBatch(issueId, options)).sent).toBe(10);

		expect(await controlSend(issueId, 'pause')).toBe(true);
		expect(await controlSend(issueId, 'pause')).toBe(false);
		expect((await processBatch(issueId, options)).claimed).toBe(0);
		const paused = await runToCompletion(issueId, { batchSize: 10, ratePerSecond: 1000 });
		expect(paused.sent).toBe(0);
		expect(s.total()).toBe(10);
		expect(await progress(issueId)).toMatchObject({ queued: 20, sent: 10 });
		expect((await testDb().pool.query(`select status from newsletter_issues where id = $1`, [issueId])).rows[0].status).toBe('paused');

		expect(await controlSend(issueId, 'resume')).toBe(true);
		const jobs = await testDb().pool.query(`select count(*)::int as n from pgboss.job where name = 'newsletter.send' and data->>'issueId' = $1`, [issueId]);
		expect(jobs.rows[0].n).toBeGreaterThan(0);
		const done = await runToCompletion(issueId, { batchSize: 10, ratePerSecond: 1000 });
		expect(done).toMatchObject({ done: true, sent: 20 });
		expect(s.total()).toBe(30);
		expect([...s.received.values()].every((n) => n === 1)).toBe(true);
	});

	it('cancelling skips what is still queued', async () => {
		const s = await useSink();
		for (let i = 0; i < 12; i++) await addSubscriber(`c${i}@example.org`);
		const issueId = await createIssue();
		await startSend(issueId, { enqueueJobs: false });
		await processBatch(issueId, engineOptions({ batchSize: 5, ratePerSecond: 1000 }));
		expect(await controlSend(issueId, 'cancel')).toBe(true);
		await runToCompletion(issueId, { batchSize: 5, ratePerSecond: 1000 });
		expect(s.total()).toBe(5);
		expect(await progress(issueId)).toMatchObject({ sent: 5, skipped: 7, queued: 0 });
	});

	it('retries a temporary failure later and gives up on a permanent one', async () => {
		const s = await useSink();
		const ok = await addSubscriber('ok@example.org');
		const later = await addSubscriber('later@example.org');
		const never = await addSubscriber('never@example.org');
		s.failTemporarily('later@example.org', 2);
		s.rejectAlways('never@example.org');
		const issueId = await createIssue();
		await startSend(issueId, { enqueueJobs: false });

		const first = await runToCompletion(issueId, { ratePerSecond: 1000, retryBaseMs: 60_000, workers: 1 });
		// The retry is not due yet: the worker stops and reports when it is.
		expect(first).toMatchObject({ done: false, sent: 1, failed: 1, retry: 1 });
		let rows = await deliveries(issueId);
		const row = (id: string) => rows.find((r) => r.subscriber_id === id)!;
		expect(row(ok)).toMatchObject({ status: 'sent', attempts: 1 });
		expect(row(later)).toMatchObject({ status: 'queued', attempts: 1 });
		expect(row(never)).toMatchObject({ status: 'failed', attempts: 1 });
		const retryAt = await testDb().pool.query(`select retry_at > now() + interval '50 seconds' as later, last_error from newsletter_deliveries where subscriber_id = $1`, [later]);
		expect(retryAt.rows[0]).toMatchObject({ later: true });
		expect(retryAt.rows[0].last_error).toMatch(/451|try again/i);

		// Time passes (the retry falls due) — twice, the second attempt fails again.
		for (let i = 0; i < 2; i++) {
			await testDb().pool.query(`update newsletter_deliveries set retry_at = now() - interval '1 second' where subscriber_id = $1 and status = 'queued'`, [later]);
			await runToCompletion(issueId, { ratePerSecond: 1000, retryBaseMs: 60_000, workers: 1 });
		}
		rows = await deliveries(issueId);
		expect(row(later)).toMatchObject({ status: 'sent', attempts: 3 });
		expect(s.received.get('later@example.org')).toBe(1);
		expect(s.received.get('never@example.org')).toBeUndefined();
		expect((await testDb().pool.query(`select status from newsletter_issues where id = $1`, [issueId])).rows[0].status).toBe('sent');
	});

	it('treats an unreachable mail server as temporary: the rows wait for a retry, none is lost or failed', async () => {
		// Nothing listens on port 9 of loopback: connection refused, no SMTP reply at all.
		setNewsletterTransport(pooledSmtpTransport('smtp://127.0.0.1:9', 1));
		await addSubscriber('x@example.org');
		await addSubscriber('y@example.org');
		const issueId = await createIssue();
		await startSend(issueId, { enqueueJobs: false });
		const out = await runToCompletion(issueId, { ratePerSecond: 1000, workers: 1 });
		expect(out).toMatchObject({ done: false, sent: 0, failed: 0, retry: 2 });
		expect(out.nextRetryInMs).toBeGreaterThan(50_000);
		expect(await progress(issueId)).toMatchObject({ queued: 2, sending: 0, failed: 0 });
		expect((await testDb().pool.query(`select status from newsletter_issues where id = $1`, [issueId])).rows[0].status).toBe('sending');

		// The server is back and the retry falls due: everything goes out once.
		const s = await useSink();
		await testDb().pool.query(`update newsletter_deliveries set retry_at = now() - interval '1 second' where issue_id = $1`, [issueId]);
		expect(await runToCompletion(issueId, { ratePerSecond: 1000 })).toMatchObject({ done: true, sent: 2 });
		expect(s.total()).toBe(2);
	});

	it('turns a stale claim into uncertain and never sends it again', async () => {
		const s = await useSink();
		const stuck = await addSubscriber('stuck@example.org');
		await addSubscriber('fine@example.org');
		const issueId = await createIssue();
		await startSend(issueId, { enqueueJobs: false });
		// A worker claimed the row and died before recording an outcome.
		await testDb().pool.query(
			`update newsletter_deliveries set status = 'sending', attempts = 1, claimed_at = now() - interval '11 minutes' where subscriber_id = $1`,
			[stuck]
		);
		expect(await sweep()).toBe(1);
		expect(await sweep()).toBe(0);
		await runToCompletion(issueId, { ratePerSecond: 1000 });
		expect(s.received.get('stuck@example.org')).toBeUndefined();
		expect(s.received.get('fine@example.org')).toBe(1);
		expect(await progress(issueId)).toMatchObject({ sent: 1, uncertain: 1 });
		expect((await testDb().pool.query(`select status from newsletter_issues where id = $1`, [issueId])).rows[0].status).toBe('sent');
	});

	it('a fresh claim is left alone by the sweep, and the issue only finishes once it has an outcome', async () => {
		await useSink();
		const id = await addSubscriber('busy@example.org');
		const issueId = await createIssue();
		await startSend(issueId, { enqueueJobs: false });
		await testDb().pool.query(`update newsletter_deliveries set status = 'sending', claimed_at = now() - interval '2 minutes' where subscriber_id = $1`, [id]);
		expect(await sweep()).toBe(0);
		expect((await testDb().pool.query(`select status from newsletter_issues where id = $1`, [issueId])).rows[0].status).toBe('sending');
	});

	it('mails each subscriber in their language, falls back to German with a note, and carries working unsubscribe headers', async () => {
		const mail = await useParsingSmtp();
		const de = await addSubscriber('de@example.org', 'de');
		const en = await addSubscriber('en@example.org', 'en');
		const ar = await addSubscriber('ar@example.org', 'ar');
		const issueId = await createIssue({
			texts: [
				{ locale: 'de', subject: 'Frühjahrsausgabe', body: 'Willkommen im **Bündnis**.' },
				{ locale: 'ar', subject: 'عدد الربيع', body: 'مرحباً بكم في **التحالف**.' }
			]
		});
		expect(await startSend(issueId, { enqueueJobs: false })).toBe(3);
		expect((await runToCompletion(issueId, { ratePerSecond: 1000 })).done).toBe(true);
		await mail.waitFor(3);
		const to = (a: string) => mail.mails.find((m) => m.to.includes(a))!.parsed;

		expect(to('de@example.org').subject).toBe('Frühjahrsausgabe');
		expect(to('ar@example.org').subject).toBe('عدد الربيع');
		expect(to('ar@example.org').html).toContain('<strong>التحالف</strong>');
		expect(to('ar@example.org').html).toContain('dir="rtl"');
		expect(to('ar@example.org').headers.get('content-language')).toBe('ar');
		expect(to('en@example.org').subject).toBe('Frühjahrsausgabe');
		expect(to('en@example.org').text).toContain('This issue is not available in English');
		expect(to('en@example.org').headers.get('content-language')).toBe('de');

		for (const [address, subscriberId] of [['de@example.org', de], ['en@example.org', en], ['ar@example.org', ar]] as const) {
			const parsed = to(address);
			expect(parsed.messageId).toBe(`<${issueId}.${subscriberId}@localhost>`);
			const raw = mail.mails.find((m) => m.to.includes(address))!.raw;
			expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
			const header = /^List-Unsubscribe: <([^>]+)>/im.exec(raw.replace(/\r\n[ \t]+/g, ' '));
			expect(header).not.toBeNull();
			const url = new URL(header![1]!);
			expect(url.origin).toBe('http://localhost:5999');
			expect(url.pathname).toBe('/api/v1/newsletter/unsubscribe');
			expect((await subscriberForToken(testDb().db, url.searchParams.get('s')))?.id).toBe(subscriberId);
			// Footer: personal preference and unsubscribe links, the controller, and no tracking.
			expect(parsed.text).toContain('/newsletter/einstellungen?s=');
			expect(parsed.text).toContain('/newsletter/abmelden?s=');
			expect(parsed.html).not.toMatch(/<img/);
			for (const href of [...String(parsed.html).matchAll(/href="([^"]+)"/g)].map((x) => x[1]!)) {
				expect(new URL(href).origin).toBe('http://localhost:5999');
			}
		}
		const rows = await deliveries(issueId);
		expect(rows.every((r) => r.status === 'sent' && r.message_id === `<${issueId}.${r.subscriber_id}@localhost>`)).toBe(true);
	});

	it('skips a subscriber who unsubscribed after the send started, and refuses to start twice', async () => {
		const s = await useSink();
		await addSubscriber('stays@example.org');
		const gone = await addSubscriber('gone@example.org');
		await addSubscriber('pending@example.org', 'de', [], [], 'pending');
		const issueId = await createIssue();
		expect(await startSend(issueId, { enqueueJobs: false })).toBe(2);
		await expect(startSend(issueId, { enqueueJobs: false })).rejects.toThrow(/wrong_status/);
		await testDb().pool.query(`delete from newsletter_subscribers where id = $1`, [gone]);
		await runToCompletion(issueId, { ratePerSecond: 1000 });
		expect([...s.received.keys()]).toEqual(['stays@example.org']);
		expect(await progress(issueId)).toMatchObject({ sent: 1, skipped: 1 });
	});
});
