/**
 * Demo content for a fresh installation, clearly marked as such: the
 * app_meta key 'demo' makes every page show a "demo data" notice.
 */
import { eq } from 'drizzle-orm';
import { db } from '../core/db';
import { SYSTEM } from '../access/policy';
import { ensureUser } from '../accounts/service';
import { appMeta } from './schema';
import { seedAtlasExamples } from '../atlas/demo';
import { seedModerationDemo } from '../atlas/moderation/demo';
import { seedFreshnessDemo } from '../atlas/freshness/demo';
import { seedEventsDemo } from '../events/demo';
import { seedSupportersDemo } from '../supporters/demo';

export const DEMO_ADMIN_EMAIL = 'demo-admin@example.org';

export interface DemoSeeder {
	name: string;
	seed(progress: (line: string) => void): Promise<void>;
}

const seeders: DemoSeeder[] = [
	{
		name: 'accounts',
		async seed(progress) {
			await ensureUser(SYSTEM, { email: DEMO_ADMIN_EMAIL, role: 'admin', displayName: 'Demo-Admin' });
			await ensureUser(SYSTEM, { email: 'demo-redaktion@example.org', role: 'editor', displayName: 'Demo-Redaktion' });
			await ensureUser(SYSTEM, { email: 'demo-moderation@example.org', role: 'moderator', displayName: 'Demo-Moderation' });
			await ensureUser(SYSTEM, { email: 'demo-weser-ems@example.org', role: 'regional', region: 'weser-ems', displayName: 'Demo ArL Weser-Ems' });
			await ensureUser(SYSTEM, { email: 'demo-initiative@example.org', role: null, displayName: 'Demo-Initiative' });
			progress('accounts: 5 demo accounts');
		}
	},
	{ name: 'atlas', seed: async (progress) => void (await seedAtlasExamples(progress)) },
	// After 'atlas': builds on its good examples.
	{ name: 'atlas-moderation', seed: (progress) => seedModerationDemo(progress) },
	{ name: 'atlas-freshness', seed: (progress) => seedFreshnessDemo(progress) },
	{ name: 'events', seed: async (progress) => void (await seedEventsDemo(progress)) },
	{ name: 'supporters', seed: async (progress) => void (await seedSupportersDemo(progress)) }
];

/** Modules add their demo content here. */
export function registerDemoSeeder(seeder: DemoSeeder): void {
	seeders.push(seeder);
}

export async function isDemo(): Promise<boolean> {
	const rows = await db().select().from(appMeta).where(eq(appMeta.key, 'demo')).limit(1);
	return rows.length > 0;
}

let noticeCache: { value: boolean; until: number } | undefined;

/**
 * Whether pages show the demo notice. Every page render asks, so the answer is
 * kept for a minute per process (it only changes when demo content is loaded).
 */
export async function showDemoNotice(now = Date.now()): Promise<boolean> {
	if (noticeCache && noticeCache.until > now) return noticeCache.value;
	const value = await isDemo();
	noticeCache = { value, until: now + 60_000 };
	return value;
}

export async function hasBeenSeeded(): Promise<boolean> {
	const rows = await db().select().from(appMeta).where(eq(appMeta.key, 'seeded')).limit(1);
	return rows.length > 0;
}

export async function seedDemo(progress: (line: string) => void): Promise<void> {
	for (const [i, seeder] of seeders.entries()) {
		progress(`[${i + 1}/${seeders.length}] ${seeder.name}`);
		await seeder.seed(progress);
	}
	await db().insert(appMeta).values({ key: 'demo', value: { since: new Date().toISOString() } }).onConflictDoNothing();
	await db().insert(appMeta).values({ key: 'seeded', value: { at: new Date().toISOString() } }).onConflictDoNothing();
}

/** Marks a first start without demo content, so it is not offered again. */
export async function markSeededWithoutDemo(): Promise<void> {
	await db().insert(appMeta).values({ key: 'seeded', value: { at: new Date().toISOString(), demo: false } }).onConflictDoNothing();
}
