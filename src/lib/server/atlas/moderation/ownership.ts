/**
 * "Is this yours?": staff decide on requests to become an owner of an
 * existing entry (the public side writes ownership_requests rows). Approving
 * adds the requester as an owner (via 'request'); both outcomes are mailed to
 * the requester in their language and recorded in the audit log.
 */
import type { ProjectStatus } from '../../../atlas/taxonomy';
import { baseLocale, isLocale } from '../../../paraglide/runtime';
import type { Region } from '../../accounts/schema';
import { requireAccess, type Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { config } from '../../core/config';
import { dbPool, transaction } from '../../core/db';
import { queueMail } from '../../mail/service';
import { isUuid } from './forms';
import { moderationMail } from './mails';
import * as repo from './repository';
import { requireEntryAccess, scopeFor, type RegionFilter } from './scope';
import type { Paged } from './queue';

export const REQUESTS_PER_PAGE = 20;

export interface OwnershipRequestView {
	id: string;
	projectId: string;
	slug: string;
	title: string;
	projectStatus: ProjectStatus;
	regions: Region[];
	requesterEmail: string;
	requesterName: string | null;
	message: string;
	status: 'pending' | 'approved' | 'declined';
	createdAt: string;
	decidedAt: string | null;
	decidedBy: string | null;
	ownerCount: number;
	alreadyOwner: boolean;
}

function present(r: repo.OwnershipRequestRow): OwnershipRequestView {
	return {
		id: r.id,
		projectId: r.project_id,
		slug: r.slug,
		title: r.title ?? r.slug,
		projectStatus: r.project_status,
		regions: r.regions,
		requesterEmail: r.requester_email,
		requesterName: r.requester_name,
		message: r.message,
		status: r.status,
		createdAt: r.created_at.toISOString(),
		decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
		decidedBy: r.decided_by_email,
		ownerCount: r.owner_count,
		alreadyOwner: r.already_owner
	};
}

export async function listOwnershipRequests(
	actor: Actor,
	opts: { region?: RegionFilter | null; page?: number } = {}
): Promise<Paged<OwnershipRequestView>> {
	const scope = scopeFor(actor, opts.region);
	const page = Math.max(1, opts.page ?? 1);
	const q = dbPool();
	const [total, rows] = await Promise.all([
		repo.countOwnershipRequests(q, scope),
		repo.listOwnershipRequests(q, scope, { limit: REQUESTS_PER_PAGE, offset: (page - 1) * REQUESTS_PER_PAGE })
	]);
	return { items: rows.map(present), total, page, pages: Math.max(1, Math.ceil(total / REQUESTS_PER_PAGE)), scope };
}

export type OwnershipOutcome = { ok: true; status: 'approved' | 'declined' } | { ok: false; reason: 'not_found' | 'already_decided' };

export async function decideOwnershipRequest(
	actor: Actor,
	input: { requestId: string; approve: boolean; auditRequestId?: string; now?: Date }
): Promise<OwnershipOutcome> {
	requireAccess(actor, 'moderation.write');
	if (!isUuid(input.requestId)) return { ok: false, reason: 'not_found' };
	const now = input.now ?? new Date();
	const actorId = actor.kind === 'user' ? actor.id : null;
	return transaction(async (tx, client): Promise<OwnershipOutcome> => {
		const request = await repo.lockOwnershipRequest(client, input.requestId);
		if (!request) return { ok: false, reason: 'not_found' };
		requireEntryAccess(actor, 'moderation.write', request.regions);
		if (request.status !== 'pending') return { ok: false, reason: 'already_decided' };
		const status = input.approve ? 'approved' : 'declined';
		await repo.decideOwnershipRequest(client, { id: request.id, status, actorId, now });
		const added = input.approve ? await repo.addOwner(client, { projectId: request.project_id, userId: request.user_id, via: 'request', now }) : false;
		await record(
			actor,
			{
				action: `atlas.ownership.${input.approve ? 'approve' : 'decline'}`,
				entity: 'project',
				entityId: request.project_id,
				before: { request: request.id, status: 'pending' },
				after: { request: request.id, status, user: request.user_id, ownerAdded: added },
				requestId: input.auditRequestId
			},
			tx
		);
		const locale = isLocale(request.requester_locale) ? request.requester_locale : baseLocale;
		const titles = await repo.titlesOf(client, request.project_id);
		const mail = moderationMail(input.approve ? 'ownership_approved' : 'ownership_declined', {
			locale,
			title: titles.byLocale[locale] ?? titles.source,
			url: `${config().origin}/${locale}/atlas/${request.slug}/bearbeiten`
		});
		await queueMail(
			{ ...mail, to: request.requester_email, locale, template: `atlas.moderation.ownership_${status}` },
			{ tx, client }
		);
		return { ok: true, status };
	});
}
