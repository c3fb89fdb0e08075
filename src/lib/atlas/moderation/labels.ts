/**
 * Translated names for the atlas staff pages: statuses, decisions, errors and
 * the fields of the change view. Explicit maps keep every key visible to the
 * message compiler (no m[`…${code}`]).
 */
import { m } from '$lib/paraglide/messages';
import { label, regionLabel } from '$lib/atlas/labels';
import type { ProjectStatus } from '$lib/atlas/taxonomy';

type Scope = { mode: 'all' } | { mode: 'region'; region: string } | { mode: 'statewide' };

export function scopeText(scope: Scope): string {
	return scope.mode === 'region' ? m.moderation_hub_scope_region({ region: regionLabel(scope.region) }) : m.moderation_hub_scope_all();
}

const STATUS: Record<ProjectStatus, () => string> = {
	draft: m.moderation_status_draft,
	submitted: m.moderation_status_submitted,
	published: m.moderation_status_published,
	rejected: m.moderation_status_rejected,
	archived: m.moderation_status_archived
};

export function statusLabel(status: string): string {
	return Object.hasOwn(STATUS, status) ? STATUS[status as ProjectStatus]() : status;
}

const VIA: Record<string, () => string> = {
	submission: m.moderation_via_submission,
	invitation: m.moderation_via_invitation,
	request: m.moderation_via_request,
	staff: m.moderation_via_staff,
	import: m.moderation_via_import
};

export function viaLabel(via: string): string {
	return VIA[via]?.() ?? via;
}

const ARCHIVED: Record<string, () => string> = {
	staff: m.moderation_archived_staff,
	unconfirmed: m.moderation_archived_unconfirmed,
	gone: m.moderation_archived_gone
};

export function archivedReasonLabel(reason: string): string {
	return ARCHIVED[reason]?.() ?? reason;
}

const TEXT_STATUS: Record<string, () => string> = {
	current: m.moderation_text_status_current,
	outdated: m.moderation_text_status_outdated,
	machine: m.moderation_text_status_machine
};

/** The status of a translation; null for the original text. */
export function textStatusLabel(status: string): string | null {
	return TEXT_STATUS[status]?.() ?? null;
}

const ERRORS: Record<string, () => string> = {
	moderation_error_stale: m.moderation_error_stale,
	moderation_error_wrong_status: m.moderation_error_wrong_status,
	moderation_error_own_entry: m.moderation_error_own_entry,
	moderation_error_reason_required: m.moderation_error_reason_required,
	moderation_error_note_required: m.moderation_error_note_required,
	moderation_error_note_too_long: m.moderation_error_note_too_long,
	moderation_error_form: m.moderation_error_form,
	moderation_error_already_reviewed: m.moderation_error_already_reviewed,
	moderation_error_already_decided: m.moderation_error_already_decided,
	moderation_error_not_found: m.moderation_error_not_found
};

/** Error keys from the server as text; an unknown key reads as "incomplete form". */
export function errorText(key: string): string {
	return (ERRORS[key] ?? m.moderation_error_form)();
}

export function errorTexts(keys: Record<string, string> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [field, key] of Object.entries(keys ?? {})) out[field] = errorText(key);
	return out;
}

const DONE: Record<string, () => string> = {
	approve: m.moderation_done_approve,
	reject: m.moderation_done_reject,
	request_changes: m.moderation_done_request_changes,
	archive: m.moderation_done_archive,
	republish: m.moderation_done_republish,
	reviewed: m.moderation_done_reviewed,
	ownership_approved: m.moderation_done_ownership_approved,
	ownership_declined: m.moderation_done_ownership_declined
};

/** The confirmation after a decision (?erledigt=<code>); null for an unknown code. */
export function doneText(code: string | null | undefined): string | null {
	return code && Object.hasOwn(DONE, code) ? DONE[code]!() : null;
}

const FIELDS: Record<string, () => string> = {
	title: m.moderation_text_title,
	teaser: m.moderation_text_teaser,
	description: m.moderation_text_description,
	organisation: m.atlas_detail_organisation,
	fields: m.atlas_detail_fields,
	topics: m.atlas_detail_topics,
	offerTypes: m.atlas_detail_offer_types,
	targetGroups: m.atlas_detail_target_groups,
	languages: m.atlas_detail_languages,
	costs: m.atlas_detail_cost,
	status: m.moderation_status_label,
	slug: m.moderation_field_slug,
	barrierFree: m.atlas_detail_barrier_free,
	childcare: m.atlas_detail_childcare,
	womenOnly: m.atlas_detail_women_only,
	appointmentNeeded: m.atlas_detail_appointment,
	online: m.atlas_detail_online,
	statewide: m.moderation_field_statewide,
	licence: m.moderation_field_licence,
	sourceLocale: m.moderation_field_source_locale,
	locations: m.atlas_detail_locations,
	schedule: m.atlas_detail_schedule,
	person: m.atlas_contact_person,
	email: m.atlas_contact_email,
	phone: m.atlas_contact_phone,
	website: m.atlas_contact_website
};

/** The name of a field of an entry, as the change view lists it. */
export function fieldName(field: string): string {
	return FIELDS[field]?.() ?? field;
}

const VOCABULARY = {
	fields: 'field',
	topics: 'topic',
	offerTypes: 'offer',
	targetGroups: 'target_group',
	costs: 'cost'
} as const;

/** A code of a list field in words (languages by their own name). */
export function codeLabel(field: string, code: string): string {
	if (field === 'languages') return code;
	const vocabulary = VOCABULARY[field as keyof typeof VOCABULARY];
	return vocabulary ? label(vocabulary, code) : code;
}

/** A single value (status, yes/no, online mode, …) in words. */
export function valueLabel(field: string, value: string | boolean | null): string {
	if (value === null || value === '') return m.moderation_text_empty();
	if (typeof value === 'boolean') return value ? m.atlas_yes() : m.atlas_no();
	if (field === 'status') return statusLabel(value);
	if (field === 'barrierFree') return label('tristate', value);
	if (field === 'online') return label('online', value);
	return value;
}
