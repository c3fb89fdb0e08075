/**
 * Demo supporters (marked demo): people and institutions across the four
 * regions, confirmed over the last months, most of them on the wall, so a
 * fresh installation shows a wall, counters and the staff statistics.
 * Addresses use example.org; no mail is sent.
 */
import { sql } from 'drizzle-orm';
import type { InstitutionKind } from '../../supporters/vocabulary';
import { locate } from '../atlas/locate';
import { confirmConsents, requestConsents } from '../consent/service';
import { db, transaction } from '../core/db';
import { supporters } from './schema';

type Demo = { name: string; place: string; kind?: InstitutionKind; website?: string; hidden?: boolean };

const PEOPLE: Demo[] = [
	{ name: 'Anna Petersen', place: 'Oldenburg' },
	{ name: 'Mehmet Yılmaz', place: 'Hannover' },
	{ name: 'Fatima Al-Hassan', place: 'Braunschweig' },
	{ name: 'Jens Köhler', place: 'Lüneburg' },
	{ name: 'Olena Kovalenko', place: 'Osnabrück' },
	{ name: 'Klaus-Dieter Brandt', place: 'Celle' },
	{ name: 'Samira Haddad', place: 'Göttingen' },
	{ name: 'Birgit Janssen', place: 'Emden' },
	{ name: 'Tobias Wegner', place: 'Wolfsburg' },
	{ name: 'Amina Diallo', place: 'Hildesheim' },
	{ name: 'Heike Sommer', place: 'Stade' },
	{ name: 'Yusuf Demir', place: 'Salzgitter' },
	{ name: 'Marta Nowak', place: 'Cuxhaven' },
	{ name: 'Ruth Albers', place: 'Nienburg/Weser', hidden: true },
	{ name: 'Dariush Rahimi', place: 'Lingen (Ems)' },
	{ name: 'Friederike Meyer', place: 'Uelzen', hidden: true }
];

const INSTITUTIONS: Demo[] = [
	{ name: 'Flüchtlingshilfe Oldenburger Land e. V.', place: 'Oldenburg', kind: 'association', website: 'https://example.org/fluechtlingshilfe-oldenburg' },
	{ name: 'Ev.-luth. Kirchengemeinde St. Marien', place: 'Lüneburg', kind: 'church' },
	{ name: 'DITIB-Moscheegemeinde Salzgitter', place: 'Salzgitter', kind: 'mosque' },
	{ name: 'Tischlerei Hansen GmbH', place: 'Aurich', kind: 'company', website: 'https://example.org/tischlerei-hansen' },
	{ name: 'Handwerkskammer-Beispiel Braunschweig', place: 'Braunschweig', kind: 'chamber' },
	{ name: 'Gewerkschaftsjugend Region Hannover (Beispiel)', place: 'Hannover', kind: 'union' },
	{ name: 'Gemeinde Beispielhausen', place: 'Verden (Aller)', kind: 'municipality' },
	{ name: 'Berufsbildende Schulen Celle (Beispiel)', place: 'Celle', kind: 'school' },
	{ name: 'Bürgerstiftung Göttingen (Beispiel)', place: 'Göttingen', kind: 'foundation', website: 'https://example.org/buergerstiftung' },
	{ name: 'Caritas-Beispielverband Osnabrück', place: 'Osnabrück', kind: 'welfare' },
	{ name: 'Initiative Willkommen in Stade', place: 'Stade', kind: 'initiative' },
	{ name: 'Hochschule Emden/Leer (Beispiel)', place: 'Emden', kind: 'university' },
	{ name: 'Sportverein Eintracht Beispiel', place: 'Wolfsburg', kind: 'association', hidden: true },
	{ name: 'Landkreis-Beispielbehörde Heidekreis', place: 'Soltau', kind: 'public_body' }
];

const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');

export async function seedSupportersDemo(progress: (line: string) => void, now = new Date()): Promise<number> {
	const existing = await db().select({ n: sql<number>`count(*)::int` }).from(supporters).where(sql`${supporters.demo}`);
	if ((existing[0]?.n ?? 0) > 0) {
		progress('supporters: demo supporters already there');
		return 0;
	}
	const all = [...PEOPLE.map((d) => ({ ...d, person: true })), ...INSTITUTIONS.map((d) => ({ ...d, person: false }))];
	let made = 0;
	for (const [i, d] of all.entries()) {
		const found = await locate({ place: d.place });
		const place =
			found.status === 'found'
				? { placeName: found.place.name, ags: found.location.ags ?? null, districtKey: found.location.districtKey ?? null, region: found.location.region ?? null }
				: { placeName: d.place, ags: null, districtKey: null, region: null };
		// Spread over the last ten months, so the staff table shows a history.
		const confirmedAt = new Date(now.getTime() - ((i * 37) % 300) * 24 * 3600_000 - 3600_000);
		const email = `demo.${slug(d.name)}@example.org`;
		await transaction(async (tx) => {
			const [s] = await tx
				.insert(supporters)
				.values({
					kind: d.person ? 'person' : 'institution',
					status: 'confirmed',
					email,
					locale: 'de',
					name: d.name,
					...place,
					institutionKind: d.person ? null : (d.kind ?? 'other'),
					website: d.person ? null : (d.website ?? null),
					contactName: d.person ? null : 'Demo-Ansprechperson',
					publicDisplay: !d.hidden,
					demo: true,
					createdAt: confirmedAt,
					confirmedAt,
					updatedAt: confirmedAt
				})
				.returning();
			await requestConsents(tx, { subjectId: s!.id, email, locale: 'de', source: '/de/unterstuetzen', purposes: d.hidden ? ['appeal.sign'] : ['appeal.sign', 'appeal.public'], at: confirmedAt });
			await confirmConsents(tx, s!.id, confirmedAt);
		});
		made++;
	}
	progress(`supporters: ${made} demo supporters`);
	return made;
}
