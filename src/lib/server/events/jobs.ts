import { defineJob } from '../core/jobs';
import { expireOffers, sendReminders } from './registration';
import { purgeRegistrationData } from './retention';

/**
 * Every five minutes: waitlist offers whose time ran out become 'expired' and
 * their seats go to the next person; unconfirmed sign-ups lapse after the
 * confirmation period. Idempotent: each step re-checks under the event lock.
 */
export const offersJob = defineJob<object>({
	name: 'events.offers',
	schedule: '*/5 * * * *',
	retryLimit: 2,
	retryDelay: 60,
	async handle() {
		await expireOffers();
	}
});

/** Hourly: one reminder with the .ics to every confirmed registrant in the day before the event. */
export const remindersJob = defineJob<object>({
	name: 'events.reminders',
	schedule: '7 * * * *',
	retryLimit: 2,
	retryDelay: 300,
	async handle() {
		await sendReminders();
	}
});

/** Daily: health answers deleted after the event, registrations three months after it (retention.ts). */
export const purgeJob = defineJob<object>({
	name: 'events.purge',
	schedule: '41 3 * * *',
	retryLimit: 2,
	retryDelay: 600,
	async handle() {
		await purgeRegistrationData();
	}
});
