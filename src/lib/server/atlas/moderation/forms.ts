/**
 * Input schemas of the moderation forms. Errors are message keys (the page
 * translates them); what staff typed comes back with them.
 */
import { z } from 'zod';
import { fieldErrorsFrom, type FieldErrors } from '../../../forms/errors';
import type { Transition } from './repository';

/** A reason or a list of requested changes: a few paragraphs, not an essay. */
export const NOTE_MAX = 2000;

const revision = z.coerce.number({ error: 'moderation_error_form' }).int({ error: 'moderation_error_form' }).min(1, { error: 'moderation_error_form' });

const note = (required: string) =>
	z
		.string({ error: required })
		.trim()
		.min(1, { error: required })
		.max(NOTE_MAX, { error: 'moderation_error_note_too_long' });

const SCHEMAS = {
	approve: z.object({ revision }),
	reject: z.object({ revision, reason: note('moderation_error_reason_required') }),
	request_changes: z.object({ revision, note: note('moderation_error_note_required') }),
	archive: z.object({ revision }),
	republish: z.object({ revision })
} satisfies Record<Transition, z.ZodType>;

export type DecisionValues = { reason?: string; note?: string };

export type ParsedDecision =
	| { ok: true; revision: number; note: string | null; values: DecisionValues }
	| { ok: false; values: DecisionValues; errors: FieldErrors };

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	// Cut well above the limit, so a huge post stays cheap and still fails validation.
	return typeof v === 'string' ? v.slice(0, NOTE_MAX * 2) : undefined;
};

export function parseDecisionForm(transition: Transition, form: FormData): ParsedDecision {
	const raw = { revision: text(form, 'revision'), reason: text(form, 'reason'), note: text(form, 'note') };
	const values: DecisionValues = {};
	if (transition === 'reject') values.reason = raw.reason ?? '';
	if (transition === 'request_changes') values.note = raw.note ?? '';
	const parsed = SCHEMAS[transition].safeParse(raw);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'revision') };
	const data = parsed.data as { revision: number; reason?: string; note?: string };
	return { ok: true, revision: data.revision, note: data.reason ?? data.note ?? null, values };
}

const uuid = z.uuid();

export function isUuid(value: unknown): value is string {
	return uuid.safeParse(value).success;
}

/** The owner edit a "mark as reviewed" form names: entry id and revision number. */
export function parseReviewedForm(form: FormData): { projectId: string; revision: number } | null {
	const projectId = form.get('project');
	const rev = Number(form.get('revision'));
	if (!isUuid(projectId) || !Number.isInteger(rev) || rev < 1) return null;
	return { projectId, revision: rev };
}

/** The ownership request a decision form names. */
export function parseRequestForm(form: FormData): string | null {
	const id = form.get('request');
	return isUuid(id) ? id : null;
}

/** ?seite=… of a listing; anything odd means the first page. */
export function pageParam(url: URL): number {
	const n = Number.parseInt(url.searchParams.get('seite') ?? '1', 10);
	return Number.isFinite(n) && n >= 1 && n <= 100_000 ? n : 1;
}
