import { defineJob } from '../core/jobs';
import { deliver, purgeOldMail, SEND_JOB, sweepStuck } from './service';

const RETRIES = 6;

export const sendMailJob = defineJob<{ id: string }>({
	name: SEND_JOB,
	retryLimit: RETRIES,
	retryDelay: 15,
	async handle(data, job) {
		const outcome = await deliver(data.id, job.retryCount >= RETRIES);
		if (outcome === 'retry') throw new Error('mail delivery will be retried');
	}
});

export const sweepMailJob = defineJob<object>({
	name: 'mail.sweep',
	schedule: '*/5 * * * *',
	retryLimit: 1,
	async handle() {
		await sweepStuck();
		await purgeOldMail();
	}
});
