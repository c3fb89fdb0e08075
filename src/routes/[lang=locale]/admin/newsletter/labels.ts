/** Display helpers shared by the newsletter admin pages and the archive. */
import { m } from '$lib/paraglide/messages';
import { label } from '$lib/atlas/labels';
import { ENDONYMS } from '$lib/i18n';
import type { IssueStatus } from '$lib/newsletter/vocabulary';

export const STATUS_LABELS: Record<IssueStatus, () => string> = {
	draft: () => m.nla_status_draft(),
	scheduled: () => m.nla_status_scheduled(),
	sending: () => m.nla_status_sending(),
	paused: () => m.nla_status_paused(),
	sent: () => m.nla_status_sent(),
	cancelled: () => m.nla_status_cancelled()
};

/** The error keys the newsletter admin services return. */
export const ERROR_TEXTS: Record<string, () => string> = {
	nla_error_subject_required: () => m.nla_error_subject_required(),
	nla_error_subject_long: () => m.nla_error_subject_long(),
	nla_error_body_long: () => m.nla_error_body_long(),
	nla_error_body_required: () => m.nla_error_body_required(),
	nla_error_body_without_subject: () => m.nla_error_body_without_subject(),
	nla_error_conflict: () => m.nla_error_conflict(),
	nla_error_not_editable: () => m.nla_error_not_editable(),
	nla_error_schedule_date: () => m.nla_error_schedule_date(),
	nla_error_schedule_past: () => m.nla_error_schedule_past(),
	nla_error_no_recipients: () => m.nla_error_no_recipients(),
	nla_error_control: () => m.nla_error_control(),
	nla_error_image_file: () => m.nla_error_image_file(),
	nla_error_image_alt: () => m.nla_error_image_alt(),
	nla_error_image_rights: () => m.nla_error_image_rights(),
	nla_subs_error_none: () => m.nla_subs_error_none()
};

export function segmentSummary(s: { topics: string[]; regions: string[]; locales: string[] }): string {
	const parts = [...s.topics.map((t) => label('field', t)), ...s.regions.map((r) => label('region', r)), ...s.locales.map((l) => ENDONYMS[l] ?? l)];
	return parts.length ? parts.join(', ') : m.nla_segment_all();
}
