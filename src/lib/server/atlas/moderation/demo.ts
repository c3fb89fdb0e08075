/**
 * Demo content for atlas moderation, so the staff pages show real work on
 * `npm start` and the browser suite has material: three submitted entries in
 * different regions (one a likely duplicate of a good example), an owner
 * edit awaiting review on a published example, and a pending ownership
 * request. Idempotent: each piece is added only if it is not there yet.
 * Runs after the atlas seeder (it builds on the good examples).
 */
import { createHash } from 'node:crypto';
import type { ProjectStatus } from '../../../atlas/taxonomy';
import { SYSTEM } from '../../access/policy';
import { ensureUser } from '../../accounts/service';
import { dbPool, transaction } from '../../core/db';
import { searchPlaces } from '../../gazetteer/service';
import { existingSlugs, insertProjects, type NewLocation, type NewProject } from '../bulk';
import type { WeeklySchedule } from '../contract';
import { saveRevision, type Queryable } from '../snapshot';

export const DEMO_OWNER_EMAIL = 'demo-traeger@example.org';
/** An owner who reads Arabic: decisions on their entry are mailed in Arabic. */
export const DEMO_OWNER_AR_EMAIL = 'demo-verein-ar@example.org';
export const DEMO_REQUESTER_EMAIL = 'demo-anfrage@example.org';

/** Slugs of the seeded submitted entries (the browser tests decide on them). */
export const DEMO_SUBMITTED = {
	lueneburg: 'sprachcafe-kaltenmoor-lueneburg',
	leer: 'begegnungsgarten-leer',
	hemmingen: 'sprachcafe-deutschvermittler-hemmingen'
} as const;
/** The published example whose owner edit waits for review, and the one someone asks to co-manage. */
export const DEMO_EDITED_EXAMPLE = 'ichor-harzer-land';
export const DEMO_REQUESTED_EXAMPLE = 'gewerkepass-osnabrueck';

export interface EntrySpec {
	slug: string;
	status: ProjectStatus;
	title: string;
	teaser: string;
	description?: string;
	organisation?: string | null;
	/** Place name and district key (Kreis AGS) to find it in the gazetteer; null for a state-wide entry. */
	place: { name: string; district: string; street?: string | null; postcode?: string | null; approximate?: boolean } | null;
	fields?: NewProject['fields'];
	offerTypes?: NewProject['offerTypes'];
	targetGroups?: NewProject['targetGroups'];
	languages?: string[];
	schedule?: WeeklySchedule | null;
	contact?: NewProject['contact'];
	demo?: boolean;
	createdAt?: Date;
}

/** A stable id per slug, so seeding twice finds the same entries. */
function idFor(slug: string): string {
	const h = createHash('sha256').update(`anpacken-moderation-demo:${slug}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function locationOf(place: NonNullable<EntrySpec['place']>): Promise<NewLocation> {
	const res = await searchPlaces(place.name, { limit: 10 });
	const hit = res.candidates.find((c) => c.district.ags === place.district);
	if (!hit) throw new Error(`place not in the gazetteer: ${place.name} (${place.district})`);
	return {
		label: null,
		street: place.street ?? null,
		postcode: place.postcode ?? hit.postcodes[0] ?? null,
		placeName: hit.name,
		ags: hit.ags,
		districtKey: hit.district.ags,
		region: hit.region,
		lat: hit.lat,
		lon: hit.lon,
		approximate: place.approximate ?? false
	};
}

/** An entry in the shape insertProjects() takes (German texts, one location from the gazetteer). */
export async function buildEntry(spec: EntrySpec): Promise<NewProject> {
	const createdAt = spec.createdAt ?? new Date();
	const published = spec.status === 'published' ? createdAt : null;
	return {
		id: idFor(spec.slug),
		slug: spec.slug,
		status: spec.status,
		organisation: spec.organisation ?? null,
		fields: spec.fields ?? ['teilhabe'],
		topics: [],
		offerTypes: spec.offerTypes ?? ['treffpunkt'],
		targetGroups: spec.targetGroups ?? ['alle'],
		languages: spec.languages ?? ['de'],
		costs: ['free'],
		barrierFree: 'unknown',
		childcare: false,
		womenOnly: false,
		appointmentNeeded: false,
		online: 'no',
		statewide: spec.place === null,
		contact: spec.contact ?? {},
		schedule: spec.schedule ?? null,
		demo: spec.demo ?? true,
		createdAt,
		publishedAt: published,
		lastConfirmedAt: published,
		texts: [{ locale: 'de', title: spec.title, teaser: spec.teaser, description: spec.description ?? '', status: 'source' }],
		locations: spec.place ? [await locationOf(spec.place)] : []
	};
}

/**
 * Inserts entries and what a verified submission leaves behind: submitted_at
 * for submitted entries, the owners (via 'submission') and a first revision.
 */
export async function insertEntriesWithOwners(entries: { entry: NewProject; owners: string[]; submittedAt?: Date }[]): Promise<void> {
	await insertProjects(entries.map((e) => e.entry));
	await transaction(async (_tx, client) => {
		for (const { entry, owners, submittedAt } of entries) {
			if (entry.status === 'submitted') {
				await client.query('update projects set submitted_at = $2 where id = $1', [entry.id, submittedAt ?? entry.createdAt]);
			}
			for (const userId of owners) {
				await client.query(`insert into project_owners (project_id, user_id, via) values ($1, $2, 'submission') on conflict do nothing`, [
					entry.id,
					userId
				]);
			}
			await saveRevision(client, entry.id, entry.status === 'submitted' ? 'submission' : 'import', owners[0] ?? null);
		}
	});
}

const days = (n: number, now: Date) => new Date(now.getTime() - n * 86_400_000);

async function demoUser(email: string, displayName: string, locale: string): Promise<string> {
	const found = await dbPool().query<{ id: string }>('select id from users where lower(email) = lower($1)', [email]);
	const id = found.rows[0]?.id ?? (await ensureUser(SYSTEM, { email, role: null, displayName })).id;
	await dbPool().query('update users set locale = $2 where id = $1', [id, locale]);
	return id;
}

async function seedSubmitted(owner: string, ownerAr: string, now: Date): Promise<number> {
	const have = await existingSlugs(Object.values(DEMO_SUBMITTED));
	const specs: { spec: EntrySpec; owners: string[]; days: number }[] = [
		{
			days: 9,
			owners: [owner],
			spec: {
				slug: DEMO_SUBMITTED.lueneburg,
				status: 'submitted',
				title: 'Sprachcafé Kaltenmoor',
				teaser: 'Jeden Mittwoch Deutsch sprechen bei Tee und Kuchen – ohne Anmeldung, für alle Niveaus.',
				description:
					'Im Stadtteilhaus Kaltenmoor treffen sich jede Woche Menschen, die Deutsch üben möchten, mit Ehrenamtlichen aus der Nachbarschaft.\n\nEs gibt Tische für Anfängerinnen und Anfänger und für Fortgeschrittene. Kinder können mitkommen.',
				organisation: 'Stadtteilverein Kaltenmoor e. V. (Demo)',
				place: { name: 'Lüneburg', district: '03355', street: 'Stadtteilhaus, St.-Stephanus-Platz 1', postcode: '21337' },
				fields: ['sprache', 'teilhabe'],
				offerTypes: ['treffpunkt', 'kurs'],
				targetGroups: ['zugewanderte', 'gefluechtete'],
				languages: ['de', 'ar', 'uk'],
				schedule: { days: [{ day: 3, slots: [{ from: '16:00', to: '18:00' }] }], byAppointment: false, temporarilyClosed: false, note: null },
				contact: { email: { value: 'sprachcafe-kaltenmoor@example.org', public: true }, phone: { value: '+49 4131 000000', public: false } }
			}
		},
		{
			days: 6,
			owners: [ownerAr],
			spec: {
				slug: DEMO_SUBMITTED.leer,
				status: 'submitted',
				title: 'Begegnungsgarten Leer',
				teaser: 'Gemeinsam gärtnern, ernten und kochen: ein interkultureller Garten für Familien aus aller Welt.',
				description:
					'Auf einer Fläche am Stadtrand legen Familien aus Leer und aus vielen Herkunftsländern gemeinsam Beete an. Samstags wird geerntet und zusammen gekocht.',
				organisation: 'Initiative Begegnungsgarten (Demo)',
				place: { name: 'Leer (Ostfriesland)', district: '03457', postcode: '26789', approximate: true },
				fields: ['teilhabe', 'engagement'],
				offerTypes: ['treffpunkt', 'freizeit'],
				targetGroups: ['familien', 'alle'],
				languages: ['de', 'ar', 'fa'],
				schedule: { days: [{ day: 6, slots: [{ from: '10:00', to: '14:00' }] }], byAppointment: false, temporarilyClosed: false, note: 'Von April bis Oktober.' },
				contact: { person: { value: 'Hanan A.', public: false }, email: { value: 'garten-leer@example.org', public: true } }
			}
		},
		{
			days: 2,
			owners: [owner],
			spec: {
				slug: DEMO_SUBMITTED.hemmingen,
				status: 'submitted',
				title: 'Sprachcafé der Deutschvermittler Hemmingen',
				teaser: 'Offenes Sprachcafé dienstags im Rathaus: Deutsch im Alltag üben, Fragen stellen, Leute kennenlernen.',
				description: 'Das Sprachcafé ist ein Teil der Deutschvermittler Hemmingen und richtet sich an alle, die ihr Deutsch im Gespräch verbessern möchten.',
				organisation: 'Deutschvermittler Hemmingen (Demo)',
				place: { name: 'Hemmingen', district: '03241', street: 'Rathausplatz 1', postcode: '30966' },
				fields: ['sprache'],
				offerTypes: ['treffpunkt'],
				targetGroups: ['gefluechtete', 'zugewanderte'],
				languages: ['de', 'fa'],
				contact: { email: { value: 'deutschvermittler@example.org', public: true } }
			}
		}
	];
	const fresh = specs.filter((s) => !have.has(s.spec.slug));
	const entries = [];
	for (const s of fresh) {
		const createdAt = days(s.days, now);
		entries.push({ entry: await buildEntry({ ...s.spec, createdAt }), owners: s.owners, submittedAt: createdAt });
	}
	if (entries.length) await insertEntriesWithOwners(entries);
	return entries.length;
}

/** An owner edit on a published example: baseline revision, the owner's change, the owner_edit revision. */
async function seedOwnerEdit(owner: string, now: Date): Promise<boolean> {
	return transaction(async (_tx, client) => {
		const found = await client.query<{ id: string }>('select id from projects where slug = $1 for update', [DEMO_EDITED_EXAMPLE]);
		const id = found.rows[0]?.id;
		if (!id) return false;
		const edits = await client.query(`select 1 from project_revisions where project_id = $1 and kind = 'owner_edit'`, [id]);
		if ((edits.rowCount ?? 0) > 0) return false;
		await ensureBaseline(client, id);
		await client.query(`insert into project_owners (project_id, user_id, via) values ($1, $2, 'staff') on conflict do nothing`, [id, owner]);
		await client.query(
			`update project_texts set teaser = $2, description = description || $3, updated_at = $4 where project_id = $1 and status = 'source'`,
			[
				id,
				'Ein Chor für alle: Menschen aus über zehn Ländern singen zusammen – Volkslieder aus dem Harz und Lieder aus ihren Herkunftsländern.',
				'\n\nNeu: Einmal im Monat gibt es eine Kinderprobe am Samstagvormittag.',
				days(1, now)
			]
		);
		await client.query(
			`update projects set languages = array_append(languages, 'uk'),
				schedule = jsonb_set(schedule, '{days}', (schedule->'days') || '[{"day": 6, "slots": [{"from": "10:00", "to": "11:30"}]}]'::jsonb),
				revision = revision + 1, updated_at = $2
			where id = $1`,
			[id, days(1, now)]
		);
		const revision = await saveRevision(client, id, 'owner_edit', owner);
		await client.query('update project_revisions set at = $3 where project_id = $1 and revision = $2', [id, revision, days(1, now)]);
		return true;
	});
}

/** The example as seeded, saved as a revision, so the owner edit has something to be compared with. */
async function ensureBaseline(client: Queryable, id: string): Promise<void> {
	const any = await client.query('select 1 from project_revisions where project_id = $1', [id]);
	if ((any.rowCount ?? 0) === 0) await saveRevision(client, id, 'import', null);
}

async function seedOwnershipRequest(requester: string, now: Date): Promise<boolean> {
	const found = await dbPool().query<{ id: string }>('select id from projects where slug = $1', [DEMO_REQUESTED_EXAMPLE]);
	const id = found.rows[0]?.id;
	if (!id) return false;
	const res = await dbPool().query(
		`insert into ownership_requests (project_id, user_id, message, created_at)
		select $1, $2, $3, $4
		where not exists (select 1 from ownership_requests where project_id = $1 and user_id = $2)`,
		[
			id,
			requester,
			'Guten Tag, ich koordiniere seit diesem Jahr den Gewerkepass bei der Handwerkskammer und würde den Eintrag gern aktuell halten.',
			days(3, now)
		]
	);
	return (res.rowCount ?? 0) > 0;
}

export async function seedModerationDemo(progress: (line: string) => void = () => {}, now = new Date()): Promise<void> {
	const owner = await demoUser(DEMO_OWNER_EMAIL, 'Demo-Träger', 'de');
	const ownerAr = await demoUser(DEMO_OWNER_AR_EMAIL, 'Demo-Verein', 'ar');
	const requester = await demoUser(DEMO_REQUESTER_EMAIL, 'Demo-Anfrage', 'de');
	const submitted = await seedSubmitted(owner, ownerAr, now);
	const edit = await seedOwnerEdit(owner, now);
	const request = await seedOwnershipRequest(requester, now);
	progress(`atlas moderation: ${submitted} submitted entries, ${edit ? 1 : 0} owner edit, ${request ? 1 : 0} ownership request`);
}
