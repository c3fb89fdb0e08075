/**
 * Demo content of the freshness cycle, so the moderators' list and the
 * yearly question have something to show on a fresh installation: one entry
 * due for the question (its owner reads Arabic), one stale entry nobody owns,
 * and one recently archived as unconfirmed. Idempotent; marked demo.
 */
import { createHash } from 'node:crypto';
import { SYSTEM } from '../../access/policy';
import { ensureUser } from '../../accounts/service';
import { dbPool, transaction } from '../../core/db';
import { existingSlugs, insertProjectsWith, type NewProject } from '../bulk';
import { locate } from '../locate';
import { saveRevision } from '../snapshot';
import { monthsBefore } from './rules';

export const DEMO_FRESHNESS_OWNER_EMAIL = 'demo-frage-ar@example.org';
export const DEMO_FRESHNESS = {
	due: 'frauentreff-am-sande-lueneburg',
	ownerless: 'hausaufgabenhilfe-kreyenbrueck-oldenburg',
	archived: 'fahrradwerkstatt-celle'
} as const;

const idFor = (slug: string) => {
	const h = createHash('sha256').update(`anpacken-freshness-demo:${slug}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

async function demoUser(email: string, displayName: string, locale: string): Promise<string> {
	const found = await dbPool().query<{ id: string }>('select id from users where lower(email) = lower($1)', [email]);
	const id = found.rows[0]?.id ?? (await ensureUser(SYSTEM, { email, role: null, displayName })).id;
	await dbPool().query('update users set locale = $2 where id = $1', [id, locale]);
	return id;
}

interface Spec {
	slug: string;
	place: string;
	confirmedMonthsAgo: number;
	texts: NewProject['texts'];
	organisation: string;
	fields: NewProject['fields'];
	offerTypes: NewProject['offerTypes'];
	targetGroups: NewProject['targetGroups'];
	languages: string[];
}

const SPECS: Spec[] = [
	{
		slug: DEMO_FRESHNESS.due,
		place: 'Lüneburg',
		confirmedMonthsAgo: 13,
		organisation: 'Frauennetzwerk Lüneburg (Demo)',
		fields: ['teilhabe'],
		offerTypes: ['treffpunkt'],
		targetGroups: ['frauen'],
		languages: ['de', 'ar', 'fa'],
		texts: [
			{
				locale: 'de',
				title: 'Frauentreff am Sande',
				teaser: 'Ein offener Treffpunkt für Frauen mit und ohne Fluchtgeschichte: Austausch, gemeinsames Kochen und Beratung in kleinen Runden.',
				description: 'Jeden Mittwochnachmittag treffen sich Frauen aus vielen Ländern zum Reden, Kochen und Lernen.',
				status: 'source'
			},
			{
				locale: 'ar',
				title: 'ملتقى النساء في آم زاندِه',
				teaser: 'ملتقى مفتوح للنساء مع تجربة لجوء أو بدونها: تبادل وطبخ مشترك واستشارات في مجموعات صغيرة.',
				description: '',
				status: 'current'
			}
		]
	},
	{
		slug: DEMO_FRESHNESS.ownerless,
		place: 'Oldenburg (Oldb)',
		confirmedMonthsAgo: 14,
		organisation: 'Stadtteiltreff Kreyenbrück (Demo)',
		fields: ['sprache'],
		offerTypes: ['begleitung'],
		targetGroups: ['kinder', 'jugendliche'],
		languages: ['de'],
		texts: [
			{
				locale: 'de',
				title: 'Hausaufgabenhilfe Kreyenbrück',
				teaser: 'Ehrenamtliche helfen Schulkindern zweimal pro Woche bei den Hausaufgaben.',
				description: '',
				status: 'source'
			}
		]
	},
	{
		slug: DEMO_FRESHNESS.archived,
		place: 'Celle',
		confirmedMonthsAgo: 16,
		organisation: 'Werkstatt für alle Celle (Demo)',
		fields: ['engagement'],
		offerTypes: ['treffpunkt'],
		targetGroups: ['alle'],
		languages: ['de', 'en'],
		texts: [
			{
				locale: 'de',
				title: 'Offene Fahrradwerkstatt Celle',
				teaser: 'Gemeinsam Fahrräder reparieren: Werkzeug, Ersatzteile und Hilfe sind da.',
				description: '',
				status: 'source'
			}
		]
	}
];

export async function seedFreshnessDemo(progress: (line: string) => void, now = new Date()): Promise<void> {
	const have = await existingSlugs(SPECS.map((s) => s.slug));
	const fresh = SPECS.filter((s) => !have.has(s.slug));
	if (fresh.length === 0) return;
	const owner = await demoUser(DEMO_FRESHNESS_OWNER_EMAIL, 'Demo-Verein (Arabisch)', 'ar');
	const initiative = await demoUser('demo-initiative@example.org', 'Demo-Initiative', 'de');
	const batch: NewProject[] = [];
	for (const s of fresh) {
		const located = await locate({ place: s.place });
		if (located.status !== 'found') throw new Error(`demo place ${s.place}: ${located.status}`);
		const confirmed = monthsBefore(now, s.confirmedMonthsAgo);
		batch.push({
			id: idFor(s.slug),
			slug: s.slug,
			status: s.slug === DEMO_FRESHNESS.archived ? 'archived' : 'published',
			organisation: s.organisation,
			fields: s.fields,
			topics: [],
			offerTypes: s.offerTypes,
			targetGroups: s.targetGroups,
			languages: s.languages,
			costs: ['free'],
			barrierFree: 'unknown',
			childcare: false,
			womenOnly: s.slug === DEMO_FRESHNESS.due,
			appointmentNeeded: false,
			online: 'no',
			statewide: false,
			contact: {},
			schedule: null,
			demo: true,
			createdAt: monthsBefore(now, s.confirmedMonthsAgo + 6),
			publishedAt: monthsBefore(now, s.confirmedMonthsAgo + 6),
			lastConfirmedAt: confirmed,
			texts: s.texts,
			locations: [located.location]
		});
	}
	await transaction(async (_tx, client) => {
		await insertProjectsWith(client, batch);
		for (const p of batch) {
			if (p.slug === DEMO_FRESHNESS.due) await client.query(`insert into project_owners (project_id, user_id, via) values ($1, $2, 'submission')`, [p.id, owner]);
			if (p.slug === DEMO_FRESHNESS.archived) {
				await client.query(`insert into project_owners (project_id, user_id, via) values ($1, $2, 'submission')`, [p.id, initiative]);
				await client.query(`update projects set archived_at = $2, archived_reason = 'unconfirmed' where id = $1`, [p.id, new Date(now.getTime() - 20 * 86_400_000)]);
			}
			await saveRevision(client, p.id, 'import', null);
		}
	});
	progress(`atlas freshness: ${batch.length} demo entries`);
}
