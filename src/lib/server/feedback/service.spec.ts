import { describe, expect, it } from 'vitest';
import { legal } from '../../content/legal';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { mailOutbox } from '../mail/schema';
import { PROTECTION_FIELDS, protectionFields } from '../protection/service';
import { FEEDBACK_FORM, MESSAGE_MAX, submitFeedback } from './service';

const T0 = new Date();
const NOW = new Date(T0.getTime() + 10_000);

function feedbackForm(fields: Record<string, string>, renderedAt = T0): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(FEEDBACK_FORM, renderedAt).started);
	f.set(PROTECTION_FIELDS.honeypot, '');
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

const ctx = { locale: 'ar', ip: '203.0.113.9', now: NOW };

describe('accessibility feedback', () => {
	const t = useTestDatabase({ jobs: true });

	it('mails the feedback to the office and a confirmation in the sender’s language', async () => {
		const form = feedbackForm({
			kind: 'format',
			page: '/de/atlas',
			message: 'Die PDF-Datei <b>Förderrichtlinie</b> ist nicht barrierefrei.\nBitte als HTML.',
			email: ' Person@Example.org ',
			name: 'Samira'
		});
		expect(await submitFeedback(form, ctx)).toEqual({ ok: true });
		const mails = await t().db.select().from(mailOutbox);
		expect(mails).toHaveLength(2);
		const office = mails.find((m) => m.template === 'feedback.office')!;
		expect(office.toAddress).toBe(legal.accessibility.feedbackEmail);
		expect(office.locale).toBe('de');
		expect(office.textBody).toContain('Die PDF-Datei <b>Förderrichtlinie</b> ist nicht barrierefrei.');
		expect(office.textBody).toContain('/de/atlas');
		expect(office.textBody).toContain('person@example.org');
		expect(office.textBody).toContain('العربية');
		// The person's text is escaped in the HTML part.
		expect(office.htmlBody).toContain('&lt;b&gt;Förderrichtlinie&lt;/b&gt;');
		expect(office.htmlBody).not.toContain('<b>');
		expect(office.headers).toMatchObject({ 'Reply-To': 'person@example.org' });
		const confirmation = mails.find((m) => m.template === 'feedback.confirmation')!;
		expect(confirmation.toAddress).toBe('person@example.org');
		expect(confirmation.locale).toBe('ar');
		expect(confirmation.subject).toBe('وصلتنا رسالتك');
		expect(confirmation.htmlBody).toContain('dir="rtl"');
		// The confirmation repeats nothing the sender typed.
		expect(confirmation.textBody).not.toContain('Förderrichtlinie');
	});

	it('sends only the office mail when no address is given', async () => {
		const res = await submitFeedback(feedbackForm({ kind: 'barrier', message: 'Der Kontrast im Menü ist zu schwach.' }), { ...ctx, locale: 'de' });
		expect(res.ok).toBe(true);
		const mails = await t().db.select().from(mailOutbox);
		expect(mails.map((m) => m.template)).toEqual(['feedback.office']);
		expect(mails[0]?.textBody).toContain('(nicht angegeben)');
	});

	it('returns field errors and the entered values for invalid input, and sends nothing', async () => {
		const res = await submitFeedback(feedbackForm({ kind: 'other', message: '   ', email: 'not-an-address', page: 'x'.repeat(501) }), ctx);
		expect(res.ok).toBe(false);
		if (res.ok) return;
		expect(res.errors).toEqual({
			kind: 'forms_feedback_error_kind',
			page: 'forms_feedback_error_page',
			message: 'forms_feedback_error_message_required',
			email: 'forms_feedback_error_email'
		});
		expect(res.values.email).toBe('not-an-address');
		const long = await submitFeedback(feedbackForm({ kind: 'question', message: 'a'.repeat(MESSAGE_MAX + 1) }), ctx);
		expect(long).toMatchObject({ ok: false, errors: { message: 'forms_feedback_error_message_too_long' } });
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);
	});

	it('answers a bot that fills the honeypot like a person, but sends nothing', async () => {
		const form = feedbackForm({ kind: 'barrier', message: 'Buy now', [PROTECTION_FIELDS.honeypot]: 'https://spam.example' });
		expect(await submitFeedback(form, ctx)).toEqual({ ok: true });
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);
	});

	it('reports protection failures as an error on the protection field', async () => {
		const res = await submitFeedback(feedbackForm({ kind: 'barrier', message: 'Zu schnell' }, new Date(NOW.getTime() - 500)), ctx);
		expect(res).toMatchObject({ ok: false, reason: 'too_fast', errors: { protection: 'forms_protection_too_fast' } });
	});

	it('sends at most three confirmations a day to one address', async () => {
		for (let i = 0; i < 4; i++) {
			const res = await submitFeedback(feedbackForm({ kind: 'barrier', message: `Nachricht ${i}`, email: 'victim@example.org' }), {
				...ctx,
				ip: `198.51.100.${i}`
			});
			expect(res.ok).toBe(true);
		}
		const mails = await t().db.select().from(mailOutbox);
		expect(mails.filter((m) => m.template === 'feedback.office')).toHaveLength(4);
		expect(mails.filter((m) => m.template === 'feedback.confirmation')).toHaveLength(3);
	});
});
