/**
 * The sign-in journey end to end through the services, with mail going over
 * real SMTP (loopback receiver) and the job worker delivering it.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../tests/helpers/use-smtp';
import '../jobs';
import { deliver, queueMail } from '../mail/service';
import { sendMailJob } from '../mail/jobs';
import { mailOutbox } from '../mail/schema';
import { signInMail } from './mails';
import { completeSignIn, emailSchema, requestSignIn, resolveSession, signInTokenUsable, signOutEverywhere } from './service';

const smtpServer = useTestSmtp();

describe('sign-in journey over SMTP', () => {
	useTestDatabase({ jobs: 'work' });

	it('mails an Arabic text+HTML link that signs in once and opens a session', async () => {
		// As the route does: the form value goes through emailSchema first.
		const res = await requestSignIn({ email: emailSchema.parse(' Layla@Example.org '), locale: 'ar', redirectTo: '/ar/konto', ip: '198.51.100.7' });
		expect(res).toEqual({ ok: true });
		const [mail] = await smtpServer().waitFor(1);
		expect(mail!.to).toEqual(['layla@example.org']);
		const parsed = mail!.parsed;
		expect(parsed.subject).toBe(signInMail('ar', 'x', 15).subject);
		expect(parsed.subject).toMatch(/[\u0600-\u06FF]/);
		expect(parsed.text).toMatch(/[\u0600-\u06FF]/);
		expect(parsed.html).toContain('lang="ar" dir="rtl"');
		const link = parsed.text!.match(/https?:\/\/\S+/)![0];
		expect(link).toMatch(/^http:\/\/localhost:5999\/ar\/anmelden\/link\?token=/);
		expect(parsed.html).toContain(`href="${link}"`);

		const token = new URL(link).searchParams.get('token')!;
		// Looking at the link (what a mail scanner does) does not use it up.
		expect(await signInTokenUsable(token)).toBe(true);
		expect(await signInTokenUsable(token)).toBe(true);
		const grant = await completeSignIn(token);
		expect(grant?.redirectTo).toBe('/ar/konto');
		expect(await completeSignIn(token)).toBeUndefined();
		const session = await resolveSession(grant!.sessionToken);
		expect(session?.user.email).toBe('layla@example.org');
		expect(session?.actor.kind).toBe('user');
	});

	it('signing out everywhere ends every session of that user only', async () => {
		const grants: (Awaited<ReturnType<typeof completeSignIn>>)[] = [];
		for (const email of ['a@example.org', 'a@example.org', 'b@example.org']) {
			await requestSignIn({ email, locale: 'de', ip: '198.51.100.8' });
			const mails = await smtpServer().waitFor(grants.length + 1);
			const link: string = mails[grants.length]!.parsed.text!.match(/https?:\/\/\S+/)![0];
			grants.push(await completeSignIn(new URL(link).searchParams.get('token')!));
		}
		const a = await resolveSession(grants[0]!.sessionToken);
		await signOutEverywhere(a!.actor);
		expect(await resolveSession(grants[0]!.sessionToken)).toBeUndefined();
		expect(await resolveSession(grants[1]!.sessionToken)).toBeUndefined();
		expect(await resolveSession(grants[2]!.sessionToken)).toBeDefined();
	});
});

describe('mail delivery retries', () => {
	// Jobs are queued but nobody works on them, so the test drives delivery itself.
	const t = useTestDatabase({ jobs: true });

	const queueOne = () => queueMail({ ...signInMail('de', 'http://localhost:5999/de/anmelden/link?token=t', 15), to: 'r@example.org', locale: 'de', template: 'auth.sign-in' });
	const rowOf = async (id: string) => (await t().db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;

	it('retries a temporary SMTP failure and delivers exactly once', async () => {
		const id = await queueOne();
		smtpServer().failNext(1);
		// The job handler turns a temporary failure into a thrown error, which makes pg-boss retry with backoff.
		await expect(sendMailJob.handle({ id }, { id: 'job-1', retryCount: 0 })).rejects.toThrow(/retried/);
		expect(await rowOf(id)).toMatchObject({ status: 'queued', attempts: 1 });
		expect(smtpServer().mails).toHaveLength(0);

		await sendMailJob.handle({ id }, { id: 'job-1', retryCount: 1 });
		expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 2, transport: 'smtp' });
		// A duplicate job run (e.g. after a worker crash) must not send again.
		expect(await deliver(id)).toBe('skipped');
		await new Promise((r) => setTimeout(r, 200));
		expect(smtpServer().mails).toHaveLength(1);
		expect(smtpServer().mails[0]!.parsed.messageId).toBe((await rowOf(id)).messageId);
	});

	it('gives up after the last retry and marks the mail failed', async () => {
		const id = await queueOne();
		smtpServer().failNext(1);
		expect(await deliver(id, true)).toBe('failed');
		expect(await rowOf(id)).toMatchObject({ status: 'failed' });
		expect(await deliver(id)).toBe('skipped');
		expect(smtpServer().mails).toHaveLength(0);
	});
});
