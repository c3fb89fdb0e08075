/**
 * Keeping the atlas current (issue 3): once a year the owners of an entry are
 * asked whether it is still correct; without an answer the entry shows the
 * stale badge (12 months, presenter.isStale) and leaves the public atlas after
 * 15 months (archived as 'unconfirmed'), which its owners can undo. See ADR 0014.
 */
import { can, requireAccess, type Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { config } from '../../core/config';
import { transaction, dbPool, type Db } from '../../core/db';
import { hashToken, newToken } from '../../core/tokens';
import { log, maskEmail } from '../../core/log';
import { queueMail } from '../../mail/service';
import { isLocale, baseLocale } from '../../../paraglide/runtime';
import { isOwner, projectRegions, saveRevision, type Queryable } from '../snapshot';
import { archivedMail, questionMail, type FreshnessAnswerSlug } from './mails';
import * as repo from './repository';
import {
	ARCHIVE_AFTER_MONTHS,
	ASK_AFTER_MONTHS,
	LINK_VALID_DAYS,
	RECENTLY_ARCHIVED_DAYS,
	RUN_LIMIT,
	daysBefore,
	linkExpiry,
	monthsBefore
} from './rules';
import type pg from 'pg';

const mailLocale = (l: string) => (isLocale(l) ? l : baseLocale);
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

// ---------------------------------------------------------------- the job

export interface StepResult {
	entries: number;
	mails: number;
}

/**
 * Asks the owners of every due entry (at most `limit`): one token and one mail
 * per owner, and freshness_mailed_at, all in one transaction per entry, so a
 * second run finds nothing left to ask in this cycle.
 */
export async function askDueOwners(now = new Date(), limit = RUN_LIMIT): Promise<StepResult> {
	const cutoff = monthsBefore(now, ASK_AFTER_MONTHS);
	const ids = await repo.dueForQuestion(dbPool(), cutoff, limit);
	const result: StepResult = { entries: 0, mails: 0 };
	for (const id of ids) {
		const sent = await transaction(async (tx, client) => {
			if (!(await repo.lockIfDueForQuestion(client, id, cutoff))) return -1;
			const owners = await repo.activeOwners(client, id);
			for (const owner of owners) {
				const locale = mailLocale(owner.locale);
				const entry = await repo.entryById(client, id, locale);
				if (!entry) return -1;
				const token = newToken();
				await repo.insertFreshnessToken(client, {
					tokenHash: hashToken(token),
					projectId: id,
					email: owner.email,
					locale,
					userId: owner.user_id,
					expiresAt: linkExpiry(now),
					now
				});
				const url = (answer?: FreshnessAnswerSlug) =>
					`${config().origin}/${locale}/atlas/aktuell?token=${token}${answer ? `&antwort=${answer}` : ''}`;
				await queueMail(
					{
						...questionMail(locale, { title: entry.title, publicUrl: `${config().origin}/${locale}/atlas/${entry.slug}`, url, days: LINK_VALID_DAYS, months: ARCHIVE_AFTER_MONTHS }),
						to: owner.email,
						locale,
						template: 'atlas.freshness.question'
					},
					{ tx, client }
				);
			}
			await repo.markMailed(client, id, now);
			return owners.length;
		});
		if (sent < 0) continue;
		result.entries++;
		result.mails += sent;
	}
	return result;
}

/**
 * Archives entries unconfirmed for ARCHIVE_AFTER_MONTHS (reason 'unconfirmed')
 * and tells their owners how to bring them back.
 */
export async function archiveUnconfirmed(now = new Date(), limit = RUN_LIMIT): Promise<StepResult> {
	const cutoff = monthsBefore(now, ARCHIVE_AFTER_MONTHS);
	const answeredBy = daysBefore(now, LINK_VALID_DAYS);
	const ids = await repo.dueForArchive(dbPool(), cutoff, answeredBy, limit);
	const result: StepResult = { entries: 0, mails: 0 };
	const system: Actor = { kind: 'system', label: 'atlas.freshness' };
	for (const id of ids) {
		const sent = await transaction(async (tx, client) => {
			if (!(await repo.lockIfDueForArchive(client, id, cutoff, answeredBy))) return -1;
			const before = await repo.entryById(client, id, 'de');
			await repo.setArchived(client, id, 'unconfirmed', now);
			await repo.useUpFreshnessTokens(client, id, now);
			await saveRevision(client, id, 'status', null);
			await record(
				system,
				{
					action: 'atlas.archive',
					entity: 'project',
					entityId: id,
					before: { status: before?.status, lastConfirmedAt: iso(before?.last_confirmed_at ?? null) },
					after: { status: 'archived', reason: 'unconfirmed' }
				},
				tx
			);
			const owners = await repo.activeOwners(client, id);
			for (const owner of owners) {
				const locale = mailLocale(owner.locale);
				const entry = await repo.entryById(client, id, locale);
				if (!entry) continue;
				await queueMail(
					{
						...archivedMail(locale, { title: entry.title, reviveUrl: `${config().origin}/${locale}/atlas/${entry.slug}/reaktivieren`, months: ARCHIVE_AFTER_MONTHS }),
						to: owner.email,
						locale,
						template: 'atlas.freshness.archived'
					},
					{ tx, client }
				);
			}
			return owners.length;
		});
		if (sent < 0) continue;
		result.entries++;
		result.mails += sent;
	}
	return result;
}

export interface FreshnessRun {
	archived: StepResult;
	asked: StepResult;
	purgedLinks: number;
}

/**
 * One run of the daily job. Archiving goes first, so an entry that has waited
 * its full time is archived before anyone could be asked about it again.
 */
export async function runFreshness(now = new Date(), limit = RUN_LIMIT): Promise<FreshnessRun> {
	const archived = await archiveUnconfirmed(now, limit);
	const asked = await askDueOwners(now, limit);
	const purgedLinks = await repo.purgeFreshnessTokens(dbPool(), daysBefore(now, LINK_VALID_DAYS));
	log.info({ archived: archived.entries, asked: asked.entries, mails: asked.mails + archived.mails, purgedLinks }, 'atlas freshness run');
	return { archived, asked, purgedLinks };
}

/** Staff start a run at once (the same bounded, idempotent run as the job); state-wide moderators only. */
export async function runFreshnessNow(actor: Actor, requestId?: string, now = new Date()): Promise<FreshnessRun> {
	requireAccess(actor, 'moderation.write', { region: null });
	const run = await runFreshness(now);
	await record(actor, {
		action: 'atlas.freshness.run',
		entity: 'project',
		after: { archived: run.archived.entries, asked: run.asked.entries, mails: run.asked.mails + run.archived.mails },
		requestId
	});
	return run;
}

// ---------------------------------------------------------------- answers by link

export type FreshnessAnswer = 'confirm' | 'edit' | 'gone';

export interface AnswerEntry {
	slug: string;
	title: string;
	titleLocale: string;
	organisation: string | null;
	places: string[];
	status: string;
	lastConfirmedAt: string | null;
	publishedAt: string | null;
}

export type LinkProblem = 'invalid' | 'used' | 'expired';

export type LinkView = { ok: true; entry: AnswerEntry } | { ok: false; reason: LinkProblem };

function presentEntry(row: repo.EntryRow): AnswerEntry {
	return {
		slug: row.slug,
		title: row.title,
		titleLocale: row.title_locale,
		organisation: row.organisation,
		places: row.places,
		status: row.status,
		lastConfirmedAt: iso(row.last_confirmed_at),
		publishedAt: iso(row.published_at)
	};
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

async function checkToken(q: Queryable, token: string, now: Date, lock: boolean): Promise<{ ok: true; row: repo.TokenRow & { project_id: string; user_id: string } } | { ok: false; reason: LinkProblem }> {
	if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'invalid' };
	const row = await repo.freshnessToken(q, hashToken(token), lock);
	// A link of someone who is no longer an owner is worth nothing, like an unknown one.
	if (!row || !row.project_id || !row.user_id || !row.still_owner) return { ok: false, reason: 'invalid' };
	if (row.used_at) return { ok: false, reason: 'used' };
	if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
	return { ok: true, row: row as repo.TokenRow & { project_id: string; user_id: string } };
}

/** What the answer page shows for a link (GET: looks only, changes nothing). */
export async function freshnessLink(token: string, locale: string, now = new Date()): Promise<LinkView> {
	const checked = await checkToken(dbPool(), token, now, false);
	if (!checked.ok) return checked;
	const entry = await repo.entryById(dbPool(), checked.row.project_id, locale);
	if (!entry) return { ok: false, reason: 'invalid' };
	return { ok: true, entry: presentEntry(entry) };
}

export type AnswerOutcome =
	| { ok: true; answer: FreshnessAnswer; slug: string; title: string }
	| { ok: false; reason: LinkProblem | 'not_published' };

async function confirmIn(
	tx: Db,
	client: pg.PoolClient,
	projectId: string,
	actor: Actor,
	by: 'owner' | 'staff',
	now: Date,
	requestId?: string
): Promise<void> {
	const before = await repo.entryById(client, projectId, 'de');
	await repo.setConfirmed(client, projectId, now);
	await repo.useUpFreshnessTokens(client, projectId, now);
	await saveRevision(client, projectId, 'status', actor.kind === 'user' ? actor.id : null);
	await record(
		actor,
		{
			action: 'atlas.freshness.confirm',
			entity: 'project',
			entityId: projectId,
			before: { lastConfirmedAt: iso(before?.last_confirmed_at ?? null) },
			after: { lastConfirmedAt: now.toISOString(), by },
			requestId
		},
		tx
	);
}

/**
 * The owner's answer, by POST with the link's token. 'confirm' and 'gone'
 * use up the links of every owner of the entry; 'edit' uses up nothing and
 * only says where to go (the edit page, which needs signing in).
 */
export async function answerFreshness(
	token: string,
	answer: FreshnessAnswer,
	ctx: { locale: string; now?: Date; requestId?: string }
): Promise<AnswerOutcome> {
	const now = ctx.now ?? new Date();
	return transaction(async (tx, client) => {
		const checked = await checkToken(client, token, now, answer !== 'edit');
		if (!checked.ok) return checked;
		const projectId = checked.row.project_id;
		const entry = await repo.entryById(client, projectId, ctx.locale, answer !== 'edit');
		if (!entry) return { ok: false, reason: 'invalid' } as const;
		if (answer === 'edit') return { ok: true, answer, slug: entry.slug, title: entry.title } as const;
		if (entry.status !== 'published') return { ok: false, reason: 'not_published' } as const;
		const actor: Actor = { kind: 'user', id: checked.row.user_id, role: null, region: null, label: maskEmail(checked.row.email ?? '') };
		if (answer === 'confirm') {
			await confirmIn(tx, client, projectId, actor, 'owner', now, ctx.requestId);
		} else {
			await repo.setArchived(client, projectId, 'gone', now);
			await repo.useUpFreshnessTokens(client, projectId, now);
			await saveRevision(client, projectId, 'status', checked.row.user_id);
			await record(
				actor,
				{
					action: 'atlas.archive',
					entity: 'project',
					entityId: projectId,
					before: { status: entry.status },
					after: { status: 'archived', reason: 'gone' },
					requestId: ctx.requestId
				},
				tx
			);
		}
		return { ok: true, answer, slug: entry.slug, title: entry.title } as const;
	});
}

// ---------------------------------------------------------------- staff

/** Staff who may decide on this entry (regional moderators: in its region), not owners. */
export async function isStaffFor(actor: Actor, projectId: string, q: Queryable = dbPool()): Promise<boolean> {
	if (actor.kind === 'system') return true;
	if (actor.kind !== 'user' || !actor.role) return false;
	if (actor.role !== 'regional') return can(actor, 'moderation.write', { region: null });
	const regions = await projectRegions(projectId, q);
	return regions.some((region) => can(actor, 'moderation.write', { region }));
}

/** A moderator confirms an entry on the owners' behalf (e.g. after a phone call); same effect as the owner's answer. */
export async function confirmAsStaff(
	actor: Actor,
	projectId: string,
	opts: { requestId?: string; now?: Date } = {}
): Promise<{ ok: true; title: string } | { ok: false; reason: 'not_found' | 'forbidden' | 'not_published' }> {
	requireAccess(actor, 'moderation.write');
	const now = opts.now ?? new Date();
	if (!/^[0-9a-f-]{36}$/i.test(projectId)) return { ok: false, reason: 'not_found' };
	return transaction(async (tx, client) => {
		const entry = await repo.entryById(client, projectId, 'de', true);
		if (!entry) return { ok: false, reason: 'not_found' } as const;
		if (!(await isStaffFor(actor, projectId, client))) return { ok: false, reason: 'forbidden' } as const;
		if (entry.status !== 'published') return { ok: false, reason: 'not_published' } as const;
		await confirmIn(tx, client, projectId, actor, 'staff', now, opts.requestId);
		return { ok: true, title: entry.title } as const;
	});
}

export interface UnansweredItem {
	id: string;
	slug: string;
	title: string;
	status: string;
	lastConfirmedAt: string | null;
	publishedAt: string | null;
	mailedAt: string | null;
	archivedAt: string | null;
	ownerCount: number;
}

export interface UnansweredList {
	items: UnansweredItem[];
	total: number;
}

export const UNANSWERED_LIMIT = 200;

/**
 * The moderators' list: questions mailed but not answered, stale entries
 * nobody can be asked about (no owners), and entries recently archived as
 * unconfirmed. Regional moderators see their region's entries.
 */
export async function listUnanswered(
	actor: Actor,
	now = new Date()
): Promise<{ mailed: UnansweredList; ownerless: UnansweredList; archived: UnansweredList; mayRun: boolean }> {
	requireAccess(actor, 'moderation.read');
	const region = actor.kind === 'user' && actor.role === 'regional' ? actor.region : null;
	const opts = { staleCutoff: monthsBefore(now, ASK_AFTER_MONTHS), archivedSince: daysBefore(now, RECENTLY_ARCHIVED_DAYS), region, limit: UNANSWERED_LIMIT };
	const list = async (kind: repo.UnansweredKind): Promise<UnansweredList> => {
		const rows = await repo.unanswered(dbPool(), kind, opts);
		return {
			total: rows[0]?.total ?? 0,
			items: rows.map((r) => ({
				id: r.id,
				slug: r.slug,
				title: r.title,
				status: r.status,
				lastConfirmedAt: iso(r.last_confirmed_at),
				publishedAt: iso(r.published_at),
				mailedAt: iso(r.freshness_mailed_at),
				archivedAt: iso(r.archived_at),
				ownerCount: r.owner_count
			}))
		};
	};
	return {
		mailed: await list('mailed'),
		ownerless: await list('ownerless'),
		archived: await list('archived'),
		mayRun: can(actor, 'moderation.write', { region: null })
	};
}

// ---------------------------------------------------------------- reviving

export type ReviveView =
	| { status: 'not_found' | 'forbidden' }
	| { status: 'not_archived'; slug: string; title: string; entryStatus: string }
	| { status: 'needs_staff' | 'ready'; slug: string; title: string; reason: string | null; archivedAt: string | null };

/** Reasons an owner may undo alone; an entry archived by staff needs staff. */
const OWNER_REVIVABLE = new Set(['unconfirmed', 'gone']);

async function reviveState(actor: Actor, slug: string, locale: string, q: Queryable, lock: boolean): Promise<{ view: ReviveView; projectId?: string; prior?: repo.EntryRow }> {
	if (!/^[a-z0-9][a-z0-9-]{0,120}$/.test(slug)) return { view: { status: 'not_found' } };
	const projectId = await repo.projectIdBySlug(q, slug);
	if (!projectId) return { view: { status: 'not_found' } };
	const entry = await repo.entryById(q, projectId, locale, lock);
	if (!entry) return { view: { status: 'not_found' } };
	const staff = await isStaffFor(actor, projectId, q);
	const owner = !staff && (await isOwner(actor, projectId, q));
	if (!staff && !owner) return { view: { status: 'forbidden' } };
	if (entry.status !== 'archived') return { view: { status: 'not_archived', slug: entry.slug, title: entry.title, entryStatus: entry.status }, projectId };
	const allowed = staff || OWNER_REVIVABLE.has(entry.archived_reason ?? '');
	return {
		view: { status: allowed ? 'ready' : 'needs_staff', slug: entry.slug, title: entry.title, reason: entry.archived_reason, archivedAt: iso(entry.archived_at) },
		projectId,
		prior: entry
	};
}

/** What the revive page shows to this person (GET). */
export async function reviveView(actor: Actor, slug: string, locale: string): Promise<ReviveView> {
	requireAccess(actor, 'account.self');
	return (await reviveState(actor, slug, locale, dbPool(), false)).view;
}

/** Publishes an archived entry again and counts that as a confirmation (POST). */
export async function reviveEntry(
	actor: Actor,
	slug: string,
	locale: string,
	opts: { requestId?: string; now?: Date } = {}
): Promise<ReviveView | { status: 'revived'; slug: string; title: string }> {
	requireAccess(actor, 'account.self');
	const now = opts.now ?? new Date();
	return transaction(async (tx, client) => {
		const { view, projectId, prior } = await reviveState(actor, slug, locale, client, true);
		if (view.status !== 'ready' || !projectId) return view;
		await repo.setRevived(client, projectId, now);
		await repo.useUpFreshnessTokens(client, projectId, now);
		await saveRevision(client, projectId, 'status', actor.kind === 'user' ? actor.id : null);
		await record(
			actor,
			{
				action: 'atlas.revive',
				entity: 'project',
				entityId: projectId,
				before: { status: 'archived', reason: prior?.archived_reason ?? null, archivedAt: iso(prior?.archived_at ?? null) },
				after: { status: 'published', lastConfirmedAt: now.toISOString() },
				requestId: opts.requestId
			},
			tx
		);
		return { status: 'revived', slug: view.slug, title: view.title } as const;
	});
}
