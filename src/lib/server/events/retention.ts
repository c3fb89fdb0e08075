/**
 * Deletion rules for registrations (requirements §2.5): answers about health
 * (accessibility and dietary needs, Art. 9 DSGVO) go as soon as the event is
 * over; whole registrations, with their consent record, three months later.
 */
import { record } from '../audit/service';
import { SYSTEM } from '../access/policy';
import { dbPool } from '../core/db';

export const KEEP_REGISTRATIONS_DAYS = 92;

export async function purgeRegistrationData(now = new Date()): Promise<{ answersCleared: number; registrationsDeleted: number }> {
	const cleared = await dbPool().query(
		`update event_registrations r set dietary = null, accessibility_needs = null
		 from events e where e.id = r.event_id and e.ends_at <= $1 and (r.dietary is not null or r.accessibility_needs is not null)`,
		[now]
	);
	const cutoff = new Date(now.getTime() - KEEP_REGISTRATIONS_DAYS * 86_400_000);
	// The numbers outlive the people: attendance statistics keep counting deleted registrations.
	await dbPool().query(
		`update events e set final_confirmed = c.confirmed, final_checked_in = c.checked_in
		 from (select r.event_id, count(*) filter (where r.status = 'confirmed') as confirmed,
				count(r.checked_in_at) filter (where r.status = 'confirmed') as checked_in
			 from event_registrations r group by r.event_id) c
		 where c.event_id = e.id and e.ends_at <= $1 and e.final_confirmed is null`,
		[cutoff]
	);
	const deleted = await dbPool().query(
		`delete from event_registrations r using events e where e.id = r.event_id and e.ends_at <= $1`,
		[cutoff]
	);
	const result = { answersCleared: cleared.rowCount ?? 0, registrationsDeleted: deleted.rowCount ?? 0 };
	if (result.answersCleared || result.registrationsDeleted) {
		await record(SYSTEM, { action: 'events.registrations.purge', entity: 'event_registration', after: result });
	}
	return result;
}
