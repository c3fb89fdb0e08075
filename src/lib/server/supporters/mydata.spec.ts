import { describe, expect, it } from 'vitest';
import { and, eq, gt } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../tests/helpers/use-smtp';
import { atlasAlerts } from '../atlas/schema';
import { consentVersion as alertConsentVersion } from '../atlas/reuse/alerts';
import { insertAlert } from '../atlas/reuse/repository';
import { consents, emailTokens, mailSuppressions } from '../consent/schema';
import { emailHash } from '../consent/service';
import { config } from '../core/config';
import { seedEventsDemo } from '../events/demo';
import { eventRegistrations, events } from '../events/schema';
import { deliver } from '../mail/service';
import { mailOutbox } from '../mail/schema';
import { newsletterSubscribers } from '../newsletter/schema';
import { PROTECTION_FIELDS, protectionFields } from '../protection/service';
import { MYDATA_FORM, MYDATA_MINUTES, collectMyData, deleteAllForEmail, myDataSession, requestMyDataLink, withdrawForEmail } from './mydata';
import { supporters } from './schema';
import { confirmSignature, signAppeal } from './signup';
import { signForm } from './test-helpers';

const ADDRESS = 'mira@example.org';

async function deliverAll(t: ReturnType<ReturnType<typeof useTestDatabase>>) {
	const rows = await t.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'queued'));
	for (const r of rows) expect(await deliver(r.id)).toBe('sent');
	return rows;
}

function linkFrom(text: string, path: string): string {
	const m = new RegExp(`${config().origin}/[a-z]{2}${path}\\?[ts]=([A-Za-z0-9_%.-]+)`).exec(text);
	if (!m) throw new Error(`no ${path} link in:\n${text}`);
	return decodeURIComponent(m[1]!);
}

describe('self-service "my data"', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();

	/** A person who signed (public + newsletter), registered for an event and saved an atlas alert. */
	async function everything() {
		await signAppeal(signForm({ kind: 'person', p_name: 'Mira', p_place: 'Celle', email: ADDRESS, consent_sign: 'yes', consent_public: 'yes', consent_newsletter: 'yes' }), {
			ip: '198.51.100.4',
			locale: 'de',
			source: '/de/unterstuetzen'
		});
		await deliverAll(t());
		const [mail] = await smtp().waitFor(1);
		expect((await confirmSignature(linkFrom(mail!.parsed.text ?? '', '/unterstuetzen/bestaetigen'))).status).toBe('confirmed');
		await seedEventsDemo(() => {});
		const [event] = await t().db.select().from(events).where(and(gt(events.startsAt, new Date()), eq(events.status, 'published'))).limit(1);
		await t().db.insert(eventRegistrations).values({ eventId: event!.id, status: 'pending', name: 'Mira', email: ADDRESS, consentText: 'Einverstanden.' });
		await insertAlert(t().db, { email: ADDRESS, locale: 'de', query: 'field=sprache', status: 'active', consentVersion: alertConsentVersion(), confirmedAt: new Date() });
		return event!;
	}

	it('mails a link valid for an hour that can be used repeatedly; the answer never tells whether anything is stored', async () => {
		t();
		const form = (email: string) => {
			const f = new FormData();
			f.set(PROTECTION_FIELDS.started, protectionFields(MYDATA_FORM, new Date(Date.now() - 10_000)).started);
			f.set(PROTECTION_FIELDS.honeypot, '');
			f.set('email', email);
			return f;
		};
		expect(await requestMyDataLink(form('not-an-address'), { ip: '198.51.100.9', locale: 'en' })).toMatchObject({ ok: false, errors: { email: 'sup_error_email' } });
		expect(await requestMyDataLink(form('Nobody@Example.org'), { ip: '198.51.100.9', locale: 'en' })).toEqual({ ok: true });
		await deliverAll(t());
		const [mail] = await smtp().waitFor(1);
		expect(mail!.parsed.subject).toBe('Your link to “My data”');
		const token = linkFrom(mail!.parsed.text ?? '', '/meine-daten/ansicht');
		const [row] = await t().db.select().from(emailTokens);
		expect(row).toMatchObject({ purpose: 'mydata', email: 'nobody@example.org', targetId: null });
		const now = new Date();
		expect(await myDataSession(token, now)).toMatchObject({ email: 'nobody@example.org' });
		expect(await myDataSession(token, now)).toMatchObject({ email: 'nobody@example.org' });
		expect(await myDataSession(token, new Date(row!.expiresAt.getTime() + 1))).toEqual({ error: 'expired' });
		expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(MYDATA_MINUTES * 60_000);
		expect(await myDataSession('forged', now)).toEqual({ error: 'unknown' });
	});

	it('the export contains every store: supporter, newsletter, consents, event registrations, alerts', async () => {
		t();
		const event = await everything();
		const data = await collectMyData('MIRA@example.org');
		expect(data.supporters).toHaveLength(1);
		expect(data.supporters[0]).toMatchObject({ name: 'Mira', email: ADDRESS, publicDisplay: true, status: 'confirmed' });
		expect(data.newsletter).toMatchObject({ status: 'active', topics: [], regions: [] });
		expect(data.consents.map((c) => [c.purpose, c.status]).sort()).toEqual([
			['appeal.public', 'confirmed'],
			['appeal.sign', 'confirmed'],
			['newsletter', 'confirmed']
		]);
		expect(data.eventRegistrations).toMatchObject([{ event: { slug: event.slug }, status: 'pending', name: 'Mira' }]);
		expect(data.atlasAlerts).toMatchObject([{ status: 'active', search: 'field=sprache' }]);
		// It is plain JSON.
		expect(JSON.parse(JSON.stringify(data))).toEqual(data);
	});

	it('withdraws one purpose at a time', async () => {
		t();
		await everything();
		expect(await withdrawForEmail(ADDRESS, 'appeal.public')).toBe(1);
		expect((await t().db.select().from(supporters))[0]!.publicDisplay).toBe(false);
		expect(await withdrawForEmail(ADDRESS, 'newsletter')).toBe(1);
		expect(await t().db.select().from(newsletterSubscribers)).toHaveLength(0);
		expect((await t().db.select().from(supporters))[0]!.status).toBe('confirmed');
		const live = (await t().db.select().from(consents)).filter((c) => c.status === 'confirmed').map((c) => c.purpose);
		expect(live).toEqual(['appeal.sign']);
	});

	it('"delete all my data" leaves only hashed proofs and suppression entries', async () => {
		t();
		await everything();
		const counts = await deleteAllForEmail(ADDRESS);
		expect(counts).toEqual({ supporters: 1, newsletter: 1, registrationsCancelled: 1, registrationsDeleted: 1, alerts: 1 });
		expect(await t().db.select().from(supporters)).toHaveLength(0);
		expect(await t().db.select().from(newsletterSubscribers)).toHaveLength(0);
		expect(await t().db.select().from(eventRegistrations).where(eq(eventRegistrations.email, ADDRESS))).toHaveLength(0);
		const [alert] = await t().db.select().from(atlasAlerts);
		expect(alert!.status).toBe('unsubscribed');
		expect(alert!.email).not.toContain('@');
		const proofs = await t().db.select().from(consents);
		expect(proofs).toHaveLength(3);
		expect(proofs.every((c) => c.email === null && c.emailHash === emailHash(ADDRESS) && c.status === 'withdrawn')).toBe(true);
		const suppressed = (await t().db.select().from(mailSuppressions)).map((s) => s.scope).sort();
		expect(suppressed).toEqual(['appeal', 'appeal-public', 'newsletter']);
		// What the page shows afterwards: nothing but the proofs, each with its retention date.
		const after = await collectMyData(ADDRESS);
		expect(after).toMatchObject({ supporters: [], newsletter: null, eventRegistrations: [], atlasAlerts: [] });
		expect(after.consents.every((c) => !c.addressStored && c.proofKeptUntil === `${new Date().getUTCFullYear() + 4}-01-01T00:00:00.000Z`)).toBe(true);
		// No address left in the mail-less stores of this module.
		const json = JSON.stringify(await t().db.select().from(consents));
		expect(json).not.toContain(ADDRESS);
	});
});
