import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../tests/helpers/use-smtp';
import { deliver, purgeOldMail, queueMail, sweepStuck } from './service';
import { mailOutbox } from './schema';
import { renderMail } from './render';

const content = (locale: string) =>
	renderMail({ locale, subject: 'Betreff <1>', paragraphs: ['Hallo & willkommen'], action: { label: 'Los', url: 'https://x.example/a?b=1&c=2' }, footer: ['Fuß'] });

describe('mail outbox', () => {
	const t = useTestDatabase({ jobs: true });
	const smtpServer = useTestSmtp();

	it('sends one row exactly once, with text and escaped HTML parts', async () => {
		const id = await queueMail({ ...content('ar'), to: 'person@example.org', locale: 'ar', template: 'test' });
		expect(await deliver(id)).toBe('sent');
		expect(await deliver(id)).toBe('skipped');
		const [mail] = await smtpServer().waitFor(1);
		await new Promise((r) => setTimeout(r, 200));
		expect(smtpServer().mails).toHaveLength(1);
		expect(mail!.parsed.text).toContain('Hallo & willkommen');
		expect(mail!.parsed.html).toContain('Hallo &amp; willkommen');
		expect(mail!.parsed.html).toContain('dir="rtl"');
		expect(mail!.parsed.headers.get('content-language')).toBe('ar');
		expect(mail!.parsed.messageId).toMatch(new RegExp(id));
		const [row] = await t().db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
		expect(row).toMatchObject({ status: 'sent', attempts: 1, transport: 'smtp' });
	});

	it('queues the row and its job in one transaction', async () => {
		const id = await queueMail({ ...content('de'), to: 'p@example.org', locale: 'de', template: 'test' });
		const jobs = await t().pool.query(`select data from pgboss.job where name = 'mail.send'`);
		expect(jobs.rows.map((r: { data: { id: string } }) => r.data.id)).toContain(id);
		// This process runs in the 'web' role (it enqueues, never works): nothing is sent.
		await new Promise((r) => setTimeout(r, 2500));
		expect(smtpServer().mails).toHaveLength(0);
		const [row] = await t().db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
		expect(row?.status).toBe('queued');
	});

	it('puts a temporarily failed mail back in the queue and delivers it on retry', async () => {
		smtpServer().failNext(1);
		const id = await queueMail({ ...content('de'), to: 'p@example.org', locale: 'de', template: 'test' });
		expect(await deliver(id)).toBe('retry');
		const [row] = await t().db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
		expect(row?.status).toBe('queued');
		expect(await deliver(id)).toBe('sent');
		expect(smtpServer().mails).toHaveLength(1);
	});

	it('marks a mail stuck mid-send as uncertain instead of sending it again', async () => {
		const id = await queueMail({ ...content('de'), to: 'p@example.org', locale: 'de', template: 'test' });
		await t().db.update(mailOutbox).set({ status: 'sending', sendingAt: new Date(Date.now() - 3600_000) }).where(eq(mailOutbox.id, id));
		expect(await sweepStuck()).toBe(1);
		expect(await deliver(id)).toBe('skipped');
		expect(smtpServer().mails).toHaveLength(0);
	});

	it('deletes finished mails after the retention period, keeps queued ones', async () => {
		const sent = await queueMail({ ...content('de'), to: 'p@example.org', locale: 'de', template: 'test' });
		const queued = await queueMail({ ...content('de'), to: 'q@example.org', locale: 'de', template: 'test' });
		await deliver(sent);
		const later = new Date(Date.now() + 31 * 24 * 3600_000);
		expect(await purgeOldMail(new Date(Date.now() + 29 * 24 * 3600_000))).toBe(0);
		expect(await purgeOldMail(later)).toBe(1);
		const left = await t().db.select({ id: mailOutbox.id }).from(mailOutbox);
		expect(left.map((r) => r.id)).toEqual([queued]);
	});
});
