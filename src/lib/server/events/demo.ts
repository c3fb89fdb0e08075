/**
 * Demo events (marked demo): the alliance's formats around the current date —
 * an integration conference with limited seats, the four regional
 * conferences, a market of opportunities, an online forum, a workshop series,
 * a thank-you evening and past events with attendance for the statistics.
 */
import { randomUUID } from 'node:crypto';
import { dbPool, transaction } from '../core/db';
import { locate } from '../atlas/locate';
import * as repo from './repository';
import type { EventWrite } from './repository';
import { addDays, berlinInstant, berlinWallClock } from './time';
import { seedCommunityDemo } from './community-demo';

const CONSENT =
	'Ich bin einverstanden, dass die Geschäftsstelle meine Angaben zur Organisation dieser Veranstaltung verarbeitet. Angaben zu Barrierefreiheit und Ernährung werden direkt nach der Veranstaltung gelöscht, alle übrigen drei Monate danach.';

interface DemoEvent {
	slug: string;
	days: number;
	from: string;
	to: string;
	place?: { name: string; postcode: string; street: string; venue: string };
	event: Partial<EventWrite> & Pick<EventWrite, 'kind' | 'title'>;
	/** Past events: confirmed demo registrations, some checked in. */
	attended?: { confirmed: number; checkedIn: number };
	series?: { count: number; everyDays: number };
}

const EVENTS: DemoEvent[] = [
	{
		slug: 'integrationskonferenz-hannover',
		days: 30,
		from: '10:00',
		to: '16:30',
		place: { name: 'Hannover', postcode: '30159', street: 'Theodor-Heuss-Platz 1–3', venue: 'Hannover Congress Centrum' },
		event: {
			kind: 'integration_conference',
			title: 'Integrationskonferenz 2026: Ankommen, arbeiten, bleiben',
			description:
				'Die landesweite Integrationskonferenz des Bündnisses „Niedersachsen packt an“. Am Vormittag berichten Initiativen, Betriebe und Kommunen, was in den letzten Jahren gelungen ist; am Nachmittag arbeiten wir in **Foren** zu Sprache, Arbeit, Wohnen, Engagement und Teilhabe.\n\n- Begrüßung durch die Schirmherrschaft\n- Podium „Fachkräfte gewinnen, Menschen halten“\n- Foren und Markt der Möglichkeiten im Foyer',
			fields: ['sprache', 'arbeit', 'wohnen', 'engagement', 'teilhabe'],
			stepFree: 'yes',
			accessibility: 'Alle Säle stufenlos erreichbar, Induktionsschleife im Kuppelsaal, barrierefreie Toiletten im Erdgeschoss.',
			languages: ['de'],
			interpretation: ['dgs', 'ar', 'uk', 'en'],
			organiser: 'Geschäftsstelle des Bündnisses „Niedersachsen packt an“',
			contactEmail: 'veranstaltungen@example.org',
			registrationEnabled: true,
			capacity: 250,
			questions: ['organisation', 'dietary', 'accessibility', 'interpreter'],
			consentText: CONSENT
		}
	},
	{
		slug: 'regionalkonferenz-braunschweig',
		days: 14,
		from: '14:00',
		to: '18:00',
		place: { name: 'Braunschweig', postcode: '38100', street: 'Bohlweg 38', venue: 'Amt für regionale Landesentwicklung Braunschweig' },
		event: {
			kind: 'regional_conference',
			title: 'Regionalkonferenz Braunschweig: Sprache und Arbeit vor Ort',
			description: 'Initiativen, Jobcenter und Betriebe aus der Region Braunschweig tauschen sich aus: Was hilft beim Übergang vom Sprachkurs in die Arbeit?',
			fields: ['sprache', 'arbeit'],
			stepFree: 'yes',
			languages: ['de'],
			interpretation: ['ar'],
			organiser: 'Amt für regionale Landesentwicklung Braunschweig',
			registrationEnabled: true,
			capacity: 80,
			questions: ['organisation', 'accessibility'],
			consentText: CONSENT
		}
	},
	{
		slug: 'regionalkonferenz-leine-weser',
		days: 21,
		from: '10:00',
		to: '15:00',
		place: { name: 'Hildesheim', postcode: '31134', street: 'Domhof 1', venue: 'Kreishaus Hildesheim' },
		event: {
			kind: 'regional_conference',
			title: 'Regionalkonferenz Leine-Weser: Wohnen und Nachbarschaft',
			description: 'Wie finden Geflüchtete eine Wohnung, und wie wird aus Nachbarschaft Zusammenhalt? Beispiele aus Hildesheim, Hameln und Nienburg.',
			fields: ['wohnen', 'teilhabe'],
			stepFree: 'unknown',
			languages: ['de'],
			organiser: 'Amt für regionale Landesentwicklung Leine-Weser',
			registrationEnabled: true,
			capacity: 60,
			questions: ['organisation'],
			consentText: CONSENT
		}
	},
	{
		slug: 'regionalkonferenz-lueneburg',
		days: 45,
		from: '13:00',
		to: '17:00',
		place: { name: 'Lüneburg', postcode: '21335', street: 'Am Ochsenmarkt 1', venue: 'Rathaus Lüneburg, Fürstensaal' },
		event: {
			kind: 'regional_conference',
			title: 'Regionalkonferenz Lüneburg: Ehrenamt stärken',
			description: 'Für Ehrenamtliche und Hauptamtliche in der Integrationsarbeit: Austausch, Fortbildung und Zeit zum Kennenlernen.',
			fields: ['engagement'],
			stepFree: 'no',
			accessibility: 'Der Fürstensaal liegt im ersten Stock ohne Aufzug. Bitte sprechen Sie uns an, wir finden eine Lösung.',
			languages: ['de'],
			organiser: 'Amt für regionale Landesentwicklung Lüneburg',
			registrationEnabled: true,
			capacity: 50,
			questions: ['accessibility'],
			consentText: CONSENT
		}
	},
	{
		slug: 'regionalkonferenz-weser-ems',
		days: 60,
		from: '10:00',
		to: '16:00',
		place: { name: 'Oldenburg', postcode: '26122', street: 'Theodor-Tantzen-Platz 8', venue: 'Amt für regionale Landesentwicklung Weser-Ems' },
		event: {
			kind: 'regional_conference',
			title: 'Regionalkonferenz Weser-Ems: Ausbildung und Betriebe',
			description: 'Betriebe aus dem Nordwesten berichten, wie sie Geflüchtete ausbilden – und was sie dabei von Kammern und Kommunen brauchen.',
			fields: ['arbeit'],
			stepFree: 'yes',
			languages: ['de'],
			interpretation: ['ar', 'fa'],
			organiser: 'Amt für regionale Landesentwicklung Weser-Ems',
			registrationEnabled: true,
			capacity: 100,
			questions: ['organisation', 'interpreter'],
			consentText: CONSENT
		}
	},
	{
		slug: 'markt-der-moeglichkeiten-osnabrueck',
		days: 40,
		from: '11:00',
		to: '17:00',
		place: { name: 'Osnabrück', postcode: '49074', street: 'Markt 1', venue: 'Marktplatz und Rathaus Osnabrück' },
		event: {
			kind: 'market',
			title: 'Markt der Möglichkeiten Osnabrück',
			description: 'Über vierzig Projekte aus dem Projektatlas stellen sich an Ständen vor: zum Mitmachen, Nachfragen und Vernetzen. Eintritt frei, keine Anmeldung nötig.',
			fields: ['sprache', 'arbeit', 'engagement', 'teilhabe'],
			stepFree: 'yes',
			languages: ['de', 'en', 'ar'],
			organiser: 'Geschäftsstelle des Bündnisses mit der Stadt Osnabrück'
		}
	},
	{
		slug: 'online-forum-sprachpatenschaften',
		days: 10,
		from: '18:00',
		to: '19:30',
		event: {
			kind: 'online_forum',
			title: 'Online-Forum: Sprachpatenschaften, die tragen',
			description: 'Ein Abend im Videoraum: drei Initiativen zeigen, wie sie Lernpatenschaften über Monate lebendig halten. Mit Fragen aus dem Chat.',
			fields: ['sprache', 'engagement'],
			online: 'online',
			onlineUrl: 'https://konferenz.example.org/sprachpatenschaften',
			languages: ['de'],
			organiser: 'Geschäftsstelle des Bündnisses „Niedersachsen packt an“',
			registrationEnabled: true,
			capacity: 300,
			questions: [],
			consentText: CONSENT
		}
	},
	{
		slug: 'werkstatt-ehrenamt-goettingen',
		days: 7,
		from: '17:00',
		to: '19:00',
		place: { name: 'Göttingen', postcode: '37073', street: 'Hiroshimaplatz 1–4', venue: 'Neues Rathaus Göttingen' },
		series: { count: 4, everyDays: 7 },
		event: {
			kind: 'workshop',
			title: 'Werkstatt: Ehrenamt gut begleiten',
			description: 'Vier Abende für Koordinatorinnen und Koordinatoren von Ehrenamt: Gewinnen, Begleiten, Anerkennen, Grenzen setzen.',
			fields: ['engagement'],
			stepFree: 'yes',
			languages: ['de'],
			organiser: '„Ich kann helfen“ Göttingen',
			registrationEnabled: true,
			capacity: 20,
			questions: ['organisation'],
			consentText: CONSENT
		}
	},
	{
		slug: 'dankeschoen-abend-lueneburg',
		days: 75,
		from: '18:30',
		to: '22:00',
		place: { name: 'Lüneburg', postcode: '21335', street: 'Willy-Brandt-Straße 1', venue: 'Leuphana Zentralgebäude' },
		event: {
			kind: 'thank_you',
			title: 'Dankeschön-Abend für Ehrenamtliche',
			description: 'Mit Musik, Essen und Geschichten aus fünf Jahren Engagement. Eingeladen sind alle, die sich in der Region für Geflüchtete einsetzen.',
			fields: ['engagement'],
			stepFree: 'yes',
			languages: ['de'],
			organiser: 'Geschäftsstelle des Bündnisses „Niedersachsen packt an“',
			registrationEnabled: true,
			capacity: 150,
			questions: ['dietary', 'accessibility'],
			consentText: CONSENT
		}
	},
	{
		slug: 'werkstattforum-arbeit-salzgitter',
		days: -45,
		from: '10:00',
		to: '15:00',
		place: { name: 'Salzgitter', postcode: '38226', street: 'Joachim-Campe-Straße 6–8', venue: 'Rathaus Salzgitter' },
		attended: { confirmed: 9, checkedIn: 7 },
		event: {
			kind: 'workshop_forum',
			title: 'Werkstattforum Arbeit: Frauen in den Beruf',
			description: 'Erfahrungen aus „Stark im Beruf“ Salzgitter und anderen Projekten für zugewanderte Frauen.',
			fields: ['arbeit'],
			stepFree: 'yes',
			languages: ['de'],
			organiser: 'Geschäftsstelle des Bündnisses „Niedersachsen packt an“',
			registrationEnabled: true,
			capacity: 30,
			questions: ['organisation'],
			consentText: CONSENT
		}
	},
	{
		slug: 'nachfolgekonferenz-meppen',
		days: -120,
		from: '13:00',
		to: '17:00',
		place: { name: 'Meppen', postcode: '49716', street: 'Markt 43', venue: 'Rathaus Meppen' },
		attended: { confirmed: 14, checkedIn: 12 },
		event: {
			kind: 'follow_up',
			title: 'Nachfolgekonferenz Emsland: Willkommenskultur weiterdenken',
			description: 'Ein Jahr nach der Regionalkonferenz: Was ist aus den Verabredungen geworden?',
			fields: ['wohnen', 'teilhabe'],
			stepFree: 'yes',
			languages: ['de'],
			organiser: 'Amt für regionale Landesentwicklung Weser-Ems',
			registrationEnabled: true,
			capacity: 40,
			questions: [],
			consentText: CONSENT
		}
	}
];

const DEMO_NAMES = ['Amira Haddad', 'Jonas Becker', 'Olena Kovalenko', 'Samir Yousef', 'Lea Hoffmann', 'Fatima Rahimi', 'Tobias Krüger', 'Nour Al-Khatib', 'Maria Schulz', 'Yusuf Demir', 'Hanna Vogel', 'Dawit Tesfaye', 'Sofia Meyer', 'Karim Nasser'];

export async function seedEventsDemo(progress: (line: string) => void, now = new Date()): Promise<number> {
	const today = berlinWallClock(now).date;
	let count = 0;
	for (const d of EVENTS) {
		// A series is stored as <slug>-1, <slug>-2, …: look for its first date.
		if (await repo.findEventBySlug(dbPool(), d.series ? `${d.slug}-1` : d.slug)) continue;
		let location: Partial<EventWrite> = {};
		if (d.place) {
			const found = await locate({ place: d.place.name, postcode: d.place.postcode, street: d.place.street, label: d.place.venue });
			if (found.status !== 'found') throw new Error(`demo event ${d.slug}: place ${d.place.name} not found`);
			const l = found.location;
			location = { venueName: d.place.venue, street: l.street, postcode: l.postcode, placeName: l.placeName, ags: l.ags, districtKey: l.districtKey, lat: l.lat, lon: l.lon, region: l.region };
		}
		const dates = d.series ? Array.from({ length: d.series.count }, (_, i) => addDays(today, d.days + i * d.series!.everyDays)) : [addDays(today, d.days)];
		const seriesId = d.series ? randomUUID() : null;
		await transaction(async (_tx, client) => {
			for (const [i, date] of dates.entries()) {
				const startsAt = berlinInstant(date, d.from)!;
				const endsAt = berlinInstant(date, d.to)!;
				const write: EventWrite = {
					status: 'published',
					description: '',
					textLocale: 'de',
					fields: [],
					region: null,
					online: 'no',
					onlineUrl: null,
					venueName: null,
					street: null,
					postcode: null,
					placeName: null,
					ags: null,
					districtKey: null,
					lat: null,
					lon: null,
					stepFree: 'unknown',
					accessibility: '',
					languages: ['de'],
					interpretation: [],
					organiser: '',
					contactEmail: null,
					contactPhone: null,
					website: null,
					seriesId,
					projectId: null,
					registrationEnabled: false,
					registrationOpen: true,
					capacity: null,
					registrationOpensAt: null,
					registrationClosesAt: null,
					questions: [],
					consentText: '',
					offerHours: 24,
					...d.event,
					...location,
					startsAt,
					endsAt,
					demo: true
				};
				const slug = d.series ? `${d.slug}-${i + 1}` : d.slug;
				const row = await repo.insertEvent(client, slug, write, new Date(Math.min(now.getTime(), startsAt.getTime() - 30 * 86_400_000)));
				count++;
				for (let n = 0; n < (d.attended?.confirmed ?? 0); n++) {
					const name = DEMO_NAMES[n % DEMO_NAMES.length]!;
					await client.query(
						`insert into event_registrations (event_id, status, name, email, locale, consent_text, created_at, confirmed_at, seat_at, checked_in_at)
						 values ($1, 'confirmed', $2, $3, 'de', $4, $5, $5, $5, $6)`,
						[row.id, name, `demo-teilnahme-${n + 1}@example.org`, write.consentText, new Date(startsAt.getTime() - 14 * 86_400_000), n < d.attended!.checkedIn ? startsAt : null]
					);
				}
			}
		});
	}
	// Stands at the demo market and a community event of an initiative (community-demo.ts).
	const community = await seedCommunityDemo(now);
	progress(`events: ${count} demo events, ${community} community items`);
	return count;
}
