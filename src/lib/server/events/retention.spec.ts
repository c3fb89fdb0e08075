import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { dbPool } from '../core/db';
import { makeEvent } from './fixtures.spec-helper';
import { purgeRegistrationData } from './retention';
import { attendanceStatistics } from './admin';
import { SYSTEM } from '../access/policy';

const DAY = 86_400_000;

async function registration(eventId: string, email: string) {
	await dbPool().query(
		`insert into event_registrations (event_id, status, name, email, consent_text, dietary, accessibility_needs, interpreter_language, seat_at)
		 values ($1, 'confirmed', 'X', $2, 'ok', 'vegan', 'Rollstuhlplatz', 'ar', now())`,
		[eventId, email]
	);
}

describe('registration retention', () => {
	useTestDatabase();

	it('clears health answers after the event and deletes registrations three months later', async () => {
		const now = new Date();
		const upcoming = await makeEvent({ capacity: null }, now);
		const over = await makeEvent({ capacity: null, startsAt: new Date(now.getTime() - 2 * DAY), endsAt: new Date(now.getTime() - 2 * DAY + 3_600_000) }, now);
		const old = await makeEvent({ capacity: null, startsAt: new Date(now.getTime() - 100 * DAY), endsAt: new Date(now.getTime() - 100 * DAY + 3_600_000) }, now);
		await registration(upcoming.id, 'a@example.org');
		await registration(over.id, 'b@example.org');
		await registration(old.id, 'c@example.org');
		expect(await purgeRegistrationData(now)).toEqual({ answersCleared: 2, registrationsDeleted: 1 });
		const rows = await dbPool().query<{ email: string; dietary: string | null; accessibility_needs: string | null; interpreter_language: string | null }>(
			`select email, dietary, accessibility_needs, interpreter_language from event_registrations order by email`
		);
		expect(rows.rows).toEqual([
			{ email: 'a@example.org', dietary: 'vegan', accessibility_needs: 'Rollstuhlplatz', interpreter_language: 'ar' },
			{ email: 'b@example.org', dietary: null, accessibility_needs: null, interpreter_language: 'ar' }
		]);
		// The seat count follows the deleted registration (trigger on delete).
		const seats = await dbPool().query<{ seats_taken: number }>(`select seats_taken from events where id = $1`, [old.id]);
		expect(seats.rows[0]!.seats_taken).toBe(0);
		// …and the statistics still count the deleted attendee.
		const kept = await dbPool().query<{ final_confirmed: number }>(`select final_confirmed from events where id = $1`, [old.id]);
		expect(kept.rows[0]!.final_confirmed).toBe(1);
		const stats = await attendanceStatistics(SYSTEM, new Date(now.getTime() - 200 * DAY));
		expect(stats.reduce((n, s) => n + s.confirmed, 0)).toBe(3);
		expect(await purgeRegistrationData(now)).toEqual({ answersCleared: 0, registrationsDeleted: 0 });
	});
});
