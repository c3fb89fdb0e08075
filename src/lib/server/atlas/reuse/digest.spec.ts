import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../../tests/helpers/use-smtp';
import { m } from '../../../paraglide/messages';
import { config } from '../../core/config';
import { deliver } from '../../mail/service';
import { mailOutbox } from '../../mail/schema';
import { PROTECTION_FIELDS, protectionFields } from '../../protection/service';
import { seedAtlasExamples } from '../demo';
import { atlasAlerts } from '../schema';
import { ALERT_FORM, alertIdFromSigned, confirmAlert, subscribe, unsubscribe } from './alerts';
import { SETTLE_MS, runDigest } from './digest';

const DAY = 24 * 3600_000;
// After every example entry was published (they are dated in the past relative to now).
const T0 = new Date(Date.now() + DAY);

function form(email: string): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(ALERT_FORM, new Date(T0.getTime() - 10_000)).started);
	f.set('email', email);
	f.set('consent', 'yes');
	return f;
}

describe('atlas alerts: weekly digest', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();
	let ip = 0;

	/** An alert subscribed and confirmed at T0; returns its signed unsubscribe value. */
	async function activeAlert(query: string, email: string, locale: string): Promise<string> {
		expect(await subscribe(new URLSearchParams(query), form(email), { ip: `198.51.100.${++ip}`, locale, now: T0 })).toEqual({ ok: true });
		const [row] = await t().db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email));
		const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(row!.textBody)![1]!);
		const done = await confirmAlert(token, T0);
		if (!('unsubscribePath' in done)) throw new Error('not confirmed');
		await t().db.delete(mailOutbox);
		return new URL(`${config().origin}${done.unsubscribePath}`).searchParams.get('a')!;
	}

	/** "Publishes" an example entry at `at` (the examples were published long before T0). */
	async function publish(slug: string, at: Date) {
		await t().pool.query(`update projects set published_at = $2 where slug = $1`, [slug, at]);
	}

	async function deliverAll() {
		const rows = await t().db.select().from(mailOutbox).where(eq(mailOutbox.status, 'queued'));
		for (const r of rows) expect(await deliver(r.id)).toBe('sent');
		return rows;
	}

	it('mails the new matching entries once, in the subscriber’s language, with one-click unsubscribe headers', async () => {
		t();
		await seedAtlasExamples();
		const a = await activeAlert('field=arbeit', 'reader@example.org', 'en');
		const week1 = new Date(T0.getTime() + 7 * DAY);

		// Nothing published since the confirmation: no mail at all.
		expect(await runDigest(week1)).toEqual({ alerts: 1, mails: 0 });
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);

		await publish('gewerkepass-osnabrueck', new Date(week1.getTime() + 2 * DAY));
		await publish('deutschvermittler-hemmingen', new Date(week1.getTime() + 2 * DAY)); // does not match field=arbeit
		const week2 = new Date(week1.getTime() + 7 * DAY);
		expect(await runDigest(week2)).toEqual({ alerts: 1, mails: 1 });
		await deliverAll();
		const [mail] = await smtp().waitFor(1);
		expect(mail!.to).toEqual(['reader@example.org']);
		expect(mail!.parsed.headers.get('content-language')).toBe('en');
		expect(mail!.parsed.subject).toBe(m.reuse_mail_digest_subject({ count: 1 }, { locale: 'en' }));
		const text = mail!.parsed.text ?? '';
		expect(text).toContain(`${config().origin}/en/atlas/gewerkepass-osnabrueck`);
		expect(text).not.toContain('deutschvermittler-hemmingen');
		expect(text).not.toContain('stark-im-beruf-salzgitter'); // matches, but was published before the confirmation
		expect(mail!.parsed.html).toContain(`href="${config().origin}/en/atlas/gewerkepass-osnabrueck"`);
		const header = (key: string) => mail!.parsed.headerLines.find((h) => h.key === key)?.line.replace(/\r\n[ \t]+/g, ' ');
		const oneClick = /^List-Unsubscribe: <([^>]+)>$/.exec(header('list-unsubscribe') ?? '')?.[1];
		expect(oneClick).toBe(`${config().origin}/api/v1/alerts/unsubscribe?a=${encodeURIComponent(a)}`);
		expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
		expect(text).toContain(`${config().origin}/en/atlas/benachrichtigung/abbestellen?a=${encodeURIComponent(a)}`);

		// The same run again (a retry), or a later one without news: nothing more.
		expect(await runDigest(week2)).toEqual({ alerts: 0, mails: 0 });
		expect(await runDigest(new Date(week2.getTime() + 7 * DAY))).toEqual({ alerts: 1, mails: 0 });
		expect(await t().db.select().from(mailOutbox)).toHaveLength(1);
	});

	it('never mails the same entries twice when runs overlap, and leaves entries of the last minutes to the next digest', async () => {
		t();
		await seedAtlasExamples();
		await activeAlert('district=03159', 'twice@example.org', 'de');
		const run = new Date(T0.getTime() + 7 * DAY);
		await publish('ich-kann-helfen-goettingen', new Date(run.getTime() - DAY));
		// Published a moment before the run: its transaction may not have been visible yet; it waits a week.
		await publish('ichor-harzer-land', new Date(run.getTime() - SETTLE_MS / 2));

		const results = await Promise.all([runDigest(run), runDigest(run), runDigest(run)]);
		expect(results.reduce((n, r) => n + r.mails, 0)).toBe(1);
		const first = await t().db.select().from(mailOutbox);
		expect(first).toHaveLength(1);
		expect(first[0]!.textBody).toContain('/de/atlas/ich-kann-helfen-goettingen');
		expect(first[0]!.textBody).not.toContain('ichor-harzer-land');
		expect(first[0]!.locale).toBe('de');

		expect((await runDigest(new Date(run.getTime() + 7 * DAY))).mails).toBe(1);
		const second = (await t().db.select().from(mailOutbox)).filter((r) => r.id !== first[0]!.id);
		expect(second).toHaveLength(1);
		expect(second[0]!.textBody).toContain('/de/atlas/ichor-harzer-land');
		expect(second[0]!.textBody).not.toContain('ich-kann-helfen-goettingen');
	});

	it('sends nothing to pending or unsubscribed alerts', async () => {
		t();
		await seedAtlasExamples();
		const a = await activeAlert('', 'gone@example.org', 'ar');
		expect(await subscribe(new URLSearchParams(''), form('pending@example.org'), { ip: '198.51.100.250', locale: 'de', now: T0 })).toEqual({ ok: true });
		await t().db.delete(mailOutbox);
		expect(alertIdFromSigned(a)).toBeTruthy();
		await unsubscribe(a, 'link', new Date(T0.getTime() + DAY));
		await publish('nachbarschaft-asendorf', new Date(T0.getTime() + 2 * DAY));
		expect(await runDigest(new Date(T0.getTime() + 7 * DAY))).toEqual({ alerts: 0, mails: 0 });
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);
		const statuses = (await t().db.select().from(atlasAlerts)).map((r) => r.status).sort();
		expect(statuses).toEqual(['pending', 'unsubscribed']);
	});
});
