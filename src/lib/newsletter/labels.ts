/**
 * Display names of the submission vocabularies. Explicit maps (not m[key])
 * keep every key visible to the message compiler.
 */
import { m } from '$lib/paraglide/messages';
import type { SubmissionKind, SubmissionStatus } from './vocabulary';

const KINDS: Record<SubmissionKind, () => string> = {
	project_news: () => m.nl_kind_project_news(),
	event: () => m.nl_kind_event(),
	practical_aid: () => m.nl_kind_practical_aid(),
	offer: () => m.nl_kind_offer()
};

const STATUSES: Record<SubmissionStatus, () => string> = {
	pending: () => m.nl_status_submitted(),
	submitted: () => m.nl_status_submitted(),
	approved: () => m.nl_status_approved(),
	rejected: () => m.nl_status_rejected(),
	used: () => m.nl_status_used()
};

export function submissionKindLabel(kind: string): string {
	return Object.hasOwn(KINDS, kind) ? KINDS[kind as SubmissionKind]() : kind;
}

export function submissionStatusLabel(status: string): string {
	return Object.hasOwn(STATUSES, status) ? STATUSES[status as SubmissionStatus]() : status;
}
