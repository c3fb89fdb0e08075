/**
 * The one place that says who may do what. Services call requireAccess()
 * before every read or write of protected data; route entry points call it
 * (or declare themselves public with publicEntry()) — a test checks that
 * every entry point does one or the other.
 */
import type { Region, Role } from '../accounts/schema';

export type Actor =
	| { kind: 'anonymous' }
	| { kind: 'user'; id: string; role: Role | null; region: Region | null; label: string }
	/** The system itself: jobs, the CLI, the launcher. */
	| { kind: 'system'; label: string };

export const ANONYMOUS: Actor = { kind: 'anonymous' };
export const SYSTEM: Actor = { kind: 'system', label: 'system' };

/** Every protected action in the platform. Add a module's actions here. */
export const ACTIONS = {
	/** Own account page, own sessions, sign out. */
	'account.self': (a) => a.kind === 'user',
	/** Entering the staff area at all. */
	'staff.area': (a) => isStaff(a),
	'users.read': (a) => hasRole(a, 'admin'),
	'users.write': (a) => hasRole(a, 'admin'),
	'audit.read': (a) => hasRole(a, 'admin'),
	'mail.outbox.read': (a) => hasRole(a, 'admin'),
	/** Content pages and newsletter (issue 4 and later). */
	'content.write': (a) => hasRole(a, 'admin', 'editor'),
	/** Atlas entries and submissions; regional moderators only in their region. */
	'moderation.read': (a, r) => hasRole(a, 'admin', 'moderator') || inRegion(a, r),
	'moderation.write': (a, r) => hasRole(a, 'admin', 'moderator') || inRegion(a, r),
	/** Staff CSV import of atlas entries. */
	'atlas.import': (a) => hasRole(a, 'admin', 'moderator'),
	/** Defining atlas embeds (iframe snippets with fixed filters). */
	'atlas.embeds.write': (a) => hasRole(a, 'admin', 'editor', 'moderator'),
	/** Writing translations of any entry (owners may translate their own: see atlas/snapshot.ts mayEdit). */
	'atlas.translate': (a, r) => hasRole(a, 'admin', 'editor', 'moderator') || inRegion(a, r),
	/** Events: create/edit, registrations, check-in; regional moderators for events in their region. */
	'events.manage': (a, r) => hasRole(a, 'admin', 'editor') || inRegion(a, r),
	/** Supporters of the appeal: list, export, counts (regional staff see their region's). */
	'supporters.read': (a, r) => hasRole(a, 'admin', 'editor') || inRegion(a, r),
	/** Supporters: edit, merge duplicates, remove. */
	'supporters.write': (a) => hasRole(a, 'admin', 'editor'),
	/** Newsletter issues: write, preview, test, schedule, send, pause; subscriber counts. */
	'newsletter.write': (a) => hasRole(a, 'admin', 'editor'),
	/** The queue of items sent in "for the newsletter". */
	'newsletter.submissions': (a) => hasRole(a, 'admin', 'editor', 'moderator')
} satisfies Record<string, (actor: Actor, resource?: { region?: Region | null }) => boolean>;

export type Action = keyof typeof ACTIONS;

function hasRole(actor: Actor, ...roles: Role[]): boolean {
	if (actor.kind === 'system') return true;
	return actor.kind === 'user' && actor.role !== null && roles.includes(actor.role);
}

function isStaff(actor: Actor): boolean {
	return hasRole(actor, 'admin', 'editor', 'moderator', 'regional');
}

function inRegion(actor: Actor, resource: { region?: Region | null } | undefined): boolean {
	if (actor.kind !== 'user' || actor.role !== 'regional' || !actor.region) return false;
	// Without a resource the question is "may they use the queue at all": yes, for their region.
	if (!resource) return true;
	return resource.region === actor.region;
}

export function can(actor: Actor, action: Action, resource?: { region?: Region | null }): boolean {
	return ACTIONS[action](actor, resource);
}

export class AccessDenied extends Error {
	constructor(
		readonly action: Action,
		readonly anonymous: boolean
	) {
		super(`access denied: ${action}`);
		this.name = 'AccessDenied';
	}
}

export function requireAccess(actor: Actor, action: Action, resource?: { region?: Region | null }): void {
	if (!can(actor, action, resource)) throw new AccessDenied(action, actor.kind === 'anonymous');
}

/**
 * Marks a route entry point as deliberately public. The reason is for the
 * reader (and the entry-point coverage test, which requires a non-empty one).
 */
export function publicEntry(reason: string): void {
	if (!reason) throw new Error('publicEntry needs a reason');
}
