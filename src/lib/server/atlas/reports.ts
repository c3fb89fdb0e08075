/**
 * "Report a problem" for a published atlas entry (issue 3): anyone, without an
 * account, tells the office that an entry is wrong, outdated, gone or
 * inappropriate. Nothing is stored here: a moderation queue table comes with
 * the moderation feature; until then the office mailbox IS the queue — every
 * report becomes one mail to the alliance office (German, Reply-To the
 * reporter's address if one was given).
 */
import { z } from 'zod';
import { legal } from '../../content/legal';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { config } from '../core/config';
import { transaction } from '../core/db';
import { queueMail } from '../mail/service';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../protection/service';
import { officeReportMail } from './report-mails';
import { getPublishedProject } from './service';

export const REPORT_KINDS = ['wrong', 'gone', 'inappropriate', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORM = 'atlas-report';
export const REPORT_LIMIT = { name: 'ip', max: 10, windowSeconds: 3600 };
export const REPORT_MESSAGE_MAX = 3000;

export const reportSchema = z.object({
	kind: z.enum(REPORT_KINDS, { error: 'atlas_report_error_kind' }),
	message: z
		.string()
		.trim()
		.min(1, { error: 'atlas_report_error_message_required' })
		.max(REPORT_MESSAGE_MAX, { error: 'atlas_report_error_message_too_long' }),
	email: z
		.string()
		.trim()
		.max(254, { error: 'atlas_report_error_email' })
		.pipe(z.union([z.literal(''), z.email({ error: 'atlas_report_error_email' })]))
		.transform((v) => v.toLowerCase() || undefined)
});

export type Report = z.infer<typeof reportSchema>;
export type ReportValues = Record<keyof Report, string>;

/** What the person typed, kept for re-showing the form; cut well above every limit so a huge post stays cheap. */
export function reportValues(form: FormData): ReportValues {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, REPORT_MESSAGE_MAX * 2) : '';
	};
	return { kind: text('kind'), message: text('message'), email: text('email') };
}

export type ReportOutcome =
	| { ok: true }
	| { ok: false; reason: 'not_found' }
	| { ok: false; values: ReportValues; errors: FieldErrors; reason?: ProtectionReason; retryAfterSeconds?: number };

export interface ReportContext {
	ip: string;
	now?: Date;
}

/**
 * The entry must be published; then the input is validated first, so that a
 * person's typing mistakes never count against the rate limit; then the bot
 * protection; then the office mail.
 */
export async function submitReport(slug: string, form: FormData, ctx: ReportContext): Promise<ReportOutcome> {
	// The office reads German: title in German (or the entry's source language if there is no German text).
	const project = await getPublishedProject(slug, 'de');
	if (!project) return { ok: false, reason: 'not_found' };

	const values = reportValues(form);
	const parsed = reportSchema.safeParse(values);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'message') };

	const protection = await checkSubmission(form, { form: REPORT_FORM, ip: ctx.ip, limit: REPORT_LIMIT, now: ctx.now });
	if (!protection.ok) {
		// A filled honeypot gets the same answer as a real sender, so the bot learns nothing; nothing is sent.
		if (protection.reason === 'spam') return { ok: true };
		return protectionRejection(protection, values);
	}

	const report = parsed.data;
	const url = `${config().origin}/de/atlas/${project.slug}`;
	await transaction(async (tx, client) => {
		await queueMail(
			{
				...officeReportMail({ title: project.title, slug: project.slug, url }, report),
				to: legal.office.email,
				locale: 'de',
				template: 'atlas.report',
				// The office answers with its mail program's reply button; the address is a validated e-mail (no line breaks).
				headers: report.email ? { 'Reply-To': report.email } : undefined
			},
			{ tx, client }
		);
	});
	return { ok: true };
}
