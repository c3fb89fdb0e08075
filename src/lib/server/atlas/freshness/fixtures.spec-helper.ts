/** Test fixtures of the freshness specs: entries of a given age, owners with a locale. */
import { randomUUID } from 'node:crypto';
import { SYSTEM } from '../../access/policy';
import { ensureUser } from '../../accounts/service';
import { dbPool } from '../../core/db';
import { insertProjects, type NewProject } from '../bulk';
import { locate } from '../locate';

export async function owner(email: string, locale = 'de'): Promise<string> {
	const user = await ensureUser(SYSTEM, { email, role: null });
	await dbPool().query('update users set locale = $2 where id = $1', [user.id, locale]);
	return user.id;
}

export async function staff(email: string, role: 'moderator' | 'regional' | 'admin' | 'editor', region: 'weser-ems' | 'lueneburg' | null = null) {
	const user = await ensureUser(SYSTEM, { email, role, region });
	return { kind: 'user' as const, id: user.id, role, region, label: email };
}

export async function entry(input: {
	slug: string;
	title: string;
	confirmedAt: Date | null;
	publishedAt?: Date;
	place?: string;
	owners?: string[];
	status?: NewProject['status'];
	texts?: NewProject['texts'];
}): Promise<string> {
	const id = randomUUID();
	const located = input.place ? await locate({ place: input.place }) : null;
	if (located && located.status !== 'found') throw new Error(`fixture place ${input.place}: ${located.status}`);
	const publishedAt = input.publishedAt ?? input.confirmedAt ?? new Date();
	await insertProjects([
		{
			id,
			slug: input.slug,
			status: input.status ?? 'published',
			organisation: 'Verein Test',
			fields: ['sprache'],
			topics: [],
			offerTypes: ['kurs'],
			targetGroups: ['alle'],
			languages: ['de'],
			costs: ['free'],
			barrierFree: 'unknown',
			childcare: false,
			womenOnly: false,
			appointmentNeeded: false,
			online: 'no',
			statewide: !located,
			contact: {},
			schedule: null,
			demo: false,
			createdAt: publishedAt,
			publishedAt,
			lastConfirmedAt: input.confirmedAt,
			texts: input.texts ?? [{ locale: 'de', title: input.title, teaser: 'Kurz', description: '', status: 'source' }],
			locations: located && located.status === 'found' ? [located.location] : []
		}
	]);
	for (const userId of input.owners ?? []) {
		await dbPool().query(`insert into project_owners (project_id, user_id, via) values ($1, $2, 'submission')`, [id, userId]);
	}
	return id;
}

export async function project(id: string) {
	const res = await dbPool().query<{
		status: string;
		last_confirmed_at: Date | null;
		freshness_mailed_at: Date | null;
		archived_at: Date | null;
		archived_reason: string | null;
		revision: number;
	}>('select status, last_confirmed_at, freshness_mailed_at, archived_at, archived_reason, revision from projects where id = $1', [id]);
	return res.rows[0]!;
}

export async function revisions(id: string) {
	const res = await dbPool().query<{ revision: number; kind: string; author_id: string | null; status: string }>(
		`select revision, kind, author_id, snapshot->>'status' as status from project_revisions where project_id = $1 order by revision`,
		[id]
	);
	return res.rows;
}

export async function audits(entityId: string) {
	const res = await dbPool().query<{ action: string; actor_id: string | null; after: Record<string, unknown> }>(
		`select action, actor_id, after from audit_log where entity_id = $1 order by id`,
		[entityId]
	);
	return res.rows;
}
