/**
 * Background jobs on pg-boss, in the same PostgreSQL. Modules register their
 * job definitions here (see each module's jobs.ts); which processes work on
 * them depends on ANPACKEN_ROLE: 'web' only enqueues, 'worker' and 'all' work.
 */
import PgBoss from 'pg-boss';
import { log } from './log';

export interface JobDefinition<T extends object = object> {
	name: string;
	/** Retries after the first failure, with exponential backoff from retryDelay seconds. */
	retryLimit?: number;
	retryDelay?: number;
	/** Cron expression (Europe/Berlin) for scheduled jobs. */
	schedule?: string;
	batchSize?: number;
	handle(data: T, job: { id: string; retryCount: number }): Promise<void>;
	/** Called once when the job has failed for good. */
	onFailure?(data: T, error: unknown): Promise<void>;
}

const definitions = new Map<string, JobDefinition>();
let boss: PgBoss | undefined;
let stopping = false;

export function defineJob<T extends object>(def: JobDefinition<T>): JobDefinition<T> {
	definitions.set(def.name, def as unknown as JobDefinition);
	return def;
}

export function jobDefinitions(): JobDefinition[] {
	return [...definitions.values()];
}

export async function startJobs(url: string, opts: { work: boolean }): Promise<PgBoss> {
	const instance = new PgBoss({
		connectionString: url,
		schema: 'pgboss',
		application_name: 'anpacken-jobs',
		max: 4,
		supervise: opts.work,
		schedule: opts.work,
		migrate: true
	});
	instance.on('error', (err: unknown) => {
		const e = err as { message?: string; code?: string };
		// 57P01: the server is shutting down (our own shutdown, or a database restart).
		if (stopping && e.code === '57P01') return;
		log.error({ code: e.code, err: e.message ?? String(err) }, 'job queue error');
	});
	await instance.start();
	for (const def of definitions.values()) {
		await instance.createQueue(def.name, {
			name: def.name,
			retryLimit: def.retryLimit ?? 5,
			retryDelay: def.retryDelay ?? 10,
			retryBackoff: true
		});
		if (def.schedule && opts.work) {
			await instance.schedule(def.name, def.schedule, {}, { tz: 'Europe/Berlin' });
		}
	}
	if (opts.work) {
		for (const def of definitions.values()) {
			const options = { batchSize: def.batchSize ?? 1, includeMetadata: true as const, pollingIntervalSeconds: 1 };
			await instance.work<object>(def.name, options, async (jobs) => {
				for (const job of jobs) {
					const retryCount = job.retryCount;
					try {
						await def.handle(job.data, { id: job.id, retryCount });
					} catch (err) {
						const limit = def.retryLimit ?? 5;
						log.warn({ job: def.name, jobId: job.id, retryCount, err: errMessage(err) }, 'job failed');
						if (retryCount >= limit && def.onFailure) await def.onFailure(job.data, err);
						throw err;
					}
				}
			});
		}
	}
	boss = instance;
	return instance;
}

function errMessage(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

export function jobs(): PgBoss {
	if (!boss) throw new Error('Job queue not started');
	return boss;
}

export function jobsStarted(): boolean {
	return boss !== undefined;
}

/**
 * Enqueue a job. Pass the open transaction's client as `tx` to enqueue in the
 * same transaction as the data the job refers to.
 */
export async function enqueue<T extends object>(
	name: string,
	data: T,
	options: PgBoss.SendOptions & { tx?: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } } = {}
): Promise<string | null> {
	if (!definitions.has(name)) throw new Error(`unknown job "${name}": import its module in src/lib/server/jobs.ts`);
	const { tx, ...rest } = options;
	const send: PgBoss.SendOptions = { ...rest };
	if (tx) {
		(send as PgBoss.SendOptions & { db: PgBoss.Db }).db = {
			executeSql: (text: string, values: unknown[]) => tx.query(text, values) as never
		};
	}
	return jobs().send(name, data, send);
}

export async function stopJobs(timeoutMs = 15_000): Promise<void> {
	const b = boss;
	boss = undefined;
	if (!b) return;
	stopping = true;
	// Stays true: late connection errors while the database goes down are expected.
	await b.stop({ graceful: true, timeout: timeoutMs, wait: true, close: true });
}

/** Tests: replace the running instance. */
export function setJobs(next: PgBoss | undefined): void {
	boss = next;
	stopping = false;
}
