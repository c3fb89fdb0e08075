import { defineJob } from '../core/jobs';
import { deliver, purgeOldMail, SEND_JOB, sweepStuck } from './service';

const RETRIES = 6;

export const sendMailJob = defineJob<{ id: string }>({
	name: SEND_JOB,
	// pg-boss waits its polling interval (1 s) between fetches even when work
	// was found: one mail per fetch would send one mail a second, and a sign-in
	// link could wait minutes behind a cancellation to 400 registrants. A batch
	// of 10 per fetch; if one fails, the batch is retried, and deliver() never
	// sends a row twice (outbox status), so the others are skipped then.
	batchSize: 10,
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
