/**
 * Stands at markets of opportunities (issue 5): an owner of a published atlas
 * entry asks for a stand, staff approve or reject (mail to the entry's owners
 * in their account language), approved stands are listed on the event page
 * and, for upcoming markets, on the atlas entry ("exhibits at …"). See ADR 0020.
 */
import { z } from 'zod';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { baseLocale, isLocale, type Locale } from '../../paraglide/runtime';
import { requireAccess, type Actor } from '../access/policy';
import type { ActionField } from '../../atlas/taxonomy';
import { record } from '../audit/service';
import { dbPool, transaction } from '../core/db';
import { staffEvent } from './admin';
import { eventUrl } from './calendar';
import { sendCommunityMail, ownedPublishedEntries, type OwnedEntry } from './community';
import { standDecisionMail } from './community-mails';
import * as repo from './repository';
import type { EventRow, Queryable } from './repository';
import type { ExhibitorStatus } from './schema';

export const NEEDS_MAX = 1000;

const titleSql = (alias: string, localeParam: string) =>
	`coalesce((select title from project_texts where project_id = ${alias}.id and locale = ${localeParam}),
		(select title from project_texts where project_id = ${alias}.id and locale = ${alias}.source_locale), ${alias}.slug)`;
const placeSql = (alias: string) => `(select place_name from project_locations where project_id = ${alias}.id order by position, id limit 1)`;

/** A market people can still ask a stand for: published, kind market, not yet begun. */
function standsOpen(e: Pick<EventRow, 'kind' | 'status' | 'startsAt'> | undefined, now: Date): boolean {
	return !!e && e.kind === 'market' && e.status === 'published' && e.startsAt > now;
}

export interface OwnRequest {
	id: string;
	projectId: string;
	status: ExhibitorStatus;
	needs: string;
	decisionNote: string | null;
}

export interface StandPage {
	event: Pick<EventRow, 'id' | 'slug' | 'title' | 'textLocale' | 'startsAt' | 'endsAt'>;
	entries: OwnedEntry[];
	requests: OwnRequest[];
}

/** What the stand page shows a signed-in person: the market, their published entries and their requests for it. */
export async function standPage(actor: Actor, slug: string, locale: string, now = new Date()): Promise<StandPage | null> {
	requireAccess(actor, 'account.self');
	const e = await repo.findEventBySlug(dbPool(), slug);
	if (!e || !standsOpen(e, now)) return null;
	const entries = await ownedPublishedEntries(actor, locale);
	const res = await dbPool().query<OwnRequest>(
		`select x.id, x.project_id as "projectId", x.status, x.needs, x.decision_note as "decisionNote"
		 from event_exhibitors x join project_owners o on o.project_id = x.project_id and o.user_id = $2
		 where x.event_id = $1 order by x.requested_at`,
		[e.id, actor.kind === 'user' ? actor.id : null]
	);
	return { event: { id: e.id, slug: e.slug, title: e.title, textLocale: e.textLocale, startsAt: e.startsAt, endsAt: e.endsAt }, entries, requests: res.rows };
}

const requestSchema = z.object({
	project_id: z.string().trim().min(1, { error: 'evc_error_stand_entry' }),
	needs: z.string().trim().max(NEEDS_MAX, { error: 'evc_error_too_long' })
});

export type StandValues = { project_id: string; needs: string };
export type RequestOutcome = { ok: true; id: string } | { ok: false; reason: 'not_found' } | { ok: false; values: StandValues; errors: FieldErrors };

export async function requestStand(actor: Actor, slug: string, form: FormData, opts: { now?: Date; requestId?: string } = {}): Promise<RequestOutcome> {
	requireAccess(actor, 'account.self');
	const now = opts.now ?? new Date();
	const get = (n: string) => {
		const v = form.get(n);
		return typeof v === 'string' ? v.slice(0, NEEDS_MAX * 2) : '';
	};
	const values: StandValues = { project_id: get('project_id'), needs: get('needs') };
	const parsed = requestSchema.safeParse(values);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'project_id') };
	return transaction(async (tx, client) => {
		const e = await repo.findEventBySlug(client, slug);
		if (!e || !standsOpen(e, now)) return { ok: false as const, reason: 'not_found' as const };
		// Only a published entry the person owns, whatever the page offered.
		const owned = await ownedPublishedEntries(actor, baseLocale, client);
		if (!owned.some((o) => o.id === parsed.data.project_id)) return { ok: false as const, values, errors: { project_id: 'evc_error_stand_entry' } };
		const existing = await client.query<{ id: string; status: ExhibitorStatus }>(
			`select id, status from event_exhibitors where event_id = $1 and project_id = $2 for update`,
			[e.id, parsed.data.project_id]
		);
		const row = existing.rows[0];
		// One stand per entry and market; a withdrawn request may be made again.
		if (row && row.status !== 'withdrawn') return { ok: false as const, values, errors: { project_id: 'evc_error_stand_exists' } };
		const by = actor.kind === 'user' ? actor.id : null;
		let id: string;
		if (row) {
			await client.query(
				`update event_exhibitors set status = 'requested', needs = $2, requested_by = $3, requested_at = $4, decided_by = null, decided_at = null, decision_note = null where id = $1`,
				[row.id, parsed.data.needs, by, now]
			);
			id = row.id;
		} else {
			const ins = await client.query<{ id: string }>(
				`insert into event_exhibitors (event_id, project_id, status, needs, requested_by, requested_at) values ($1, $2, 'requested', $3, $4, $5) returning id`,
				[e.id, parsed.data.project_id, parsed.data.needs, by, now]
			);
			id = ins.rows[0]!.id;
		}
		await record(actor, { action: 'events.stand.request', entity: 'event_exhibitor', entityId: id, after: { eventId: e.id, projectId: parsed.data.project_id }, requestId: opts.requestId }, tx);
		return { ok: true as const, id };
	});
}

/** An owner withdraws their entry's request or stand. */
export async function withdrawStand(actor: Actor, exhibitorId: string, opts: { requestId?: string } = {}): Promise<boolean> {
	requireAccess(actor, 'account.self');
	if (actor.kind !== 'user' || !/^[0-9a-f-]{36}$/i.test(exhibitorId)) return false;
	return transaction(async (tx, client) => {
		const res = await client.query<{ id: string }>(
			`update event_exhibitors x set status = 'withdrawn' where x.id = $1 and x.status in ('requested', 'approved')
			   and exists (select 1 from project_owners o where o.project_id = x.project_id and o.user_id = $2) returning x.id`,
			[exhibitorId, actor.id]
		);
		if (res.rowCount === 0) return false;
		await record(actor, { action: 'events.stand.withdraw', entity: 'event_exhibitor', entityId: exhibitorId, after: { status: 'withdrawn' }, requestId: opts.requestId }, tx);
		return true;
	});
}

export interface StaffExhibitor {
	id: string;
	status: ExhibitorStatus;
	needs: string;
	decisionNote: string | null;
	requestedAt: Date;
	project: { id: string; slug: string; title: string; placeName: string | null };
	requester: string | null;
}

export async function exhibitorsForStaff(actor: Actor, eventId: string, locale: string): Promise<{ event: EventRow; exhibitors: StaffExhibitor[] } | null> {
	const event = await staffEvent(actor, eventId);
	if (!event) return null;
	const res = await dbPool().query<Omit<StaffExhibitor, 'project'> & { projectId: string; slug: string; title: string; placeName: string | null }>(
		`select x.id, x.status, x.needs, x.decision_note as "decisionNote", x.requested_at as "requestedAt",
			p.id as "projectId", p.slug, ${titleSql('p', '$2')} as title, ${placeSql('p')} as "placeName", u.email as requester
		 from event_exhibitors x join projects p on p.id = x.project_id left join users u on u.id = x.requested_by
		 where x.event_id = $1
		 order by case x.status when 'requested' then 0 when 'approved' then 1 else 2 end, x.requested_at`,
		[eventId, locale]
	);
	return {
		event,
		exhibitors: res.rows.map((r) => ({
			id: r.id,
			status: r.status,
			needs: r.needs,
			decisionNote: r.decisionNote,
			requestedAt: r.requestedAt,
			requester: r.requester,
			project: { id: r.projectId, slug: r.slug, title: r.title, placeName: r.placeName }
		}))
	};
}

export type StandDecideOutcome = { ok: true } | { ok: false; reason: 'not_found' | 'not_pending' } | { ok: false; errors: FieldErrors };

/** Approve or reject a request; the entry's owners get a mail in their account language. */
export async function decideStand(
	actor: Actor,
	eventId: string,
	exhibitorId: string,
	decision: 'approve' | 'reject',
	note: string,
	opts: { now?: Date; requestId?: string } = {}
): Promise<StandDecideOutcome> {
	requireAccess(actor, 'events.manage');
	const now = opts.now ?? new Date();
	const text = note.trim();
	if (text.length > NEEDS_MAX) return { ok: false, errors: { note: 'evc_error_too_long' } };
	if (!/^[0-9a-f-]{36}$/i.test(exhibitorId)) return { ok: false, reason: 'not_found' };
	return transaction(async (tx, client) => {
		const event = await repo.findEventById(client, eventId, { forUpdate: true });
		if (!event) return { ok: false as const, reason: 'not_found' as const };
		requireAccess(actor, 'events.manage', { region: event.region });
		const res = await client.query<{ status: ExhibitorStatus; projectId: string }>(
			`select status, project_id as "projectId" from event_exhibitors where id = $1 and event_id = $2 for update`,
			[exhibitorId, eventId]
		);
		const row = res.rows[0];
		if (!row) return { ok: false as const, reason: 'not_found' as const };
		if (row.status !== 'requested') return { ok: false as const, reason: 'not_pending' as const };
		const status: ExhibitorStatus = decision === 'approve' ? 'approved' : 'rejected';
		await client.query(`update event_exhibitors set status = $2, decided_by = $3, decided_at = $4, decision_note = $5 where id = $1`, [
			exhibitorId,
			status,
			actor.kind === 'user' ? actor.id : null,
			now,
			text || null
		]);
		await record(actor, { action: `events.stand.${decision}`, entity: 'event_exhibitor', entityId: exhibitorId, before: { status: 'requested' }, after: { status, note: text || null }, requestId: opts.requestId }, tx);
		const owners = await client.query<{ email: string; locale: string; title: string }>(
			`select u.email, u.locale, ${titleSql('p', 'u.locale')} as title
			 from project_owners o join users u on u.id = o.user_id join projects p on p.id = o.project_id
			 where o.project_id = $1 and u.disabled_at is null order by u.email`,
			[row.projectId]
		);
		for (const o of owners.rows) {
			const l: Locale = isLocale(o.locale) ? o.locale : baseLocale;
			await sendCommunityMail({ tx, client }, o.email, l, standDecisionMail(event, l, o.title, status === 'approved', text, eventUrl(event.slug, l)));
		}
		return { ok: true as const };
	});
}

// ——— Public lists ———

export interface PublicExhibitor {
	slug: string;
	title: string;
	placeName: string | null;
	fields: ActionField[];
}

/** Approved stands of an event whose atlas entries are published, by title. */
export async function approvedExhibitors(eventId: string, locale: string, q: Queryable = dbPool()): Promise<PublicExhibitor[]> {
	const res = await q.query<PublicExhibitor>(
		`select p.slug, ${titleSql('p', '$2')} as title, ${placeSql('p')} as "placeName", p.fields
		 from event_exhibitors x join projects p on p.id = x.project_id
		 where x.event_id = $1 and x.status = 'approved' and p.status = 'published'
		 order by lower(${titleSql('p', '$2')})`,
		[eventId, locale]
	);
	return res.rows;
}

export interface ProjectEventLink {
	slug: string;
	title: string;
	textLocale: string;
	startsAt: string;
	endsAt: string;
}

/** For the atlas entry: its upcoming published events, and upcoming markets where it has an approved stand. */
export async function projectEvents(projectId: string, now = new Date()): Promise<{ events: ProjectEventLink[]; exhibits: ProjectEventLink[] }> {
	const cols = `e.slug, e.title, e.text_locale as "textLocale", e.starts_at as "startsAt", e.ends_at as "endsAt"`;
	const own = await dbPool().query<ProjectEventLink & { startsAt: Date; endsAt: Date }>(
		`select ${cols} from events e where e.project_id = $1 and e.status = 'published' and e.ends_at > $2 order by e.starts_at limit 10`,
		[projectId, now]
	);
	const stands = await dbPool().query<ProjectEventLink & { startsAt: Date; endsAt: Date }>(
		`select ${cols} from event_exhibitors x join events e on e.id = x.event_id
		 where x.project_id = $1 and x.status = 'approved' and e.status = 'published' and e.kind = 'market' and e.ends_at > $2
		 order by e.starts_at limit 10`,
		[projectId, now]
	);
	const out = (rows: (ProjectEventLink & { startsAt: Date; endsAt: Date })[]) =>
		rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt).toISOString(), endsAt: new Date(r.endsAt).toISOString() }));
	return { events: out(own.rows), exhibits: out(stands.rows) };
}

export interface EventCommunityExtras {
	/** Markets: the approved stands (null for other kinds). */
	exhibitors: PublicExhibitor[] | null;
	/** Markets before their start: owners may ask for a stand. */
	standsOpen: boolean;
	/** The published atlas entry the event belongs to. */
	project: { slug: string; title: string } | null;
}

/** What the public event page adds: stands of a market and the link to the event's atlas entry. */
export async function eventCommunityExtras(eventId: string, locale: string, now = new Date()): Promise<EventCommunityExtras> {
	const e = await repo.findEventById(dbPool(), eventId);
	if (!e) return { exhibitors: null, standsOpen: false, project: null };
	let project: EventCommunityExtras['project'] = null;
	if (e.projectId) {
		const res = await dbPool().query<{ slug: string; title: string }>(
			`select p.slug, ${titleSql('p', '$2')} as title from projects p where p.id = $1 and p.status = 'published'`,
			[e.projectId, locale]
		);
		project = res.rows[0] ?? null;
	}
	const market = e.kind === 'market';
	return { exhibitors: market ? await approvedExhibitors(e.id, locale) : null, standsOpen: standsOpen(e, now), project };
}
