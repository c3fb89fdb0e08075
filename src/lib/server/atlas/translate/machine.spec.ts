import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { config, parseConfig, setConfig } from '../../core/config';
import { seedAtlasExamples } from '../demo';
import { getPublishedProject } from '../service';
import { saveRevision } from '../snapshot';
import { machineTranslationJob } from './jobs';
import { fillMachineTranslations, machineCandidates } from './machine';
import { configuredProvider, LibreTranslateClient, ProviderError } from './provider';
import { saveTranslation } from './service';
import { fakeTranslation, startFakeTranslator, type FakeTranslator } from './test-server';
import { formWith, makeActor, projectId } from '../media/test-helpers';

const t = useTestDatabase();
let server: FakeTranslator;
const original = config();
const withTranslateUrl = (url?: string) => setConfig(parseConfig({ NODE_ENV: 'test', ORIGIN: original.origin, LOG_LEVEL: 'silent', ANPACKEN_TRANSLATE_URL: url }));

beforeEach(async () => {
	server = await startFakeTranslator();
});
afterEach(async () => {
	setConfig(original);
	await server.close();
});

const SLUG = 'deutschvermittler-hemmingen';

async function texts(slug: string): Promise<Record<string, { title: string; teaser: string; description: string; status: string; source_revision: number | null }>> {
	const res = await t().pool.query<{ locale: string; title: string; teaser: string; description: string; status: string; source_revision: number | null }>(
		'select x.locale, x.title, x.teaser, x.description, x.status, x.source_revision from project_texts x join projects p on p.id = x.project_id where p.slug = $1',
		[slug]
	);
	return Object.fromEntries(res.rows.map((r) => [r.locale, r]));
}

/** Only one entry published, without translations: the runs below are about it alone. */
async function oneGermanEntry(): Promise<string> {
	await seedAtlasExamples();
	const id = await projectId(SLUG);
	await t().pool.query(`update projects set status = 'archived' where id <> $1`, [id]);
	await t().pool.query(`delete from project_texts where project_id = $1 and locale <> 'de'`, [id]);
	await t().pool.query(
		`update project_texts set description = $2 where project_id = $1 and locale = 'de'`,
		[id, 'Wir treffen uns im [Rathaus](https://example.org/rathaus).\n\n- Sprachcafé\n- Lernpaten']
	);
	return id;
}

describe('LibreTranslate client', () => {
	it('posts q, source, target, format text and the api key, and reads the answer', async () => {
		t();
		server.requireKey('k-123');
		const client = new LibreTranslateClient(`${server.url}/`, 'k-123');
		expect(await client.translate(['Hallo', 'Welt'], 'de', 'ar')).toEqual(['AR: Hallo', 'AR: Welt']);
		expect(server.requests[0]).toEqual({ q: ['Hallo', 'Welt'], source: 'de', target: 'ar', format: 'text', api_key: 'k-123' });
	});

	it('turns provider errors into retryable or permanent ProviderErrors', async () => {
		t();
		const client = new LibreTranslateClient(server.url);
		server.failNext(500);
		await expect(client.translate(['Hallo'], 'de', 'en')).rejects.toMatchObject({ status: 500, permanent: false });
		server.failNext(429);
		await expect(client.translate(['Hallo'], 'de', 'en')).rejects.toMatchObject({ status: 429, permanent: false });
		server.failNext(400);
		await expect(client.translate(['Hallo'], 'de', 'en')).rejects.toMatchObject({ status: 400, permanent: true });
		server.requireKey('right');
		await expect(client.translate(['Hallo'], 'de', 'en')).rejects.toMatchObject({ status: 403, permanent: false });
		const closed = new LibreTranslateClient('http://127.0.0.1:1');
		await expect(closed.translate(['Hallo'], 'de', 'en')).rejects.toBeInstanceOf(ProviderError);
	});

	it('is off unless ANPACKEN_TRANSLATE_URL is set', () => {
		withTranslateUrl(undefined);
		expect(configuredProvider()).toBeNull();
		withTranslateUrl(server.url);
		expect(configuredProvider()).toBeInstanceOf(LibreTranslateClient);
	});
});

describe('machine translation job', () => {
	it('fills missing translations of published entries, Markdown intact, labelled machine', async () => {
		t();
		const id = await oneGermanEntry();
		const provider = new LibreTranslateClient(server.url);
		const run = await fillMachineTranslations(provider);
		expect(run).toEqual({ written: 2, skipped: 0 });
		const all = await texts(SLUG);
		expect(all.en).toMatchObject({
			status: 'machine',
			title: fakeTranslation('Deutschvermittler Hemmingen', 'en'),
			description: 'EN: Wir treffen uns im [EN: Rathaus](https://example.org/rathaus).\n\n- EN: Sprachcafé\n- EN: Lernpaten'
		});
		expect(all.ar?.status).toBe('machine');
		// No URL was ever sent to the provider.
		expect(JSON.stringify(server.requests)).not.toContain('example.org');
		const revisions = await t().pool.query<{ kind: string; author_id: string | null }>('select kind, author_id from project_revisions where project_id = $1', [id]);
		expect(revisions.rows).toEqual([
			{ kind: 'translation', author_id: null },
			{ kind: 'translation', author_id: null }
		]);
		expect([all.ar?.source_revision, all.en?.source_revision]).toEqual([2, 3]);
		const reader = await getPublishedProject(SLUG, 'ar');
		expect(reader).toMatchObject({ textLocale: 'ar', textStatus: 'machine', fallback: false });
		// Nothing left to do.
		expect(await fillMachineTranslations(provider)).toEqual({ written: 0, skipped: 0 });
	});

	it('replaces outdated machine translations, never a current human one, and human outdated ones only after the grace period', async () => {
		t();
		const id = await oneGermanEntry();
		const provider = new LibreTranslateClient(server.url);
		await fillMachineTranslations(provider);
		const owner = await makeActor('moderator@example.org', 'moderator');
		const rev = (await t().pool.query<{ revision: number }>('select revision from projects where id = $1', [id])).rows[0]!.revision;
		const saved = await saveTranslation(owner, SLUG, formWith({ locale: 'en', revision: String(rev), title: 'German mentors', teaser: 'Volunteers teach German.', description: '' }));
		expect(saved.ok).toBe(true);
		expect(await machineCandidates({ limit: 10 })).toEqual([]);

		// The German source changes: the trigger marks both translations outdated.
		await t().pool.query(`update project_texts set teaser = 'Neuer Teaser für alle.' where project_id = $1 and locale = 'de'`, [id]);
		await t().pool.query(`update projects set revision = revision + 1, updated_at = now() where id = $1`, [id]);
		await saveRevision(t().pool, id, 'staff_edit', owner.id);
		let all = await texts(SLUG);
		expect([all.en?.status, all.ar?.status]).toEqual(['outdated', 'outdated']);

		// Now: only the machine one (ar) is redone; the person's English waits.
		expect(await fillMachineTranslations(provider)).toEqual({ written: 1, skipped: 0 });
		all = await texts(SLUG);
		expect(all.ar).toMatchObject({ status: 'machine', teaser: 'AR: Neuer Teaser für alle.' });
		expect(all.en).toMatchObject({ status: 'outdated', title: 'German mentors' });

		// Fifteen days later the grace period is over: a machine translation of today's source replaces it.
		const later = new Date(Date.now() + 15 * 86_400_000);
		expect(await fillMachineTranslations(provider, { now: later })).toEqual({ written: 1, skipped: 0 });
		all = await texts(SLUG);
		expect(all.en).toMatchObject({ status: 'machine', teaser: 'EN: Neuer Teaser für alle.' });
	});

	it('writes nothing for a failing provider and retries later; a permanent refusal skips the entry', async () => {
		t();
		await oneGermanEntry();
		const provider = new LibreTranslateClient(server.url);
		server.failNext(503);
		await expect(fillMachineTranslations(provider)).rejects.toMatchObject({ status: 503 });
		let all = await texts(SLUG);
		expect(Object.keys(all)).toEqual(['de']);
		const revisions = await t().pool.query('select 1 from project_revisions');
		expect(revisions.rowCount).toBe(0);

		server.failNext(400);
		expect(await fillMachineTranslations(provider)).toEqual({ written: 1, skipped: 1 });
		// The later run picks up what was skipped.
		expect(await fillMachineTranslations(provider)).toEqual({ written: 1, skipped: 0 });
		all = await texts(SLUG);
		expect(Object.keys(all).sort()).toEqual(['ar', 'de', 'en']);
	});

	it('runs as a job only when a provider is configured', async () => {
		t();
		await oneGermanEntry();
		withTranslateUrl(undefined);
		await machineTranslationJob.handle({}, { id: 'test', retryCount: 0 });
		expect(server.requests).toEqual([]);
		expect(Object.keys(await texts(SLUG))).toEqual(['de']);

		withTranslateUrl(server.url);
		server.failNext(500);
		await expect(machineTranslationJob.handle({}, { id: 'test', retryCount: 0 })).rejects.toBeInstanceOf(ProviderError);
		await machineTranslationJob.handle({}, { id: 'test', retryCount: 1 });
		expect(Object.keys(await texts(SLUG)).sort()).toEqual(['ar', 'de', 'en']);
	});
});
