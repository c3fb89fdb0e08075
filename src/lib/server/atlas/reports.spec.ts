import { describe, expect, it } from 'vitest';
import { legal } from '../../content/legal';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { config } from '../core/config';
import { mailOutbox } from '../mail/schema';
import { PROTECTION_FIELDS, protectionFields } from '../protection/service';
import { seedAtlasExamples } from './demo';
import { REPORT_FORM, REPORT_MESSAGE_MAX, submitReport } from './reports';

const T0 = new Date();
const NOW = new Date(T0.getTime() + 10_000);
const SLUG = 'deutschvermittler-hemmingen';

function reportForm(fields: Record<string, string>, renderedAt = T0): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(REPORT_FORM, renderedAt).started);
	f.set(PROTECTION_FIELDS.honeypot, '');
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

const ctx = { ip: '203.0.113.7', now: NOW };

describe('atlas: report a problem', () => {
	const t = useTestDatabase({ jobs: true });

	it('queues exactly one office mail with the entry, its address and the message', async () => {
		t();
		await seedAtlasExamples();
		const form = reportForm({
			kind: 'gone',
			message: 'Das Angebot <b>endete</b> im März.\nDie Räume sind geschlossen.',
			email: ' Leser@Example.org '
		});
		expect(await submitReport(SLUG, form, ctx)).toEqual({ ok: true });
		const mails = await t().db.select().from(mailOutbox);
		expect(mails).toHaveLength(1);
		const mail = mails[0]!;
		expect(mail.template).toBe('atlas.report');
		expect(mail.toAddress).toBe(legal.office.email);
		expect(mail.locale).toBe('de');
		expect(mail.textBody).toContain(`${config().origin}/de/atlas/${SLUG}`);
		expect(mail.textBody).toContain(SLUG);
		expect(mail.textBody).toContain('Das Angebot <b>endete</b> im März.');
		expect(mail.textBody).toContain('Die Räume sind geschlossen.');
		expect(mail.textBody).toContain('Das Angebot gibt es nicht mehr');
		expect(mail.htmlBody).toContain('&lt;b&gt;endete&lt;/b&gt;');
		expect(mail.htmlBody).not.toContain('<b>');
		expect(mail.headers).toMatchObject({ 'Reply-To': 'leser@example.org' });
	});

	it('sets no Reply-To without an address', async () => {
		t();
		await seedAtlasExamples();
		expect(await submitReport(SLUG, reportForm({ kind: 'wrong', message: 'Die Telefonnummer stimmt nicht.' }), ctx)).toEqual({ ok: true });
		const [mail] = await t().db.select().from(mailOutbox);
		expect(mail?.headers).not.toHaveProperty('Reply-To');
		expect(mail?.textBody).toContain('(nicht angegeben)');
	});

	it('returns field errors and the entered values for invalid input, and queues nothing', async () => {
		t();
		await seedAtlasExamples();
		const res = await submitReport(SLUG, reportForm({ kind: 'spam', message: '   ', email: 'keine-adresse' }), ctx);
		expect(res).toMatchObject({
			ok: false,
			errors: { kind: 'atlas_report_error_kind', message: 'atlas_report_error_message_required', email: 'atlas_report_error_email' },
			values: { kind: 'spam', email: 'keine-adresse' }
		});
		const long = await submitReport(SLUG, reportForm({ kind: 'other', message: 'a'.repeat(REPORT_MESSAGE_MAX + 1) }), ctx);
		expect(long).toMatchObject({ ok: false, errors: { message: 'atlas_report_error_message_too_long' } });
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);
	});

	it('answers a filled honeypot like success, but sends nothing', async () => {
		t();
		await seedAtlasExamples();
		const form = reportForm({ kind: 'other', message: 'Buy now', [PROTECTION_FIELDS.honeypot]: 'https://spam.example' });
		expect(await submitReport(SLUG, form, ctx)).toEqual({ ok: true });
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);
	});

	it('reports protection failures as an error on the protection field', async () => {
		t();
		await seedAtlasExamples();
		const res = await submitReport(SLUG, reportForm({ kind: 'wrong', message: 'Zu schnell' }, new Date(NOW.getTime() - 500)), ctx);
		expect(res).toMatchObject({ ok: false, reason: 'too_fast', errors: { protection: 'forms_protection_too_fast' } });
	});

	it('finds no unknown or unpublished entry', async () => {
		const { pool } = t();
		await seedAtlasExamples();
		await pool.query(`update projects set status = 'archived' where slug = 'nachbarschaft-asendorf'`);
		const valid = { kind: 'wrong', message: 'Stimmt nicht.' };
		expect(await submitReport('nachbarschaft-asendorf', reportForm(valid), ctx)).toEqual({ ok: false, reason: 'not_found' });
		expect(await submitReport('gibt-es-nicht', reportForm(valid), ctx)).toEqual({ ok: false, reason: 'not_found' });
		expect(await submitReport('../etc', reportForm(valid), ctx)).toEqual({ ok: false, reason: 'not_found' });
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);
	});
});
