/**
 * Mails of atlas moderation, in the recipient's locale. Reasons and notes
 * are the staff's own words (plain text; renderMail escapes them for HTML).
 */
import { legal } from '../../../content/legal';
import { m } from '../../../paraglide/messages';
import { baseLocale, isLocale, type Locale } from '../../../paraglide/runtime';
import { renderMail, type RenderedMail } from '../../mail/render';

export type ModerationMailKind = 'approved' | 'rejected' | 'changes' | 'ownership_approved' | 'ownership_declined';

export interface ModerationMailInput {
	locale: string;
	/** The entry's title, in the recipient's language where there is one. */
	title: string;
	/** Public page (approved) or edit page (changes, ownership approved). */
	url?: string;
	/** Reason for a rejection or the changes asked for. */
	note?: string;
}

/** A subject is one line; titles may hold line breaks or runs of spaces. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The note's own line breaks survive as separate paragraphs (the HTML part would join lines). */
const noteParagraphs = (note: string | undefined) => (note ?? '').split(/\r?\n/).filter((line) => line.trim() !== '');

export function moderationMail(kind: ModerationMailKind, input: ModerationMailInput): RenderedMail {
	const l: Locale = isLocale(input.locale) ? input.locale : baseLocale;
	const o = { locale: l };
	const title = oneLine(input.title);
	const footer = [m.mail_footer_sender({}, o)];
	const questions = m.moderation_mail_questions({ email: legal.office.email }, o);
	switch (kind) {
		case 'approved':
			return renderMail({
				locale: l,
				subject: m.moderation_mail_approved_subject({ title }, o),
				paragraphs: [m.moderation_mail_approved_body({ title }, o)],
				action: input.url ? { label: m.moderation_mail_approved_action({}, o), url: input.url } : undefined,
				afterAction: [m.moderation_mail_approved_after({}, o)],
				footer
			});
		case 'rejected':
			return renderMail({
				locale: l,
				subject: m.moderation_mail_rejected_subject({ title }, o),
				paragraphs: [m.moderation_mail_rejected_body({ title }, o), m.moderation_mail_reason_label({}, o), ...noteParagraphs(input.note), questions],
				footer
			});
		case 'changes':
			return renderMail({
				locale: l,
				subject: m.moderation_mail_changes_subject({ title }, o),
				paragraphs: [m.moderation_mail_changes_body({ title }, o), m.moderation_mail_changes_label({}, o), ...noteParagraphs(input.note)],
				action: input.url ? { label: m.moderation_mail_changes_action({}, o), url: input.url } : undefined,
				afterAction: [m.moderation_mail_changes_after({}, o), questions],
				footer
			});
		case 'ownership_approved':
			return renderMail({
				locale: l,
				subject: m.moderation_mail_ownership_approved_subject({ title }, o),
				paragraphs: [m.moderation_mail_ownership_approved_body({ title }, o)],
				action: input.url ? { label: m.moderation_mail_ownership_approved_action({}, o), url: input.url } : undefined,
				afterAction: [m.moderation_mail_ownership_approved_after({}, o)],
				footer
			});
		case 'ownership_declined':
			return renderMail({
				locale: l,
				subject: m.moderation_mail_ownership_declined_subject({ title }, o),
				paragraphs: [m.moderation_mail_ownership_declined_body({ title }, o), questions],
				footer
			});
	}
}
