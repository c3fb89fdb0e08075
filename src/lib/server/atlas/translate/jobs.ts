import { defineJob } from '../../core/jobs';
import { log } from '../../core/log';
import { fillMachineTranslations, MACHINE_BATCH } from './machine';
import { configuredProvider } from './provider';

/**
 * Every 10 minutes, when ANPACKEN_TRANSLATE_URL is set: up to MACHINE_BATCH
 * missing or outdated translations of published entries (machine.ts). Without
 * a provider the job returns at once. A provider failure throws, so pg-boss
 * retries it; the next scheduled run continues anyway.
 */
export const machineTranslationJob = defineJob<object>({
	name: 'atlas.translate',
	schedule: '*/10 * * * *',
	retryLimit: 2,
	retryDelay: 120,
	async handle() {
		const provider = configuredProvider();
		if (!provider) return;
		const run = await fillMachineTranslations(provider, { limit: MACHINE_BATCH });
		if (run.written || run.skipped) log.info(run, 'machine translations');
	}
});
