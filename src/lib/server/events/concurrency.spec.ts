/**
 * The capacity guarantee under load: 200 people confirm their registration
 * for a 20-seat event at the same moment, through the service, on a pool with
 * many connections against the real PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { config } from '../core/config';
import { useDb } from '../core/db';
import { eventRow, makeEvent, registrationForm } from './fixtures.spec-helper';
import { confirmRegistration, register } from './registration';

const PEOPLE = 200;
const SEATS = 20;

describe('capacity under concurrency', () => {
	const t = useTestDatabase({ jobs: true });

	it(`${PEOPLE} simultaneous confirmations for ${SEATS} seats: exactly ${SEATS} confirmed, ${PEOPLE - SEATS} waitlisted`, async () => {
		const event = await makeEvent({ capacity: SEATS, questions: [] });
		for (let i = 0; i < PEOPLE; i++) {
			const res = await register(event.slug, registrationForm({ name: `Person ${i}`, email: `person${i}@example.org`, consent: 'yes' }), {
				ip: '203.0.113.1',
				locale: 'de',
				trusted: true
			});
			expect(res).toEqual({ ok: true });
		}
		const mails = await t().pool.query<{ text_body: string }>(`select text_body from mail_outbox where template = 'events.registration.confirm'`);
		const pattern = new RegExp(`${config().origin}/de/veranstaltungen/anmeldung\\?token=([A-Za-z0-9_%-]+)`);
		const tokens = mails.rows.map((r) => decodeURIComponent(pattern.exec(r.text_body)![1]!));
		expect(tokens).toHaveLength(PEOPLE);

		// Many real connections, so the confirmations truly overlap in the database.
		const wide = new pg.Pool({ connectionString: t().url, max: 40 });
		useDb(wide);
		try {
			const outcomes = await Promise.all(tokens.map((token) => confirmRegistration(token)));
			const count = (s: string) => outcomes.filter((o) => o.status === s).length;
			expect(count('confirmed')).toBe(SEATS);
			expect(count('waitlisted')).toBe(PEOPLE - SEATS);
		} finally {
			useDb(t().pool);
			await wide.end();
		}
		const rows = await t().pool.query<{ status: string; n: string }>(`select status, count(*) as n from event_registrations where event_id = $1 group by status`, [event.id]);
		expect(Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]))).toEqual({ confirmed: SEATS, waitlisted: PEOPLE - SEATS });
		expect((await eventRow(event.id)).seatsTaken).toBe(SEATS);
		// Every decision is complete: seat holders have their seat time, waiting people their queue position.
		const incomplete = await t().pool.query(
			`select id from event_registrations where event_id = $1 and (confirmed_at is null
				or (status = 'confirmed' and seat_at is null) or (status = 'waitlisted' and waitlisted_at is null))`,
			[event.id]
		);
		expect(incomplete.rows).toEqual([]);
	}, 120_000);
});
