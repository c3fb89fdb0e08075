/**
 * Who looks after an entry: co-owners invited by email (single-use link,
 * 14 days), removing a co-owner (never the last one), and "this is mine":
 * a signed-in person asks to become an owner; staff decide elsewhere.
 */
import { z } from 'zod';
import { maskEmail } from '../../core/log';
import { config } from '../../core/config';
import { dbPool, transaction } from '../../core/db';
import { hashToken, newToken } from '../../core/tokens';
import type { Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { queueMail } from '../../mail/service';
import { hit } from '../../protection/rate-limit';
import { EMAIL_MAX, OWNERSHIP_MESSAGE_MAX } from '../../../atlas/form/entry';
import type { ProjectStatus } from '../../../atlas/taxonomy';
import type { FieldErrors } from '../../../forms/errors';
import { isOwner, mayEdit } from '../snapshot';
import { inviteOwnerMail } from './mails';
import {
	addOwner,
	consumeToken,
	entriesOwnedBy,
	findProjectBySlug,
	insertOwnershipRequest,
	insertToken,
	listOwners,
	pendingInvitations,
	pendingRequestExists,
	removeOwner,
	type MyEntryRow
} from './repository';
import { accountFor, openSession, type LinkSession } from './session';
import { linkState, plausibleToken, type LinkState } from './tokens';

export const INVITE_DAYS = 14;
/** Invitations per inviting person and day. */
export const INVITE_LIMIT = { name: 'atlas-invite:user', max: 20, windowSeconds: 24 * 3600 };

export interface OwnerView {
	userId: string;
	email: string;
	via: string;
	addedAt: string;
	self: boolean;
}

export interface OwnersPage {
	project: { id: string; slug: string; title: string; status: ProjectStatus };
	owners: OwnerView[];
	pending: { email: string; expiresAt: string }[];
}

type Lookup<T> = { kind: 'ok' } & T;
type Refused = { kind: 'not_found' } | { kind: 'forbidden' };

async function editable(actor: Actor, slug: string) {
	const project = await findProjectBySlug(dbPool(), slug);
	if (!project) return { kind: 'not_found' } as const;
	if (!(await mayEdit(actor, project.id))) return { kind: 'forbidden' } as const;
	return { kind: 'ok', project } as const;
}

export async function ownersPage(actor: Actor, slug: string, now = new Date()): Promise<Lookup<{ page: OwnersPage }> | Refused> {
	const found = await editable(actor, slug);
	if (found.kind !== 'ok') return found;
	const { project } = found;
	const owners = await listOwners(dbPool(), project.id);
	const pending = await pendingInvitations(dbPool(), project.id, now);
	return {
		kind: 'ok',
		page: {
			project,
			owners: owners.map((o) => ({
				userId: o.userId,
				email: o.email,
				via: o.via,
				addedAt: o.addedAt.toISOString(),
				self: actor.kind === 'user' && actor.id === o.userId
			})),
			pending: pending.map((p) => ({ email: p.email, expiresAt: p.expiresAt.toISOString() }))
		}
	};
}

const inviteSchema = z.object({
	email: z
		.string()
		.trim()
		.max(EMAIL_MAX, { error: 'submit_error_email' })
		.pipe(z.email({ error: 'submit_error_email' }))
		.transform((v) => v.toLowerCase())
});

export type InviteOutcome =
	| Refused
	| { kind: 'invalid'; values: { email: string }; errors: FieldErrors; retryAfterSeconds?: number }
	| { kind: 'sent'; email: string; token: string };

/** Mails a single-use invitation; the invitee's locale is not known, so the mail is in the inviter's page language. */
export async function inviteOwner(actor: Actor, slug: string, data: FormData, ctx: { locale: string; now?: Date }): Promise<InviteOutcome> {
	const now = ctx.now ?? new Date();
	const found = await editable(actor, slug);
	if (found.kind !== 'ok') return found;
	const { project } = found;
	const raw = String(data.get('email') ?? '').slice(0, EMAIL_MAX * 2);
	const parsed = inviteSchema.safeParse({ email: raw });
	if (!parsed.success) return { kind: 'invalid', values: { email: raw }, errors: { email: parsed.error.issues[0]?.message ?? 'submit_error_email' } };
	const email = parsed.data.email;
	if ((await listOwners(dbPool(), project.id)).some((o) => o.email.toLowerCase() === email)) {
		return { kind: 'invalid', values: { email: raw }, errors: { email: 'submit_error_already_owner' } };
	}
	const limited = await hit(INVITE_LIMIT, actor.kind === 'user' ? actor.id : 'system', now);
	if (!limited.ok) return { kind: 'invalid', values: { email: raw }, errors: { email: 'submit_error_invite_rate_limited' }, retryAfterSeconds: limited.retryAfterSeconds };
	const token = newToken();
	await transaction(async (tx, client) => {
		await insertToken(client, {
			tokenHash: hashToken(token),
			purpose: 'invite_owner',
			projectId: project.id,
			email,
			locale: ctx.locale,
			payload: { invitedBy: actor.kind === 'user' ? actor.id : null },
			expiresAt: new Date(now.getTime() + INVITE_DAYS * 24 * 3600_000),
			now
		});
		const url = `${config().origin}/${ctx.locale}/atlas/einladung?token=${token}`;
		await queueMail({ ...inviteOwnerMail(ctx.locale, project, url, INVITE_DAYS), to: email, locale: ctx.locale, template: 'atlas.owner.invite' }, { tx, client });
		await record(actor, { action: 'atlas.owner.invite', entity: 'project', entityId: project.id, after: { invited: maskEmail(email) } }, tx);
	});
	return { kind: 'sent', email, token };
}

export type RemoveOutcome = Refused | { kind: 'removed' } | { kind: 'last_owner' } | { kind: 'not_owner' };

/** Removes a co-owner; an entry always keeps at least one owner (staff can still edit ownerless entries). */
export async function removeCoOwner(actor: Actor, slug: string, userId: string): Promise<RemoveOutcome> {
	const found = await editable(actor, slug);
	if (found.kind !== 'ok') return found;
	const { project } = found;
	if (!z.uuid().safeParse(userId).success) return { kind: 'not_owner' };
	return transaction(async (tx, client) => {
		// Lock the entry so two removals at once cannot leave it without an owner.
		await client.query('select 1 from projects where id = $1 for update', [project.id]);
		const owners = await listOwners(client, project.id);
		const target = owners.find((o) => o.userId === userId);
		if (!target) return { kind: 'not_owner' } as const;
		if (owners.length <= 1) return { kind: 'last_owner' } as const;
		await removeOwner(client, project.id, userId);
		await record(actor, { action: 'atlas.owner.remove', entity: 'project', entityId: project.id, before: { owner: maskEmail(target.email) } }, tx);
		return { kind: 'removed' } as const;
	});
}

export async function invitationState(token: string | null | undefined, now = new Date()): Promise<LinkState> {
	return linkState(token, 'invite_owner', now);
}

/** The entry an invitation is for (GET page shows its title before the person accepts). */
export async function invitationEntry(token: string): Promise<{ title: string } | null> {
	if (!plausibleToken(token)) return null;
	const res = await dbPool().query<{ title: string }>(
		`select coalesce(t.title, '') as title from atlas_tokens k join projects p on p.id = k.project_id
		left join project_texts t on t.project_id = p.id and t.locale = p.source_locale
		where k.token_hash = $1 and k.purpose = 'invite_owner'`,
		[hashToken(token)]
	);
	return res.rows[0] ?? null;
}

export type AcceptOutcome = ({ ok: true; slug: string; locale: string } & LinkSession) | { ok: false; reason: Exclude<LinkState, 'usable'> | 'disabled' };

/** The POST behind an invitation link: the address's account becomes an owner and is signed in. */
export async function acceptInvitation(token: string, previousSessionToken: string | undefined, now = new Date()): Promise<AcceptOutcome> {
	if (!plausibleToken(token)) return { ok: false, reason: 'invalid' };
	const outcome = await transaction(async (tx, client): Promise<AcceptOutcome> => {
		const link = await consumeToken(client, hashToken(token), 'invite_owner', now);
		if (!link) return { ok: false, reason: 'invalid' };
		const slug = (await client.query<{ slug: string }>('select slug from projects where id = $1', [link.projectId])).rows[0]?.slug;
		if (!slug) return { ok: false, reason: 'invalid' };
		const user = await accountFor(tx, link.email, link.locale);
		if (!user) return { ok: false, reason: 'disabled' };
		const actor: Actor = { kind: 'user', id: user.id, role: user.role ?? null, region: user.region ?? null, label: maskEmail(user.email) };
		if (await addOwner(client, link.projectId, user.id, 'invitation')) {
			await record(actor, { action: 'atlas.owner.accept', entity: 'project', entityId: link.projectId, after: { invitedBy: link.payload.invitedBy ?? null } }, tx);
		}
		const session = await openSession(tx, user.id, previousSessionToken, now);
		return { ok: true, slug, locale: link.locale, ...session };
	});
	if (outcome.ok || outcome.reason !== 'invalid') return outcome;
	const state = await linkState(token, 'invite_owner', now);
	return { ok: false, reason: state === 'usable' ? 'invalid' : state };
}

// ---------------------------------------------------------------------------
// "This is mine": ownership requests
// ---------------------------------------------------------------------------

export type ClaimTarget =
	| { kind: 'not_found' }
	| { kind: 'ok'; project: { id: string; slug: string; title: string }; alreadyOwner: boolean; pending: boolean };

/** Only published entries can be claimed (the others are not public, so nobody can know them). */
export async function claimTarget(actor: Actor, slug: string): Promise<ClaimTarget> {
	const project = await findProjectBySlug(dbPool(), slug);
	if (!project || project.status !== 'published' || actor.kind !== 'user') return { kind: 'not_found' };
	return {
		kind: 'ok',
		project: { id: project.id, slug: project.slug, title: project.title },
		alreadyOwner: await isOwner(actor, project.id),
		pending: await pendingRequestExists(dbPool(), project.id, actor.id)
	};
}

const claimSchema = z.object({
	message: z.string().trim().min(1, { error: 'submit_error_claim_message' }).max(OWNERSHIP_MESSAGE_MAX, { error: 'submit_error_claim_message_long' })
});

export type ClaimOutcome =
	| { kind: 'not_found' }
	| { kind: 'already_owner' }
	| { kind: 'pending' }
	| { kind: 'invalid'; values: { message: string }; errors: FieldErrors }
	| { kind: 'requested'; id: string };

export async function requestOwnership(actor: Actor, slug: string, data: FormData, now = new Date()): Promise<ClaimOutcome> {
	const target = await claimTarget(actor, slug);
	if (target.kind !== 'ok' || actor.kind !== 'user') return { kind: 'not_found' };
	if (target.alreadyOwner) return { kind: 'already_owner' };
	if (target.pending) return { kind: 'pending' };
	const raw = String(data.get('message') ?? '').slice(0, OWNERSHIP_MESSAGE_MAX * 2);
	const parsed = claimSchema.safeParse({ message: raw });
	if (!parsed.success) return { kind: 'invalid', values: { message: raw }, errors: { message: parsed.error.issues[0]?.message ?? 'submit_error_claim_message' } };
	return transaction(async (tx, client) => {
		// One pending request per person and entry, also when two tabs send at once.
		await client.query('select 1 from projects where id = $1 for update', [target.project.id]);
		if (await pendingRequestExists(client, target.project.id, actor.id)) return { kind: 'pending' } as const;
		const id = await insertOwnershipRequest(client, { projectId: target.project.id, userId: actor.id, message: parsed.data.message, now });
		await record(actor, { action: 'atlas.ownership.request', entity: 'project', entityId: target.project.id, after: { request: id } }, tx);
		return { kind: 'requested', id } as const;
	});
}

// ---------------------------------------------------------------------------
// My entries
// ---------------------------------------------------------------------------

export interface MyEntry {
	slug: string;
	title: string;
	status: ProjectStatus;
	/** The reason of a rejection or the changes asked for; only while it still applies. */
	moderationNote: string | null;
	archivedReason: string | null;
	updatedAt: string;
	owners: number;
}

export async function myEntries(actor: Actor): Promise<MyEntry[]> {
	if (actor.kind !== 'user') return [];
	const rows: MyEntryRow[] = await entriesOwnedBy(dbPool(), actor.id);
	return rows.map((r) => ({
		slug: r.slug,
		title: r.title,
		status: r.status,
		moderationNote: r.status === 'draft' || r.status === 'rejected' ? r.moderationNote : null,
		archivedReason: r.status === 'archived' ? r.archivedReason : null,
		updatedAt: r.updatedAt.toISOString(),
		owners: r.owners
	}));
}
