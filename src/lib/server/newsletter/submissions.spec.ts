import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../tests/helpers/use-smtp';
import { legal } from '../../content/legal';
import { AccessDenied, ANONYMOUS, SYSTEM, type Actor } from '../access/policy';
import type { Region, Role } from '../accounts/schema';
import { ensureUser } from '../accounts/service';
import { auditLog } from '../audit/schema';
import { deliver } from '../mail/service';
import { mailOutbox } from '../mail/schema';
import { PROTECTION_FIELDS, protectionFields } from '../protection/service';
import { purgeNewsletterData } from './purge';
import { newsletterIssues, newsletterSubmissions } from './schema';
import {
	SUBMISSION_FORM,
	approvedSubmissions,
	decideSubmission,
	getSubmission,
	listSubmissions,
	markUsed,
	submitForNewsletter
} from './submissions';

const T0 = new Date();
const NOW = new Date(T0.getTime() + 10_000);
const DAY = 24 * 3600_000;

async function user(email: string, role: Role | null, region: Region | null = null): Promise<Actor> {
	const u = await ensureUser(SYSTEM, { email, role, region });
	return { kind: 'user', id: u.id, role, region, label: email };
}

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	f.set(PROTECTION_FIELDS.started, protectionFields(SUBMISSION_FORM, T0).started);
	f.set(PROTECTION_FIELDS.honeypot, '');
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

const VALID = {
	kind: 'event',
	title: '  Sprachcafé   in Lüneburg ',
	body: 'Jeden **Dienstag** um 17 Uhr.<script>alert(1)</script>\n\n- Tee\n- Kuchen',
	link: 'https://example.org/sprachcafe',
	region: 'lueneburg',
	name: 'Amal Haddad',
	email: 'Amal@Example.org',
	organisation: 'Café International e. V.'
};

let ip = 0;
const ctx = (locale = 'de') => ({ ip: `203.0.113.${++ip % 250}`, locale, now: NOW });

async function submitted(t: ReturnType<ReturnType<typeof useTestDatabase>>, fields: Partial<typeof VALID> = {}, locale = 'de') {
	expect(await submitForNewsletter(form({ ...VALID, ...fields }), ctx(locale))).toEqual({ ok: true });
	const rows = await t.db.select().from(newsletterSubmissions).orderBy(newsletterSubmissions.createdAt);
	return rows.at(-1)!;
}

describe('newsletter submissions: the public form', () => {
	const t = useTestDatabase({ jobs: true });
	const smtp = useTestSmtp();

	it('validates every field and keeps what was typed', async () => {
		const res = await submitForNewsletter(
			form({ kind: 'gossip', title: ' ', body: '<b></b>', link: 'javascript:alert(1)', region: 'atlantis', name: '', email: 'x@', organisation: 'o'.repeat(300) }),
			ctx()
		);
		expect(res.ok).toBe(false);
		if (res.ok) return;
		expect(res.errors).toEqual({
			kind: 'nl_error_kind',
			title: 'nl_error_title_required',
			body: 'nl_error_body_required',
			link: 'nl_error_link',
			region: 'nl_error_region',
			name: 'nl_error_name_required',
			email: 'nl_error_email',
			organisation: 'nl_error_organisation_too_long'
		});
		expect(res.values.link).toBe('javascript:alert(1)');
		expect((await submitForNewsletter(form({ ...VALID, link: 'mailto:a@example.org' }), ctx())).ok).toBe(false);
		expect((await submitForNewsletter(form({ ...VALID, link: 'ftp://example.org/x' }), ctx())).ok).toBe(false);
		expect(await t().db.select().from(newsletterSubmissions)).toHaveLength(0);
		expect(await t().db.select().from(mailOutbox)).toHaveLength(0);
	});

	it('stores a sanitised item as submitted, sends a receipt in the sender\'s language and a short note to the office', async () => {
		const row = await submitted(t(), {}, 'ar');
		expect(row).toMatchObject({
			kind: 'event',
			status: 'submitted',
			title: 'Sprachcafé in Lüneburg',
			link: 'https://example.org/sprachcafe',
			region: 'lueneburg',
			submitterName: 'Amal Haddad',
			submitterEmail: 'amal@example.org',
			organisation: 'Café International e. V.',
			locale: 'ar',
			submittedAt: NOW
		});
		expect(row.body).toContain('**Dienstag**');
		expect(row.body).not.toContain('<script');
		const outbox = await t().db.select().from(mailOutbox).orderBy(mailOutbox.template);
		expect(outbox.map((o) => [o.template, o.toAddress, o.locale])).toEqual([
			['newsletter.submission.office.v1', legal.office.email, 'de'],
			['newsletter.submission.receipt.v1', 'amal@example.org', 'ar']
		]);
		expect(outbox[0]!.textBody).toContain(`/de/admin/newsletter/beitraege/${row.id}`);
		for (const o of outbox) expect(await deliver(o.id)).toBe('sent');
		const mails = await smtp().waitFor(2);
		const receipt = mails.find((m) => m.to.includes('amal@example.org'))!;
		expect(receipt.parsed.html).toContain('dir="rtl"');
		expect(receipt.parsed.text).toContain('Sprachcafé in Lüneburg');
		const audit = await t().db.select().from(auditLog).where(eq(auditLog.entityId, row.id));
		expect(audit.map((a) => a.action)).toEqual(['newsletter.submission.submit']);
		expect(JSON.stringify(audit)).not.toContain('amal@example.org');
	});
});

describe('newsletter submissions: the queue and the sending side', () => {
	const t = useTestDatabase({ jobs: true });

	it('lets only newsletter staff see and decide; rejecting needs a note and mails it; every decision is audited', async () => {
		const editor = await user('editor@example.org', 'editor');
		const regional = await user('regional@example.org', 'regional', 'lueneburg');
		const a = await submitted(t(), { title: 'Erster Beitrag' });
		const b = await submitted(t(), { title: 'Zweiter Beitrag', email: 'b@example.org' }, 'en');

		await expect(listSubmissions(regional, 'submitted')).rejects.toBeInstanceOf(AccessDenied);
		await expect(listSubmissions(ANONYMOUS, 'submitted')).rejects.toBeInstanceOf(AccessDenied);
		await expect(decideSubmission(regional, a.id, 'approve', '')).rejects.toBeInstanceOf(AccessDenied);

		const list = await listSubmissions(editor, 'submitted');
		expect(list.items.map((i) => i.title)).toEqual(['Erster Beitrag', 'Zweiter Beitrag']);
		expect(list.counts).toEqual({ submitted: 2, approved: 0, rejected: 0, used: 0 });
		const detail = await getSubmission(editor, a.id);
		expect(detail?.html).toContain('<strong>Dienstag</strong>');
		expect(detail?.html).not.toContain('<script');
		expect(await getSubmission(editor, 'not-a-uuid')).toBeUndefined();

		expect(await decideSubmission(editor, a.id, 'approve', '', NOW)).toEqual({ ok: true, status: 'approved' });
		expect(await decideSubmission(editor, a.id, 'approve', '', NOW)).toEqual({ ok: false, reason: 'not_open' });
		expect(await decideSubmission(editor, b.id, 'reject', '   ', NOW)).toEqual({ ok: false, reason: 'note', error: 'nl_error_note_required' });
		expect((await getSubmission(editor, b.id))?.status).toBe('submitted');
		const before = await t().db.select().from(mailOutbox);
		expect(await decideSubmission(editor, b.id, 'reject', 'Das Angebot liegt außerhalb Niedersachsens.', NOW)).toEqual({ ok: true, status: 'rejected' });
		const [rejectMail] = (await t().db.select().from(mailOutbox)).filter((r) => !before.some((x) => x.id === r.id));
		expect(rejectMail).toMatchObject({ template: 'newsletter.submission.rejected.v1', toAddress: 'b@example.org', locale: 'en' });
		expect(rejectMail!.textBody).toContain('Das Angebot liegt außerhalb Niedersachsens.');
		expect(rejectMail!.subject).toBe('Your item for the newsletter');

		const [rowA] = await t().db.select().from(newsletterSubmissions).where(eq(newsletterSubmissions.id, a.id));
		expect(rowA).toMatchObject({ status: 'approved', moderatedBy: editor.kind === 'user' ? editor.id : null, moderatedAt: NOW });
		const audit = await t().db.select().from(auditLog).where(eq(auditLog.entity, 'newsletter_submission')).orderBy(auditLog.id);
		expect(audit.filter((e) => e.action !== 'newsletter.submission.submit').map((e) => [e.action, e.entityId, e.actorId])).toEqual([
			['newsletter.submission.approve', a.id, editor.kind === 'user' ? editor.id : null],
			['newsletter.submission.reject', b.id, editor.kind === 'user' ? editor.id : null]
		]);
		expect((await listSubmissions(editor, 'approved')).items.map((i) => i.id)).toEqual([a.id]);
	});

	it('approvedSubmissions lists approved items only; markUsed takes only approved ones, once, and links the issue', async () => {
		const editor = await user('editor2@example.org', 'editor');
		const one = await submitted(t(), { title: 'Eins' });
		const two = await submitted(t(), { title: 'Zwei' });
		const three = await submitted(t(), { title: 'Drei' });
		await decideSubmission(editor, two.id, 'approve', '', new Date(NOW.getTime() + 1000));
		await decideSubmission(editor, one.id, 'approve', '', new Date(NOW.getTime() + 2000));
		await decideSubmission(editor, three.id, 'reject', 'Passt nicht.', NOW);

		const approved = await approvedSubmissions(t().db);
		expect(approved.map((s) => s.title)).toEqual(['Zwei', 'Eins']);
		expect(approved[0]).toMatchObject({ kind: 'event', link: 'https://example.org/sprachcafe', organisation: 'Café International e. V.' });
		expect(JSON.stringify(approved)).not.toContain('amal@example.org');

		const [issue] = await t().db.insert(newsletterIssues).values({ slug: 'ausgabe-1' }).returning();
		expect(await markUsed(t().db, [two.id, three.id, 'garbage'], issue!.id)).toEqual([two.id]);
		expect(await markUsed(t().db, [two.id], issue!.id)).toEqual([]);
		expect((await approvedSubmissions(t().db)).map((s) => s.id)).toEqual([one.id]);
		const [used] = await t().db.select().from(newsletterSubmissions).where(eq(newsletterSubmissions.id, two.id));
		expect(used).toMatchObject({ status: 'used', issueId: issue!.id });
		expect((await getSubmission(editor, three.id))?.status).toBe('rejected');
	});

	it('purge: rejected items go 90 days after the decision; used ones lose name and address 90 days after the issue was sent', async () => {
		const editor = await user('editor3@example.org', 'editor');
		const rejectedOld = await submitted(t(), { title: 'Alt abgelehnt' });
		const rejectedNew = await submitted(t(), { title: 'Neu abgelehnt' });
		const usedOld = await submitted(t(), { title: 'Alt verwendet' });
		const usedNew = await submitted(t(), { title: 'Neu verwendet' });
		const approvedOld = await submitted(t(), { title: 'Freigegeben' });
		await decideSubmission(editor, rejectedOld.id, 'reject', 'Nein', new Date(NOW.getTime() - 91 * DAY));
		await decideSubmission(editor, rejectedNew.id, 'reject', 'Nein', new Date(NOW.getTime() - 89 * DAY));
		for (const s of [usedOld, usedNew, approvedOld]) await decideSubmission(editor, s.id, 'approve', '', new Date(NOW.getTime() - 200 * DAY));
		const [sentOld] = await t().db.insert(newsletterIssues).values({ slug: 'alt', status: 'sent', sentAt: new Date(NOW.getTime() - 95 * DAY) }).returning();
		const [sentNew] = await t().db.insert(newsletterIssues).values({ slug: 'neu', status: 'sent', sentAt: new Date(NOW.getTime() - 10 * DAY) }).returning();
		await markUsed(t().db, [usedOld.id], sentOld!.id);
		await markUsed(t().db, [usedNew.id], sentNew!.id);

		const counts = await purgeNewsletterData(NOW);
		expect(counts).toMatchObject({ rejectedSubmissions: 1, anonymisedSubmissions: 1 });
		const rows = await t().db.select().from(newsletterSubmissions);
		const byTitle = Object.fromEntries(rows.map((r) => [r.title, r]));
		expect(byTitle['Alt abgelehnt']).toBeUndefined();
		expect(byTitle['Neu abgelehnt']).toMatchObject({ status: 'rejected', submitterEmail: 'amal@example.org' });
		expect(byTitle['Alt verwendet']).toMatchObject({ status: 'used', submitterName: '', submitterEmail: '', title: 'Alt verwendet' });
		expect(byTitle['Neu verwendet']).toMatchObject({ submitterName: 'Amal Haddad', submitterEmail: 'amal@example.org' });
		expect(byTitle['Freigegeben']).toMatchObject({ status: 'approved', submitterEmail: 'amal@example.org' });
		expect(await purgeNewsletterData(NOW)).toMatchObject({ rejectedSubmissions: 0, anonymisedSubmissions: 0 });
	});
});
