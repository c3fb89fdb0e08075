/**
 * Demo content for the Projektatlas: the good examples from the alliance's
 * report, as published entries marked demo. The texts are written for the
 * demo, in the spirit of the projects; they are not the projects' own words.
 */
import { createHash } from 'node:crypto';
import { searchPlaces } from '../gazetteer/service';
import type { WeeklySchedule } from './contract';
import { existingSlugs, insertProjects, type NewLocation, type NewProject } from './bulk';

type Texts = { title: string; teaser: string; description?: string };

interface Example extends Omit<NewProject, 'id' | 'status' | 'texts' | 'locations' | 'demo' | 'createdAt' | 'publishedAt' | 'lastConfirmedAt' | 'statewide'> {
	de: Required<Texts>;
	en: Texts;
	ar: Texts;
	place: { name: string; district: string; street: string | null; postcode: string; label?: string; approximate?: boolean };
	publishedDaysAgo: number;
}

const week = (days: WeeklySchedule['days'], extra: Partial<WeeklySchedule> = {}): WeeklySchedule => ({
	days,
	byAppointment: false,
	temporarilyClosed: false,
	note: null,
	...extra
});

const EXAMPLES: Example[] = [
	{
		slug: 'deutschvermittler-hemmingen',
		organisation: 'Stadt Hemmingen mit Ehrenamtlichen',
		fields: ['sprache'],
		topics: ['bildung', 'nachbarschaft'],
		offerTypes: ['kurs', 'treffpunkt'],
		targetGroups: ['gefluechtete', 'zugewanderte'],
		languages: ['de', 'ar', 'fa', 'en'],
		costs: ['free'],
		barrierFree: 'yes',
		childcare: true,
		womenOnly: false,
		appointmentNeeded: false,
		online: 'no',
		contact: {
			person: { value: 'Koordination Deutschvermittler', public: true },
			email: { value: 'deutschvermittler@example.org', public: true },
			phone: { value: '+49 511 0000000', public: false }
		},
		schedule: week([{ day: 2, slots: [{ from: '17:00', to: '19:00' }] }, { day: 4, slots: [{ from: '10:00', to: '12:00' }] }], {
			note: 'In den Schulferien nur donnerstags.'
		}),
		de: {
			title: 'Deutschvermittler Hemmingen',
			teaser: 'Ehrenamtliche vermitteln Deutsch im Alltag: Sprachcafé, Deutschkurs für Einsteiger, Lernpatenschaften und Hilfe bei den ersten Schritten. Ausgezeichnet 2016.',
			description:
				'Die Deutschvermittler sind ein Netz von Ehrenamtlichen, das Geflüchteten und Zugewanderten in Hemmingen den Einstieg in die deutsche Sprache erleichtert. Im Sprachcafé wird in kleinen Gruppen gesprochen, geübt und gelacht; Lernpatinnen und -paten begleiten einzelne Menschen über Monate.\n\nDas Projekt wurde 2016 vom Bündnis „Niedersachsen packt an“ als gutes Beispiel ausgezeichnet. Während der Treffen gibt es eine Kinderbetreuung.'
		},
		en: { title: 'German mentors Hemmingen', teaser: 'Volunteers teach everyday German: language café, learning partnerships and help with first steps. Award winner 2016.' },
		ar: { title: 'وسطاء اللغة الألمانية في هيمينغن', teaser: 'متطوعون يعلّمون الألمانية اليومية: مقهى اللغة وشراكات التعلم والمساعدة في الخطوات الأولى.' },
		place: { name: 'Hemmingen', district: '03241', street: 'Rathausplatz 1', postcode: '30966', label: 'Rathaus Hemmingen' },
		publishedDaysAgo: 40
	},
	{
		slug: 'gewerkepass-osnabrueck',
		organisation: 'Handwerkskammer Osnabrück-Emsland-Grafschaft Bentheim (Demo)',
		fields: ['arbeit'],
		topics: ['bildung', 'beratung'],
		offerTypes: ['jobhilfe', 'kurs'],
		targetGroups: ['gefluechtete', 'jugendliche', 'arbeitgeber'],
		languages: ['de', 'en', 'ar'],
		costs: ['free'],
		barrierFree: 'unknown',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: true,
		online: 'no',
		contact: { email: { value: 'gewerkepass@example.org', public: true }, website: { value: 'https://example.org/gewerkepass', public: true } },
		schedule: week([], { byAppointment: true, note: 'Praxistage nach Absprache mit den Betrieben.' }),
		de: {
			title: 'Gewerkepass Osnabrück',
			teaser: 'Junge Geflüchtete lernen in Praxistagen verschiedene Handwerksberufe kennen und sammeln Nachweise für Praktikum und Ausbildung.',
			description:
				'Mit dem Gewerkepass erproben junge Geflüchtete in Werkstätten und Betrieben mehrere Gewerke, vom Tischlerhandwerk bis zur Elektrotechnik. Jede Station wird im Pass bestätigt – ein Nachweis, der bei Bewerbungen hilft.\n\nBetriebe lernen so mögliche Auszubildende kennen; eine Beraterin begleitet beide Seiten.'
		},
		en: { title: 'Trades pass Osnabrück', teaser: 'Young refugees try out different skilled trades in practical days and collect certificates for internships and apprenticeships.' },
		ar: { title: 'جواز الحِرف في أوسنابروك', teaser: 'يتعرف اللاجئون الشباب على مهن حرفية مختلفة في أيام عملية ويجمعون شهادات للتدريب.' },
		place: { name: 'Osnabrück', district: '03404', street: 'Bramscher Straße 134', postcode: '49088', label: 'Bildungszentrum' },
		publishedDaysAgo: 120
	},
	{
		slug: 'willkommenskultur-meppen',
		organisation: 'Arbeitskreis Willkommenskultur Meppen',
		fields: ['wohnen'],
		topics: ['nachbarschaft', 'beratung', 'familie'],
		offerTypes: ['wohnhilfe', 'begleitung'],
		targetGroups: ['gefluechtete', 'familien'],
		languages: ['de', 'ar', 'kmr', 'ru'],
		costs: ['free'],
		barrierFree: 'no',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: false,
		online: 'no',
		contact: { person: { value: 'Team Willkommenskultur', public: true }, email: { value: 'willkommen-meppen@example.org', public: true } },
		schedule: week([{ day: 1, slots: [{ from: '15:00', to: '18:00' }] }]),
		de: {
			title: 'Willkommenskultur Meppen: Wohnungslotsen',
			teaser: 'Wohnungslotsen helfen bei Wohnungssuche, Mietvertrag und Nebenkosten und vermitteln zwischen Vermietern und neuen Nachbarn.',
			description:
				'Der Arbeitskreis begleitet Familien aus den Gemeinschaftsunterkünften in die eigene Wohnung. Wohnungslotsen erklären Mietverträge, gehen mit zur Besichtigung und bleiben Ansprechpersonen, wenn es Fragen zu Nebenkosten oder Mülltrennung gibt.\n\nVermieterinnen und Vermieter bekommen eine feste Ansprechperson.'
		},
		en: { title: 'Welcome culture Meppen: housing guides', teaser: 'Housing guides help with finding a flat, tenancy agreements and utility costs, and mediate between landlords and new neighbours.' },
		ar: { title: 'ثقافة الترحيب في ميبن: مرشدو السكن', teaser: 'يساعد مرشدو السكن في البحث عن شقة وعقد الإيجار والتكاليف الإضافية.' },
		place: { name: 'Meppen', district: '03454', street: 'Markt 43', postcode: '49716', label: 'Bürgerbüro' },
		publishedDaysAgo: 200
	},
	{
		slug: 'ich-kann-helfen-goettingen',
		organisation: 'Freiwilligenagentur Göttingen (Demo)',
		fields: ['engagement'],
		topics: ['nachbarschaft', 'demokratie'],
		offerTypes: ['mentoring', 'beratung'],
		targetGroups: ['ehrenamtliche', 'alle'],
		languages: ['de', 'en'],
		costs: ['free'],
		barrierFree: 'yes',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: false,
		online: 'hybrid',
		contact: { email: { value: 'ich-kann-helfen@example.org', public: true }, phone: { value: '+49 551 0000000', public: true } },
		schedule: week([{ day: 3, slots: [{ from: '14:00', to: '17:00' }] }]),
		de: {
			title: '„Ich kann helfen“ Göttingen',
			teaser: 'Wer sich engagieren möchte, findet hier passende Aufgaben: Begleitung, Nachhilfe, Sport oder Übersetzen – mit Schulung und Austausch.',
			description:
				'„Ich kann helfen“ bringt Menschen, die sich für Geflüchtete engagieren möchten, mit Initiativen zusammen, die Unterstützung suchen. Nach einem Erstgespräch gibt es eine Einführung und regelmäßige Austauschabende.\n\nAuch Geflüchtete selbst engagieren sich hier als Übersetzerinnen, Trainer und Lotsen.'
		},
		en: { title: '"I can help" Göttingen', teaser: 'Find a volunteering task that suits you: mentoring, tutoring, sport or interpreting, with training and exchange.' },
		ar: { title: '"أستطيع المساعدة" غوتينغن', teaser: 'ابحث عن مهمة تطوعية تناسبك: المرافقة أو الدروس أو الرياضة أو الترجمة.' },
		place: { name: 'Göttingen', district: '03159', street: 'Am Wochenmarkt 2', postcode: '37073', label: 'Freiwilligenagentur' },
		publishedDaysAgo: 90
	},
	{
		slug: 'lebenswege-begleiten-bruchhausen-vilsen',
		organisation: 'Initiative Lebenswege begleiten',
		fields: ['teilhabe'],
		topics: ['familie', 'beratung', 'nachbarschaft'],
		offerTypes: ['begleitung', 'mentoring'],
		targetGroups: ['familien', 'gefluechtete'],
		languages: ['de', 'ar', 'fa'],
		costs: ['free'],
		barrierFree: 'unknown',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: true,
		online: 'no',
		contact: { person: { value: 'Lebenswege begleiten', public: true }, phone: { value: '+49 4252 000000', public: false } },
		schedule: week([], { byAppointment: true }),
		de: {
			title: 'Lebenswege begleiten',
			teaser: 'Patinnen und Paten begleiten geflüchtete Familien in Bruchhausen-Vilsen bei Behörden, Schule, Arzt und Freizeit.',
			description:
				'Die Initiative bildet Tandems aus Einheimischen und neu zugezogenen Familien. Die Patinnen und Paten helfen bei Anträgen und Terminen und laden zu gemeinsamen Unternehmungen im Ort ein.\n\nZiel ist, dass die Familien das Leben im Landkreis selbstständig gestalten und selbst Teil der Gemeinschaft werden.'
		},
		en: { title: 'Accompanying life paths', teaser: 'Mentors accompany refugee families in Bruchhausen-Vilsen to public offices, school, doctors and leisure activities.' },
		ar: { title: 'مرافقة مسارات الحياة', teaser: 'يرافق العرّابون العائلات اللاجئة في المعاملات الرسمية والمدرسة والطبيب وأوقات الفراغ.' },
		place: { name: 'Bruchhausen-Vilsen', district: '03251', street: 'Lange Straße 11', postcode: '27305' },
		publishedDaysAgo: 300
	},
	{
		slug: 'stark-im-beruf-salzgitter',
		organisation: 'Frauenberatung Salzgitter (Demo)',
		fields: ['arbeit', 'teilhabe'],
		topics: ['frauen', 'beratung', 'bildung'],
		offerTypes: ['beratung', 'kurs', 'kinderbetreuung'],
		targetGroups: ['frauen', 'zugewanderte'],
		languages: ['de', 'ar', 'tr', 'ru'],
		costs: ['free'],
		barrierFree: 'yes',
		childcare: true,
		womenOnly: true,
		appointmentNeeded: true,
		online: 'no',
		contact: { email: { value: 'stark-im-beruf@example.org', public: true }, person: { value: 'N. N.', public: false } },
		schedule: week([{ day: 2, slots: [{ from: '09:00', to: '12:00' }] }, { day: 5, slots: [{ from: '09:00', to: '12:00' }] }]),
		de: {
			title: '„Stark im Beruf“ Salzgitter',
			teaser: 'Beratung und Bewerbungstraining für Mütter mit Migrationsgeschichte auf dem Weg in Arbeit – mit Kinderbetreuung während der Kurse.',
			description:
				'Das Angebot unterstützt Frauen dabei, ihre Berufserfahrung aus dem Herkunftsland sichtbar zu machen, Abschlüsse anerkennen zu lassen und sich zu bewerben. In kleinen Gruppen gibt es Bewerbungstraining, Praktika und Einzelberatung.\n\nDer Treffpunkt wird nur ungefähr angegeben; die genaue Adresse gibt es bei der Anmeldung.'
		},
		en: { title: '"Strong at work" Salzgitter', teaser: 'Counselling and application training for mothers with a migration background on their way into work, with childcare during courses.' },
		ar: { title: '"قوية في العمل" سالزغيتر', teaser: 'استشارة وتدريب على طلبات العمل للأمهات من أصول مهاجرة، مع رعاية الأطفال أثناء الدورات.' },
		place: { name: 'Salzgitter', district: '03102', street: null, postcode: '38226', approximate: true },
		publishedDaysAgo: 30
	},
	{
		slug: 'ichor-harzer-land',
		organisation: 'iChor Harzer Land e. V. (Demo)',
		fields: ['teilhabe', 'engagement'],
		topics: ['kultur', 'nachbarschaft'],
		offerTypes: ['freizeit', 'treffpunkt'],
		targetGroups: ['alle'],
		languages: ['de', 'en', 'ar', 'fa', 'ti'],
		costs: ['donation'],
		barrierFree: 'yes',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: false,
		online: 'no',
		contact: { website: { value: 'https://example.org/ichor', public: true }, email: { value: 'chor@example.org', public: false } },
		schedule: week([{ day: 4, slots: [{ from: '19:00', to: '21:00' }] }], { note: 'Proben im Gemeindehaus; Noten werden gestellt.' }),
		de: {
			title: 'iChor Harzer Land',
			teaser: 'Ein interkultureller Chor, in dem Einheimische und Zugewanderte gemeinsam Lieder aus vielen Ländern singen. Keine Vorkenntnisse nötig.',
			description:
				'Im iChor singen Menschen aus über zehn Ländern zusammen – Volkslieder aus dem Harz ebenso wie Lieder aus Syrien, Eritrea oder Afghanistan. Die Proben sind offen, Notenkenntnisse braucht niemand.\n\nMehrmals im Jahr gibt der Chor Konzerte in der Region.'
		},
		en: { title: 'iChor Harz region', teaser: 'An intercultural choir where locals and newcomers sing songs from many countries together. No experience needed.' },
		ar: { title: 'جوقة iChor في منطقة هارتس', teaser: 'جوقة متعددة الثقافات يغني فيها السكان المحليون والقادمون الجدد أغاني من بلدان كثيرة معاً.' },
		place: { name: 'Osterode am Harz', district: '03159', street: 'Kornmarkt 5', postcode: '37520', label: 'Gemeindehaus' },
		publishedDaysAgo: 150
	},
	{
		slug: 'nachbarschaft-asendorf',
		organisation: 'Nachbarschaftsinitiative Asendorf',
		fields: ['engagement', 'teilhabe'],
		topics: ['nachbarschaft', 'familie', 'sport'],
		offerTypes: ['treffpunkt', 'veranstaltung'],
		targetGroups: ['alle', 'familien'],
		languages: ['de', 'ar', 'uk'],
		costs: ['free'],
		barrierFree: 'yes',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: false,
		online: 'no',
		contact: { person: { value: 'Nachbarschaftstreff', public: true }, phone: { value: '+49 4253 000000', public: true } },
		schedule: week([{ day: 6, slots: [{ from: '15:00', to: '18:00' }] }]),
		de: {
			title: 'Nachbarschaft Asendorf',
			teaser: 'Offener Nachbarschaftstreff mit Spielenachmittag, Fahrradwerkstatt und gemeinsamem Kochen für alte und neue Asendorferinnen und Asendorfer.',
			description:
				'Jeden Samstag öffnet der Nachbarschaftstreff: Kinder spielen, Erwachsene reparieren Fahrräder oder kochen zusammen. Aus Begegnungen sind Freundschaften, Fahrgemeinschaften und Hilfe im Alltag entstanden.\n\nNeue Ideen sind willkommen – der Treff lebt von allen, die mitmachen.'
		},
		en: { title: 'Neighbourhood Asendorf', teaser: 'Open neighbourhood meeting point with games, a bicycle workshop and cooking together for old and new residents.' },
		ar: { title: 'الجيرة في أزندورف', teaser: 'ملتقى جيرة مفتوح مع ألعاب وورشة دراجات وطبخ مشترك للسكان القدامى والجدد.' },
		place: { name: 'Asendorf', district: '03251', street: 'Kirchweg 2', postcode: '27330', label: 'Dorfgemeinschaftshaus' },
		publishedDaysAgo: 60
	}
];

/** A stable id per slug, so seeding twice finds the same entries. */
function idFor(slug: string): string {
	const h = createHash('sha256').update(`anpacken-demo:${slug}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function locate(place: Example['place']): Promise<NewLocation> {
	const res = await searchPlaces(place.name, { limit: 10 });
	const hit = res.candidates.find((c) => c.district.ags === place.district);
	if (!hit) throw new Error(`demo place not in the gazetteer: ${place.name} (${place.district})`);
	return {
		label: place.label ?? null,
		street: place.street,
		postcode: place.postcode,
		placeName: hit.name,
		ags: hit.ags,
		districtKey: hit.district.ags,
		region: hit.region,
		lat: hit.lat,
		lon: hit.lon,
		approximate: place.approximate ?? false
	};
}

export async function buildExamples(now = new Date()): Promise<NewProject[]> {
	const out: NewProject[] = [];
	for (const e of EXAMPLES) {
		const { de, en, ar, place, publishedDaysAgo, ...rest } = e;
		const published = new Date(now.getTime() - publishedDaysAgo * 86_400_000);
		out.push({
			...rest,
			id: idFor(e.slug),
			status: 'published',
			statewide: false,
			demo: true,
			createdAt: published,
			publishedAt: published,
			lastConfirmedAt: published,
			texts: [
				{ locale: 'de', ...de, status: 'source' },
				{ locale: 'en', title: en.title, teaser: en.teaser, description: en.description ?? '', status: 'current' },
				{ locale: 'ar', title: ar.title, teaser: ar.teaser, description: ar.description ?? '', status: 'current' }
			],
			locations: [await locate(place)]
		});
	}
	return out;
}

/** Seeds the good examples once; returns how many were new. */
export async function seedAtlasExamples(progress: (line: string) => void = () => {}): Promise<number> {
	const examples = await buildExamples();
	const have = await existingSlugs(examples.map((e) => e.slug));
	const fresh = examples.filter((e) => !have.has(e.slug));
	await insertProjects(fresh);
	progress(`atlas: ${fresh.length} good examples (${examples.length - fresh.length} already there)`);
	return fresh.length;
}
