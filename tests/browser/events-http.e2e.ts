/**
 * The capacity guarantee over real HTTP against the production server of the
 * browser tier: 200 people register for a 20-seat event through the real form
 * (each with the page's signed start time and a solved ALTCHA challenge, as
 * the widget sends it), then all 200 confirmation POSTs are fired at the same
 * moment. Exactly 20 get a seat, 180 land on the waitlist, nobody twice — in
 * the database and in the staff attendee CSV.
 *
 * How the public protections are met honestly (ADR 0017): the registrations
 * go one after another with real proofs of work; the test server raises
 * EVENT_REGISTRATION_LIMIT_PER_IP (a production setting) because all 200 come
 * from 127.0.0.1; the confirmation, where the seats are taken and the race
 * happens, has no limit of its own and is fired concurrently. The tokens are
 * read from the outbox rows (the test may read the database), not from 200
 * parsed mails.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Browser } from 'playwright-core';
import { launch, origin } from './lib/browser';
import { signInAs } from './lib/signin';

const PEOPLE = 200;
const SEATS = 20;
const ADMIN = 'demo-admin@example.org';
const RUN = randomUUID().slice(0, 8);
const email = (i: number) => `http-burst-${RUN}-${i}@example.org`;

let db: pg.Client;
let browser: Browser;
let eventId = '';
let slug = '';

beforeAll(async () => {
	db = new pg.Client({ connectionString: inject('databaseUrl') });
	await db.connect();
	const startsAt = new Date(Math.floor((Date.now() + 30 * 86_400_000) / 60_000) * 60_000);
	slug = `http-kapazitaet-${RUN}`;
	const res = await db.query<{ id: string }>(
		`insert into events (slug, kind, status, title, description, region, place_name, starts_at, ends_at,
			registration_enabled, registration_open, capacity, consent_text, published_at)
		 values ($1, 'regional_conference', 'published', $2, 'Kapazität unter Last', 'weser-ems', 'Oldenburg', $3, $4,
			true, true, $5, 'Ich bin einverstanden, dass meine Angaben für diese Veranstaltung verarbeitet werden.', now())
		 returning id`,
		[slug, `Regionalkonferenz HTTP-Test ${RUN}`, startsAt, new Date(startsAt.getTime() + 4 * 3600_000), SEATS]
	);
	eventId = res.rows[0]!.id;
	browser = await launch();
});

afterAll(async () => {
	// This file queues some 400 mails; the files after it wait for their own
	// mails (sign-in links), so leave the outbox as we found it: drained.
	const until = Date.now() + 180_000;
	while (db && Date.now() < until) {
		const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from mail_outbox where status in ('queued', 'sending')`);
		if (rows[0]!.n === 0) break;
		await new Promise((r) => setTimeout(r, 500));
	}
	await db?.end();
	await browser?.close();
}, 200_000);

/** What the ALTCHA widget puts into the form: the challenge and its solution, base64 JSON. */
async function proofOfWork(): Promise<string> {
	const res = await fetch(`${origin()}/api/v1/protection/challenge`);
	expect(res.status).toBe(200);
	const challenge = (await res.json()) as Challenge;
	const solution = await solveChallenge({ challenge, deriveKey, timeout: 30_000 });
	if (!solution) throw new Error('the challenge could not be solved');
	return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64');
}

function hidden(html: string, name: string): string {
	const m = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
	if (!m) throw new Error(`no hidden ${name} field on the page`);
	return m[1]!.replace(/&amp;/g, '&');
}

function post(path: string, fields: Record<string, string>): Promise<Response> {
	return fetch(`${origin()}${path}`, {
		method: 'POST',
		// A browser's form post: same-origin Origin header (SvelteKit's CSRF check), urlencoded body, HTML answer.
		headers: { origin: origin(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams(fields).toString(),
		redirect: 'manual'
	});
}

describe('event capacity over HTTP', () => {
	it(`${PEOPLE} people register through the form, all confirm at once: ${SEATS} seats, ${PEOPLE - SEATS} waitlisted`, async () => {
		// Staff sign in first: afterwards 400 registration mails queue ahead of any sign-in mail.
		const context = await browser.newContext();
		const staff = await signInAs(context, ADMIN, 'de');
		const page = `/de/veranstaltungen/${slug}`;
		// Everyone opens the page first (the signed start time), then takes the seconds a person needs to fill it in.
		const started: string[] = [];
		for (let i = 0; i < PEOPLE; i++) {
			const res = await fetch(`${origin()}${page}`);
			expect(res.status).toBe(200);
			started.push(hidden(await res.text(), 'form_started'));
		}
		await new Promise((r) => setTimeout(r, 2_100));
		for (let i = 0; i < PEOPLE; i++) {
			const res = await post(page, {
				form_started: started[i]!,
				website: '',
				altcha: await proofOfWork(),
				name: `Person ${i}`,
				email: email(i),
				consent: 'yes'
			});
			const html = await res.text();
			expect(res.status, `registration ${i}`).toBe(200);
			expect(html, `registration ${i}`).toContain('data-testid="registration-sent"');
		}
		const pending = await db.query<{ n: number }>(`select count(*)::int as n from event_registrations where event_id = $1 and status = 'pending'`, [eventId]);
		expect(pending.rows[0]!.n).toBe(PEOPLE);

		const mails = await db.query<{ to_address: string; text_body: string }>(
			`select to_address, text_body from mail_outbox where template = 'events.registration.confirm' and to_address like $1`,
			[`http-burst-${RUN}-%`]
		);
		expect(mails.rows).toHaveLength(PEOPLE);
		const escaped = origin().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const pattern = new RegExp(`${escaped}/de/veranstaltungen/anmeldung\\?token=([A-Za-z0-9_%-]+)`);
		const tokens = mails.rows.map((r) => decodeURIComponent(pattern.exec(r.text_body)![1]!));

		// All confirmations at the same moment, each on its own connection.
		const answers = await Promise.all(
			tokens.map(async (token) => {
				const res = await post(`/de/veranstaltungen/anmeldung?token=${encodeURIComponent(token)}`, { token });
				return { status: res.status, html: await res.text() };
			})
		);
		expect(answers.map((a) => a.status)).toEqual(tokens.map(() => 200));
		const said = (testid: string) => answers.filter((a) => a.html.includes(`data-testid="${testid}"`)).length;
		expect(said('registration-confirmed')).toBe(SEATS);
		expect(said('registration-waitlisted')).toBe(PEOPLE - SEATS);

		const counts = await db.query<{ status: string; n: number }>(
			`select status, count(*)::int as n from event_registrations where event_id = $1 group by status order by status`,
			[eventId]
		);
		expect(counts.rows).toEqual([
			{ status: 'confirmed', n: SEATS },
			{ status: 'waitlisted', n: PEOPLE - SEATS }
		]);
		const event = await db.query<{ seats_taken: number }>(`select seats_taken from events where id = $1`, [eventId]);
		expect(event.rows[0]!.seats_taken).toBe(SEATS);
		const confirmed = await db.query<{ email: string }>(`select email from event_registrations where event_id = $1 and status = 'confirmed'`, [eventId]);
		const confirmedEmails = confirmed.rows.map((r) => r.email).sort();
		expect(new Set(confirmedEmails).size).toBe(SEATS);
		// The waitlist keeps the order in which the confirmations arrived: distinct positions, none before a seat.
		const queue = await db.query<{ n: number }>(
			`select count(distinct waitlisted_at)::int as n from event_registrations where event_id = $1 and status = 'waitlisted'`,
			[eventId]
		);
		expect(queue.rows[0]!.n).toBeGreaterThan(1);

		// The staff CSV over HTTP lists exactly the confirmed people, each once.
		const csv = await staff.request.get(`${origin()}/de/admin/veranstaltungen/${eventId}/teilnehmende.csv`);
		expect(csv.status()).toBe(200);
		const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
		const csvEmails = lines.slice(1).map((l) => l.split(';')[1]!);
		expect(lines).toHaveLength(SEATS + 1);
		expect(csvEmails.sort()).toEqual(confirmedEmails);
		await context.close();
	});
});
