/**
 * Registration burst (issue 6): the moment the mail about a popular event
 * goes out. Against a running production server on loopback: one event with
 * `seats` seats, `people` pending registrations with their confirmation links,
 * then every confirmation POST at once (bounded by SOCKETS concurrent
 * keep-alive connections) — the real form action, the real event row lock,
 * the real seat trigger. Measures each request's latency (exact percentiles
 * over all requests) and checks the outcome: exactly min(seats, people)
 * confirmed, the rest waitlisted, seats_taken matching, nobody twice.
 *
 * Setup shortcut (stated in the output): the pending registrations and their
 * confirm tokens are written straight into the database — the registration
 * form (bot protection, one confirmation mail per person) is not what this
 * measures; the confirmation, where the seats are decided, goes over HTTP.
 * The event is deleted again afterwards (its registrations and tokens with it).
 *
 * Standalone: tsx bench/lib/registration.ts <baseUrl> <databaseUrl> [seats] [people] [sockets]
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { summarise } from './load';

export interface RegistrationBurstResult {
	people: number;
	seats: number;
	confirmed: number;
	waitlisted: number;
	p50: number;
	p95: number;
	p99: number;
	seconds: number;
	correct: boolean;
}

/** Concurrent connections to the server; the rest of the burst queues client-side, not counted as latency. */
const SOCKETS = 200;
export const SETUP_NOTE = 'pending registrations and confirm tokens inserted directly into the database; the confirmations go over HTTP';

/** As core/tokens.ts: 256 random bits, URL-safe; only the SHA-256 is stored. */
const newToken = () => randomBytes(32).toString('base64url');
const hashToken = (t: string) => createHash('sha256').update(t, 'utf8').digest('base64url');

function postForm(agent: http.Agent, base: URL, path: string, body: string): Promise<{ status: number; body: string; ms: number }> {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const req = http.request(
			{
				agent,
				host: base.hostname,
				port: base.port,
				method: 'POST',
				path,
				headers: {
					// A browser's form post: same origin (SvelteKit's CSRF check), urlencoded, HTML answer.
					origin: base.origin,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body)
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - started) / 1e6 })
				);
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

export async function benchRegistrationBurst(opts: {
	baseUrl: string;
	databaseUrl: string;
	seats: number;
	people: number;
	/** Concurrent connections (default SOCKETS). */
	sockets?: number;
}): Promise<RegistrationBurstResult> {
	const base = new URL(opts.baseUrl);
	if (base.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) {
		throw new Error(`the registration burst runs on loopback only, not ${opts.baseUrl}`);
	}
	const { seats, people } = opts;
	const db = new pg.Client({ connectionString: opts.databaseUrl });
	await db.connect();
	let eventId: string | null = null;
	try {
		const run = randomBytes(4).toString('hex');
		const startsAt = new Date(Math.floor((Date.now() + 30 * 86_400_000) / 60_000) * 60_000);
		eventId = (
			await db.query<{ id: string }>(
				`insert into events (slug, kind, status, title, region, place_name, starts_at, ends_at, registration_enabled, registration_open,
					capacity, consent_text, published_at)
				 values ($1, 'integration_conference', 'published', $2, 'leine-weser', 'Hannover', $3, $4, true, true, $5, 'Einverstanden.', now())
				 returning id`,
				[`bench-anmeldung-${run}`, `Benchmark Integrationskonferenz ${run}`, startsAt, new Date(startsAt.getTime() + 6 * 3600_000), seats]
			)
		).rows[0]!.id;
		// people pending registrations with one confirm token each, in one statement each.
		const tokens = Array.from({ length: people }, newToken);
		const ids = (
			await db.query<{ id: string }>(
				`insert into event_registrations (event_id, status, name, email, locale, consent_text)
				 select $1, 'pending', 'Person ' || i, 'bench-' || $2 || '-' || i || '@example.org', case when i % 3 = 0 then 'ar' else 'de' end, 'Einverstanden.'
				 from generate_series(1, $3::int) as i order by i
				 returning id`,
				[eventId, run, people]
			)
		).rows.map((r) => r.id);
		await db.query(
			`insert into event_tokens (token_hash, purpose, registration_id, expires_at)
			 select h, 'confirm', r, now() + interval '7 days' from unnest($1::text[], $2::uuid[]) as t(h, r)`,
			[tokens.map(hashToken), ids]
		);

		const sockets = opts.sockets ?? SOCKETS;
		const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
		const latencies: number[] = [];
		const answers = { confirmed: 0, waitlisted: 0, other: 0 };
		let next = 0;
		const started = process.hrtime.bigint();
		// SOCKETS workers take the next confirmation as soon as their previous one is answered.
		await Promise.all(
			Array.from({ length: Math.min(sockets, people) }, async () => {
				for (let i = next++; i < people; i = next++) {
					const token = tokens[i]!;
					const res = await postForm(agent, base, `/de/veranstaltungen/anmeldung?token=${token}`, new URLSearchParams({ token }).toString());
					latencies.push(res.ms);
					if (res.status === 200 && res.body.includes('data-testid="registration-confirmed"')) answers.confirmed++;
					else if (res.status === 200 && res.body.includes('data-testid="registration-waitlisted"')) answers.waitlisted++;
					else answers.other++;
				}
			})
		);
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		agent.destroy();

		const counts = await db.query<{ status: string; n: number }>(`select status, count(*)::int as n from event_registrations where event_id = $1 group by status`, [eventId]);
		const n = (s: string) => counts.rows.find((r) => r.status === s)?.n ?? 0;
		const taken = (await db.query<{ seats_taken: number }>(`select seats_taken from events where id = $1`, [eventId])).rows[0]!.seats_taken;
		const twice = (
			await db.query<{ n: number }>(
				`select count(*)::int as n from (select lower(email) from event_registrations where event_id = $1 and status = 'confirmed' group by 1 having count(*) > 1) d`,
				[eventId]
			)
		).rows[0]!.n;
		const confirmed = n('confirmed');
		const waitlisted = n('waitlisted');
		const expected = Math.min(seats, people);
		const correct =
			confirmed === expected &&
			waitlisted === people - expected &&
			taken === expected &&
			twice === 0 &&
			answers.other === 0 &&
			answers.confirmed === expected &&
			answers.waitlisted === people - expected;
		const s = summarise(latencies);
		return { people, seats, confirmed, waitlisted, p50: s.p50, p95: s.p95, p99: s.p99, seconds, correct };
	} finally {
		if (eventId) await db.query(`delete from events where id = $1`, [eventId]);
		await db.end();
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const [baseUrl, databaseUrl, seats = '100', people = '1000', sockets = String(SOCKETS)] = process.argv.slice(2);
	if (!baseUrl || !databaseUrl) {
		console.error('usage: tsx bench/lib/registration.ts <baseUrl> <databaseUrl> [seats] [people] [sockets]');
		process.exit(2);
	}
	const result = await benchRegistrationBurst({ baseUrl, databaseUrl, seats: Number(seats), people: Number(people), sockets: Number(sockets) });
	console.log(`setup: ${SETUP_NOTE}`);
	console.log(JSON.stringify(result));
}
