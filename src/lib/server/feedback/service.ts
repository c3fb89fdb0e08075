/**
 * The accessibility feedback mechanism (NBGG § 9b(2), requirement A-04): anyone,
 * without an account, reports a barrier, asks why content is not accessible or
 * requests it in an accessible format. Nothing is stored: the feedback is mailed
 * to the office, and — only if the person gave an address — a short
 * confirmation goes to them.
 */
import { z } from 'zod';
import { legal } from '../../content/legal';
import { fieldErrorsFrom, type FieldErrors } from '../../forms/errors';
import { transaction } from '../core/db';
import { queueMail } from '../mail/service';
import { hit } from '../protection/rate-limit';
import { checkSubmission, protectionRejection, type ProtectionReason } from '../protection/service';
import { feedbackConfirmationMail, officeFeedbackMail } from './mails';

export const FEEDBACK_KINDS = ['barrier', 'question', 'format'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const FEEDBACK_FORM = 'feedback';
export const FEEDBACK_LIMIT = { name: 'ip', max: 10, windowSeconds: 3600 };
/** Confirmations per recipient: nobody can use the form to flood a third party's mailbox. */
const CONFIRMATION_LIMIT = { name: 'feedback:confirm-address', max: 3, windowSeconds: 24 * 3600 };
export const MESSAGE_MAX = 5000;

const optionalText = (max: number, error: string) =>
	z
		.string()
		.trim()
		.max(max, { error })
		.transform((v) => v || undefined);

export const feedbackSchema = z.object({
	kind: z.enum(FEEDBACK_KINDS, { error: 'forms_feedback_error_kind' }),
	page: optionalText(500, 'forms_feedback_error_page'),
	message: z
		.string()
		.trim()
		.min(1, { error: 'forms_feedback_error_message_required' })
		.max(MESSAGE_MAX, { error: 'forms_feedback_error_message_too_long' }),
	email: z
		.string()
		.trim()
		.max(254, { error: 'forms_feedback_error_email' })
		.pipe(z.union([z.literal(''), z.email({ error: 'forms_feedback_error_email' })]))
		.transform((v) => v.toLowerCase() || undefined),
	name: optionalText(200, 'forms_feedback_error_name')
});

export type Feedback = z.infer<typeof feedbackSchema>;
export type FeedbackValues = Record<keyof Feedback, string>;

/** What the person typed, kept for re-showing the form; cut well above every limit so a huge post stays cheap. */
export function feedbackValues(form: FormData): FeedbackValues {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, MESSAGE_MAX * 2) : '';
	};
	return { kind: text('kind'), page: text('page'), message: text('message'), email: text('email'), name: text('name') };
}

export type FeedbackOutcome =
	| { ok: true }
	| { ok: false; values: FeedbackValues; errors: FieldErrors; reason?: ProtectionReason; retryAfterSeconds?: number };

export interface FeedbackContext {
	locale: string;
	ip: string;
	now?: Date;
}

/**
 * Validates first, so that a person's typing mistakes never count against the
 * rate limit; then the bot protection; then the mails, in one transaction.
 */
export async function submitFeedback(form: FormData, ctx: FeedbackContext): Promise<FeedbackOutcome> {
	const values = feedbackValues(form);
	const parsed = feedbackSchema.safeParse(values);
	if (!parsed.success) return { ok: false, values, errors: fieldErrorsFrom(parsed.error.issues, 'message') };

	const protection = await checkSubmission(form, { form: FEEDBACK_FORM, ip: ctx.ip, limit: FEEDBACK_LIMIT, now: ctx.now });
	if (!protection.ok) {
		// A filled honeypot gets the same answer as a real sender, so the bot learns nothing; nothing is sent.
		if (protection.reason === 'spam') return { ok: true };
		return protectionRejection(protection, values);
	}

	const feedback = parsed.data;
	const confirm = feedback.email ? (await hit(CONFIRMATION_LIMIT, feedback.email, ctx.now)).ok : false;
	await transaction(async (tx, client) => {
		await queueMail(
			{
				...officeFeedbackMail(feedback, ctx.locale),
				to: legal.accessibility.feedbackEmail,
				locale: 'de',
				template: 'feedback.office',
				// The office answers with its mail program's reply button; the address is a validated e-mail (no line breaks).
				headers: feedback.email ? { 'Reply-To': feedback.email } : undefined
			},
			{ tx, client }
		);
		if (confirm && feedback.email) {
			await queueMail(
				{ ...feedbackConfirmationMail(ctx.locale), to: feedback.email, locale: ctx.locale, template: 'feedback.confirmation' },
				{ tx, client }
			);
		}
	});
	return { ok: true };
}
