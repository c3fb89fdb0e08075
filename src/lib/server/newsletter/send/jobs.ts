import { defineJob } from '../../core/jobs';
import { startDue, sweep, workerJob, WORKER_JOB } from './engine';

/** Sends an issue's queued deliveries (several run per issue; each hands over to a fresh job after a while). */
export const sendJob = defineJob<{ issueId: string }>({
	name: WORKER_JOB,
	retryLimit: 3,
	retryDelay: 30,
	async handle(data) {
		await workerJob(data.issueId);
	}
});

/** Every minute: scheduled issues whose time has come start sending. */
export const scheduledJob = defineJob<object>({
	name: 'newsletter.scheduled',
	schedule: '* * * * *',
	retryLimit: 1,
	retryDelay: 30,
	async handle() {
		await startDue();
	}
});

/** Every five minutes: stale claims become 'uncertain', finished issues 'sent', orphaned sends get a worker again. */
export const sweepJob = defineJob<object>({
	name: 'newsletter.sweep',
	schedule: '*/5 * * * *',
	retryLimit: 1,
	retryDelay: 60,
	async handle() {
		await sweep();
	}
});
