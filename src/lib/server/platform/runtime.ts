/**
 * Starting and stopping the platform inside one process: database pool,
 * secret, job queue (working on jobs only for the roles 'worker' and 'all').
 */
import { config } from '../core/config';
import { connect, db, disconnect } from '../core/db';
import { startJobs, stopJobs } from '../core/jobs';
import { log } from '../core/log';
import { loadSecret } from './secrets';
import '../jobs';

let started: Promise<void> | undefined;

export function startPlatform(): Promise<void> {
	started ??= (async () => {
		const c = config();
		if (!c.DATABASE_URL) throw new Error('DATABASE_URL is not set (npm start sets it for the embedded database)');
		connect(c.DATABASE_URL, c.ANPACKEN_ROLE === 'worker' ? 4 : 10);
		await loadSecret(db(), c.SECRET_KEY);
		await startJobs(c.DATABASE_URL, { work: c.ANPACKEN_ROLE !== 'web' });
		log.info({ role: c.ANPACKEN_ROLE }, 'platform started');
	})();
	return started;
}

export async function stopPlatform(): Promise<void> {
	if (!started) return;
	started = undefined;
	await stopJobs(config().SHUTDOWN_TIMEOUT * 1000);
	await disconnect();
	log.info('platform stopped');
}
