import { m } from '../../paraglide/messages';
import { baseLocale } from '../../paraglide/runtime';
import { renderMail, type RenderedMail } from '../mail/render';
import type { Report, ReportKind } from './reports';

const KIND_LABELS: Record<ReportKind, (l: 'de' | 'en' | 'ar') => string> = {
	wrong: (l) => m.atlas_report_kind_wrong({}, { locale: l }),
	gone: (l) => m.atlas_report_kind_gone({}, { locale: l }),
	inappropriate: (l) => m.atlas_report_kind_inappropriate({}, { locale: l }),
	other: (l) => m.atlas_report_kind_other({}, { locale: l })
};

export interface ReportedEntry {
	title: string;
	slug: string;
	/** Absolute address of the public detail page. */
	url: string;
}

/** To the office, in German (the office's language); every text is plain text, escaped for HTML by renderMail. */
export function officeReportMail(entry: ReportedEntry, report: Report): RenderedMail {
	const l = baseLocale;
	const kind = KIND_LABELS[report.kind](l);
	const field = (label: string, value: string | undefined) => `${label}: ${value || m.atlas_report_mail_not_given({}, { locale: l })}`;
	return renderMail({
		locale: l,
		// A title is one line; a subject must not carry line breaks.
		subject: m.atlas_report_mail_subject({ title: entry.title.replace(/\s+/g, ' ').trim() }, { locale: l }),
		paragraphs: [
			m.atlas_report_mail_intro({}, { locale: l }),
			field(m.atlas_report_mail_field_entry({}, { locale: l }), entry.title),
			field(m.atlas_report_mail_field_slug({}, { locale: l }), entry.slug),
			field(m.atlas_report_mail_field_url({}, { locale: l }), entry.url),
			field(m.atlas_report_mail_field_kind({}, { locale: l }), kind),
			field(m.atlas_report_mail_field_email({}, { locale: l }), report.email),
			`${m.atlas_report_mail_field_message({}, { locale: l })}:`,
			// The HTML part joins a paragraph's lines; one paragraph per line keeps the person's layout.
			...report.message.split(/\r?\n/).filter((line) => line.trim() !== '')
		],
		footer: [m.mail_footer_sender({}, { locale: l })]
	});
}
