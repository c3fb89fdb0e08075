/**
 * Newsletter sending benchmark (ADR 0019): seeds N active subscribers into the
 * bench database, sends one issue to all of them through the real engine
 * (claiming, rendering, pooled SMTP) into a counting SMTP sink on loopback,
 * and measures wall time and the peak RSS of this process (engine and sink).
 * The rows it created are removed afterwards.
 */
import pg from 'pg';
import { disconnect, useDb } from '../../src/lib/server/core/db';
import { loadSecret } from '../../src/lib/server/platform/secrets';
import { runToCompletion, startSend } from '../../src/lib/server/newsletter/send/engine';
import { startCountingSink } from '../../src/lib/server/newsletter/send/sink';
import { pooledSmtpTransport, setNewsletterTransport } from '../../src/lib/server/newsletter/send/transport';

export interface NewsletterBenchResult {
	recipients: number;
	seconds: number;
	peakRssMb: number;
	duplicates: number;
	sent: number;
}

export async function benchNewsletter(opts: { databaseUrl: string; recipients: number }): Promise<NewsletterBenchResult> {
	const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 6 });
	const db = useDb(pool);
	await loadSecret(db, process.env.SECRET_KEY || undefined);
	const sink = await startCountingSink();
	setNewsletterTransport(pooledSmtpTransport(sink.url, 8));
	const run = `bench-${Date.now().toString(36)}`;
	let peak = process.memoryUsage().rss;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 100);
	let issueId: string | undefined;
	try {
		await pool.query(
			`insert into newsletter_subscribers (email, locale, topics, regions, status, link_key, demo, confirmed_at)
			 select $2 || '-' || i || '@example.invalid', (array['de','en','ar'])[i % 3 + 1],
			        case when i % 4 = 0 then '{}'::text[] else array['sprache'] end, '{}'::text[], 'active', md5($2 || i), true, now()
			 from generate_series(1, $1) as i`,
			[opts.recipients, run]
		);
		const issue = await pool.query<{ id: string }>(
			`insert into newsletter_issues (slug, demo, segment_topics) values ($1, true, '{sprache}') returning id`,
			[run]
		);
		issueId = issue.rows[0]!.id;
		await pool.query(
			`insert into newsletter_issue_texts (issue_id, locale, subject, body) values
			 ($1, 'de', 'Benchmark-Ausgabe', $2), ($1, 'ar', 'عدد القياس', $3)`,
			[issueId, '### Neues\n\nEin **Absatz** mit [Link](https://example.org).\n\n- eins\n- zwei', '### جديد\n\nفقرة **مهمة**.']
		);
		const started = performance.now();
		const recipients = await startSend(issueId, { enqueueJobs: false });
		const out = await runToCompletion(issueId, { ratePerSecond: 10_000, batchSize: 500, concurrency: 8, workers: 2 });
		const seconds = (performance.now() - started) / 1000;
		peak = Math.max(peak, process.memoryUsage().rss);
		let duplicates = 0;
		for (const n of sink.received.values()) if (n > 1) duplicates += n - 1;
		return { recipients, seconds: Math.round(seconds * 10) / 10, peakRssMb: Math.round(peak / 1024 / 1024), duplicates, sent: out.sent };
	} finally {
		clearInterval(sampler);
		if (issueId) await pool.query(`delete from newsletter_issues where id = $1`, [issueId]);
		await pool.query(`delete from newsletter_subscribers where email like $1`, [`${run}-%`]);
		setNewsletterTransport(undefined);
		await sink.close();
		await disconnect();
	}
}
