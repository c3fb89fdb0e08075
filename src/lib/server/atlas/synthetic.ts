/**
 * Synthetic atlas entries for benchmarks and realistic demos (npm run cli --
 * seed:demo --projects N). Entry i depends only on the seed and i, so runs are
 * reproducible and a second run with a bigger N continues where the first stopped.
 */
import { ACTION_FIELDS, type ActionField, type OfferType, type TargetGroup, type Topic } from '../../atlas/taxonomy';
import type { Region } from '../accounts/schema';
import { dbPool } from '../core/db';
import { insertProjects, type NewLocation, type NewProject } from './bulk';

export const SYNTHETIC_SLUG_PREFIX = 'demo-syn-';
export const DEFAULT_SEED = 20160901;
const BATCH = 2000;

export interface SeedPlace {
	name: string;
	ags: string;
	districtKey: string;
	region: Region;
	lat: number;
	lon: number;
	postcode: string | null;
	/** Cumulative weight (population) up to and including this place. */
	upTo: number;
}

/** mulberry32: small, fast and good enough to spread demo data. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
function some<T>(r: () => number, list: readonly T[], min: number, max: number): T[] {
	const n = min + Math.floor(r() * (max - min + 1));
	return [...new Set(Array.from({ length: n }, () => pick(r, list)))];
}

interface Offer {
	de: string;
	en: string;
	ar: string;
	type: OfferType;
	topics: Topic[];
	groups: TargetGroup[];
}

const OFFERS: Record<ActionField, Offer[]> = {
	sprache: [
		{ de: 'Sprachcafé', en: 'Language café', ar: 'مقهى اللغة', type: 'treffpunkt', topics: ['bildung', 'nachbarschaft'], groups: ['zugewanderte', 'gefluechtete'] },
		{ de: 'Deutschkurs mit Kinderbetreuung', en: 'German course with childcare', ar: 'دورة ألمانية مع رعاية الأطفال', type: 'kurs', topics: ['bildung', 'familie'], groups: ['familien', 'frauen'] },
		{ de: 'Deutsch-Lerntreff', en: 'German learning group', ar: 'لقاء تعلم الألمانية', type: 'kurs', topics: ['bildung'], groups: ['gefluechtete'] },
		{ de: 'Lesepatenschaften', en: 'Reading mentors', ar: 'رعاية القراءة', type: 'mentoring', topics: ['kinder-jugend', 'bildung'], groups: ['kinder'] },
		{ de: 'Alphabetisierungskurs', en: 'Literacy course', ar: 'دورة محو الأمية', type: 'kurs', topics: ['bildung'], groups: ['zugewanderte'] },
		{ de: 'Hausaufgabenhilfe', en: 'Homework help', ar: 'مساعدة في الواجبات', type: 'kurs', topics: ['kinder-jugend'], groups: ['kinder', 'jugendliche'] }
	],
	arbeit: [
		{ de: 'Bewerbungstraining', en: 'Job application training', ar: 'تدريب على طلبات العمل', type: 'jobhilfe', topics: ['beratung'], groups: ['zugewanderte'] },
		{ de: 'Jobpatenschaften', en: 'Job mentoring', ar: 'رعاية العمل', type: 'mentoring', topics: ['beratung'], groups: ['gefluechtete', 'arbeitgeber'] },
		{ de: 'Berufsorientierung für junge Geflüchtete', en: 'Career orientation for young refugees', ar: 'توجيه مهني للاجئين الشباب', type: 'jobhilfe', topics: ['kinder-jugend', 'bildung'], groups: ['jugendliche'] },
		{ de: 'Anerkennungsberatung', en: 'Advice on recognition of qualifications', ar: 'استشارة الاعتراف بالشهادات', type: 'beratung', topics: ['beratung'], groups: ['zugewanderte'] },
		{ de: 'Frauen in Arbeit', en: 'Women into work', ar: 'النساء في العمل', type: 'jobhilfe', topics: ['frauen'], groups: ['frauen'] }
	],
	wohnen: [
		{ de: 'Wohnungslotsen', en: 'Housing guides', ar: 'مرشدو السكن', type: 'wohnhilfe', topics: ['beratung'], groups: ['gefluechtete', 'familien'] },
		{ de: 'Mietführerschein', en: 'Tenancy course', ar: 'رخصة الإيجار', type: 'kurs', topics: ['bildung'], groups: ['gefluechtete'] },
		{ de: 'Umzugshilfe', en: 'Moving help', ar: 'المساعدة في الانتقال', type: 'wohnhilfe', topics: ['nachbarschaft'], groups: ['familien'] },
		{ de: 'Wohnpatenschaften', en: 'Housing mentors', ar: 'رعاية السكن', type: 'mentoring', topics: ['nachbarschaft'], groups: ['gefluechtete'] }
	],
	engagement: [
		{ de: 'Ehrenamtsbörse', en: 'Volunteer exchange', ar: 'بورصة التطوع', type: 'beratung', topics: ['demokratie'], groups: ['ehrenamtliche'] },
		{ de: 'Lotsenprojekt', en: 'Guide project', ar: 'مشروع المرشدين', type: 'begleitung', topics: ['beratung'], groups: ['ehrenamtliche', 'gefluechtete'] },
		{ de: 'Dolmetscherpool', en: 'Interpreter pool', ar: 'مجموعة المترجمين', type: 'begleitung', topics: ['gesundheit'], groups: ['ehrenamtliche'] },
		{ de: 'Fahrradwerkstatt', en: 'Bicycle workshop', ar: 'ورشة الدراجات', type: 'treffpunkt', topics: ['nachbarschaft'], groups: ['alle'] }
	],
	teilhabe: [
		{ de: 'Interkulturelles Frauenfrühstück', en: 'Intercultural women’s breakfast', ar: 'فطور نسائي متعدد الثقافات', type: 'treffpunkt', topics: ['frauen'], groups: ['frauen'] },
		{ de: 'Begegnungscafé', en: 'Meeting café', ar: 'مقهى اللقاء', type: 'treffpunkt', topics: ['nachbarschaft'], groups: ['alle'] },
		{ de: 'Internationaler Kochabend', en: 'International cooking evening', ar: 'أمسية طبخ دولية', type: 'veranstaltung', topics: ['kultur'], groups: ['alle'] },
		{ de: 'Fußball für alle', en: 'Football for everyone', ar: 'كرة القدم للجميع', type: 'freizeit', topics: ['sport'], groups: ['jugendliche', 'alle'] },
		{ de: 'Elterncafé', en: 'Parents’ café', ar: 'مقهى الآباء', type: 'treffpunkt', topics: ['familie'], groups: ['familien'] },
		{ de: 'Interkultureller Garten', en: 'Intercultural garden', ar: 'حديقة متعددة الثقافات', type: 'freizeit', topics: ['nachbarschaft', 'kultur'], groups: ['alle'] }
	]
};

const PROVIDERS = ['Caritas', 'Diakonie', 'AWO', 'DRK', 'Volkshochschule', 'Freiwilligenagentur', 'Kirchengemeinde', 'Migrationsberatung', 'Flüchtlingshilfe', 'Stadtbibliothek', 'Jugendmigrationsdienst', 'Sportverein'];
const WHEN = ['jeden Dienstagnachmittag', 'montags und donnerstags', 'einmal im Monat am Samstag', 'werktags nach Vereinbarung', 'jeden Mittwochabend'];
const EXTRA = ['Kommen Sie einfach vorbei.', 'Anmeldung erwünscht.', 'Kinder sind willkommen.', 'Der Raum ist rollstuhlgerecht.', 'Ehrenamtliche gesucht!'];
const LANGS = ['de', 'ar', 'en', 'uk', 'ru', 'tr', 'fa', 'prs', 'ps', 'kmr', 'ti', 'so', 'fr'];

function uuidFrom(r: () => number): string {
	const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function slugify(s: string): string {
	return s
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60);
}

function placeAt(places: SeedPlace[], r: () => number): SeedPlace {
	const total = places[places.length - 1]!.upTo;
	const x = r() * total;
	let lo = 0;
	let hi = places.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (places[mid]!.upTo > x) hi = mid;
		else lo = mid + 1;
	}
	return places[lo]!;
}

function location(p: SeedPlace, r: () => number): NewLocation {
	const approximate = r() < 0.03;
	// Scatter within a couple of kilometres of the centre; approximate ones stay on it.
	const jitter = approximate ? 0 : 0.02;
	return {
		label: null,
		street: approximate ? null : `${pick(r, ['Hauptstraße', 'Bahnhofstraße', 'Schulstraße', 'Kirchstraße', 'Gartenweg', 'Marktplatz'])} ${1 + Math.floor(r() * 80)}`,
		postcode: p.postcode,
		placeName: p.name,
		ags: p.ags,
		districtKey: p.districtKey,
		region: p.region,
		lat: p.lat + (r() - 0.5) * jitter,
		lon: p.lon + (r() - 0.5) * jitter * 1.6,
		approximate
	};
}

/** The i-th synthetic entry for a seed: the same inputs always give the same entry. */
export function syntheticProject(i: number, places: SeedPlace[], seed = DEFAULT_SEED, now = new Date('2025-06-01T00:00:00Z')): NewProject {
	const r = prng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
	const fields = some(r, ACTION_FIELDS, 1, 2);
	const offer = pick(r, OFFERS[fields[0]!]);
	const place = placeAt(places, r);
	const statewide = r() < 0.07;
	const provider = `${pick(r, PROVIDERS)} ${place.name}`;
	const title = statewide ? `${offer.de} online` : `${offer.de} ${place.name}`;
	const teaser = `${offer.de} ${pick(r, WHEN)} – für ${offer.groups.length > 1 ? 'Familien, Kinder und Erwachsene' : 'alle Interessierten'}. ${pick(r, EXTRA)}`.slice(0, 200);
	const locations = statewide ? [] : [location(place, r)];
	if (!statewide && r() < 0.1) locations.push(location(placeAt(places, r), r));
	const publishedAt = new Date(now.getTime() - Math.floor(r() * 3 * 365) * 86_400_000);
	const statusRoll = r();
	const texts: NewProject['texts'] = [
		{ locale: 'de', title, teaser, description: `${teaser}\n\nEin Angebot von ${provider}. Träger und Ehrenamtliche freuen sich auf neue Gesichter.`, status: 'source' }
	];
	if (r() < 0.1) {
		const where = statewide ? 'online' : place.name;
		texts.push({ locale: 'en', title: `${offer.en} ${where}`, teaser: `${offer.en} in ${where}.`, description: '', status: r() < 0.5 ? 'current' : 'machine' });
		texts.push({ locale: 'ar', title: `${offer.ar} ${where}`, teaser: `${offer.ar}.`, description: '', status: 'machine' });
	}
	return {
		id: uuidFrom(r),
		slug: `${SYNTHETIC_SLUG_PREFIX}${String(i).padStart(7, '0')}-${slugify(title)}`,
		status: statusRoll < 0.93 ? 'published' : statusRoll < 0.96 ? 'submitted' : statusRoll < 0.98 ? 'draft' : 'archived',
		organisation: provider,
		fields,
		topics: [...new Set([...offer.topics, ...some(r, ['kultur', 'gesundheit', 'beratung'] as Topic[], 0, 1)])],
		offerTypes: [offer.type],
		targetGroups: offer.groups,
		languages: ['de', ...some(r, LANGS.slice(1), 0, 3)],
		costs: [r() < 0.75 ? 'free' : r() < 0.5 ? 'fee' : 'donation'],
		barrierFree: pick(r, ['yes', 'no', 'unknown'] as const),
		childcare: offer.groups.includes('familien') || r() < 0.15,
		womenOnly: offer.groups.includes('frauen') && r() < 0.6,
		appointmentNeeded: r() < 0.3,
		online: statewide ? 'online' : r() < 0.1 ? 'hybrid' : 'no',
		statewide,
		contact: { email: { value: `kontakt-${i}@example.org`, public: r() < 0.8 }, phone: { value: '+49 511 0000000', public: false } },
		schedule: {
			days: [{ day: (1 + Math.floor(r() * 5)) as 1 | 2 | 3 | 4 | 5, slots: [{ from: '16:00', to: '18:00' }] }],
			byAppointment: false,
			temporarilyClosed: r() < 0.02,
			note: null
		},
		demo: true,
		createdAt: publishedAt,
		publishedAt,
		lastConfirmedAt: r() < 0.8 ? publishedAt : null,
		texts,
		locations
	};
}

/** Gazetteer places weighted by population (small places still get a little weight). */
export async function loadSeedPlaces(): Promise<SeedPlace[]> {
	const res = await dbPool().query<Omit<SeedPlace, 'upTo'> & { population: number }>(
		`select name, ags, district_ags as "districtKey", region, lat, lon, population, postcodes[1] as postcode
		from gazetteer_places order by id`
	);
	let sum = 0;
	return res.rows.map(({ population, ...p }) => ({ ...p, upTo: (sum += Math.max(population, 500)) }));
}

/**
 * Makes sure at least n synthetic entries exist, inserting the missing ones
 * in batches. Returns how many were inserted.
 */
export async function seedSyntheticProjects(n: number, progress: (line: string) => void = () => {}, seed = DEFAULT_SEED): Promise<number> {
	const places = await loadSeedPlaces();
	if (places.length === 0) throw new Error('the gazetteer is empty: run migrate first');
	const have = await dbPool().query<{ n: number }>(`select count(*)::int as n from projects where slug like $1`, [`${SYNTHETIC_SLUG_PREFIX}%`]);
	const start = have.rows[0]?.n ?? 0;
	const started = Date.now();
	for (let from = start; from < n; from += BATCH) {
		const to = Math.min(n, from + BATCH);
		const batch = Array.from({ length: to - from }, (_, k) => syntheticProject(from + k, places, seed));
		await insertProjects(batch);
		const rate = Math.round(((to - start) * 1000) / Math.max(1, Date.now() - started));
		progress(`atlas synthetic: ${to}/${n} (${rate}/s)`);
	}
	return Math.max(0, n - start);
}
