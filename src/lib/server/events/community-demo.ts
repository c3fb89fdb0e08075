/**
 * Demo content of community events and stands (issue 5): three approved
 * stands of good atlas examples at the demo market of opportunities, one
 * published community event of an initiative linked to its atlas entry, and
 * an Arabic-speaking owner of a published example who may ask for a stand.
 * Idempotent; runs after the atlas examples and the events demo.
 */
import { SYSTEM } from '../access/policy';
import { ensureUser } from '../accounts/service';
import { dbPool, transaction } from '../core/db';
import { locate } from '../atlas/locate';
import * as repo from './repository';
import { addDays, berlinInstant, berlinWallClock } from './time';

export const DEMO_MARKET_SLUG = 'markt-der-moeglichkeiten-osnabrueck';
export const DEMO_EXHIBITORS = ['gewerkepass-osnabrueck', 'willkommenskultur-meppen', 'deutschvermittler-hemmingen'] as const;
export const DEMO_COMMUNITY_SLUG = 'offenes-helfercafe-goettingen';
export const DEMO_COMMUNITY_PROJECT = 'ich-kann-helfen-goettingen';
/** Reads Arabic; owns a published example that has no stand yet (the browser test asks for one). */
export const DEMO_STAND_OWNER_EMAIL = 'demo-stand-ar@example.org';
export const DEMO_STAND_PROJECT = 'nachbarschaft-asendorf';

async function projectId(slug: string): Promise<string | undefined> {
	return (await dbPool().query<{ id: string }>(`select id from projects where slug = $1 and status = 'published'`, [slug])).rows[0]?.id;
}

export async function seedCommunityDemo(now = new Date()): Promise<number> {
	let count = 0;
	const market = await repo.findEventBySlug(dbPool(), DEMO_MARKET_SLUG);
	if (market) {
		for (const slug of DEMO_EXHIBITORS) {
			const id = await projectId(slug);
			if (!id) continue;
			const res = await dbPool().query(
				`insert into event_exhibitors (event_id, project_id, status, needs, requested_at, decided_at)
				 values ($1, $2, 'approved', 'Ein Tisch und zwei Stühle', $3, $3) on conflict (event_id, project_id) do nothing`,
				[market.id, id, now]
			);
			count += res.rowCount ?? 0;
		}
	}

	const standProject = await projectId(DEMO_STAND_PROJECT);
	if (standProject) {
		const found = await dbPool().query<{ id: string }>('select id from users where lower(email) = lower($1)', [DEMO_STAND_OWNER_EMAIL]);
		const userId = found.rows[0]?.id ?? (await ensureUser(SYSTEM, { email: DEMO_STAND_OWNER_EMAIL, role: null, displayName: 'Demo-Nachbarschaft' })).id;
		await dbPool().query('update users set locale = $2 where id = $1', [userId, 'ar']);
		await dbPool().query(`insert into project_owners (project_id, user_id, via) values ($1, $2, 'staff') on conflict do nothing`, [standProject, userId]);
	}

	const communityProject = await projectId(DEMO_COMMUNITY_PROJECT);
	if (communityProject && !(await repo.findEventBySlug(dbPool(), DEMO_COMMUNITY_SLUG))) {
		const found = await locate({ place: 'Göttingen', postcode: '37073', street: 'Hiroshimaplatz 1', label: 'Neues Rathaus Göttingen' });
		if (found.status !== 'found') throw new Error('community demo: Göttingen not found');
		const l = found.location;
		const date = addDays(berlinWallClock(now).date, 18);
		const startsAt = berlinInstant(date, '16:00')!;
		const endsAt = berlinInstant(date, '18:30')!;
		await transaction(async (_tx, client) => {
			const row = await repo.insertEvent(
				client,
				DEMO_COMMUNITY_SLUG,
				{
					kind: 'community',
					status: 'published',
					title: 'Offenes Helfercafé Göttingen',
					description: 'Wer helfen möchte, trifft hier Menschen, die Unterstützung suchen: bei Briefen von Ämtern, beim Deutschlernen oder bei der Wohnungssuche. **Ohne Anmeldung**, mit Kaffee und Tee.',
					textLocale: 'de',
					fields: ['engagement', 'teilhabe'],
					region: l.region,
					online: 'no',
					onlineUrl: null,
					venueName: 'Neues Rathaus, Foyer',
					street: l.street,
					postcode: l.postcode,
					placeName: l.placeName,
					ags: l.ags,
					districtKey: l.districtKey,
					lat: l.lat,
					lon: l.lon,
					startsAt,
					endsAt,
					stepFree: 'yes',
					accessibility: 'Aufzug am Haupteingang, barrierefreies WC im Erdgeschoss.',
					languages: ['de', 'ar', 'uk'],
					interpretation: [],
					organiser: 'Ich kann helfen e. V.',
					contactEmail: 'kontakt@ich-kann-helfen.example.org',
					contactPhone: null,
					website: null,
					seriesId: null,
					projectId: communityProject,
					registrationEnabled: false,
					registrationOpen: true,
					capacity: null,
					registrationOpensAt: null,
					registrationClosesAt: null,
					questions: [],
					consentText: '',
					offerHours: 24,
					demo: true
				},
				new Date(now.getTime() - 3 * 86_400_000)
			);
			await client.query(
				`update events set submitter_name = 'Demo-Initiative', submitter_email = 'demo-initiative@example.org', submitter_locale = 'de',
					submitted_at = $2, moderated_at = $2 where id = $1`,
				[row.id, new Date(now.getTime() - 2 * 86_400_000)]
			);
		});
		count++;
	}
	return count;
}
