import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { useTestSmtp } from '../../../../../tests/helpers/use-smtp';
import { AccessDenied } from '../../access/policy';
import { makeActor, useTempMediaStorage, formWith } from '../../atlas/media/test-helpers';
import { deliver } from '../../mail/service';
import { setSecret } from '../../platform/secrets';
import { newLinkKey } from '../links';
import { runToCompletion } from './engine';
import {
	addIssueImage,
	archiveIssue,
	archiveList,
	controlIssue,
	createIssue,
	getIssue,
	listIssues,
	openIssueImage,
	previewIssue,
	pullSubmissions,
	saveIssue,
	scheduleIssue,
	sendNow,
	sendTest,
	submissionsToPull
} from './issues';
import { startDue } from './engine';
import { startCountingSink } from './sink';
import { pooledSmtpTransport, setNewsletterTransport } from './transport';

const testDb = useTestDatabase({ jobs: true });
const smtp = useTestSmtp();
const media = useTempMediaStorage();
beforeAll(() => setSecret('newsletter-issues-spec'));

const editor = () => makeActor('redaktion@example.org', 'editor');

async function newIssue(subject = 'Winterausgabe'): Promise<string> {
	const out = await createIssue(await editor(), { subject });
	if (!out.ok) throw new Error('create failed');
	return out.id;
}

async function save(id: string, texts: Record<string, { subject: string; body: string }>, segment = {}) {
	const issue = (await getIssue(await editor(), id))!;
	return saveIssue(await editor(), id, { version: issue.version, texts, segment });
}

async function subscriber(email: string, locale: string, topics: string[] = [], regions: string[] = []): Promise<void> {
	await testDb().pool.query(
		`insert into newsletter_subscribers (email, locale, topics, regions, status, link_key, confirmed_at) values ($1, $2, $3, $4, 'active', $5, now())`,
		[email, locale, topics, regions, newLinkKey()]
	);
}

async function auditActions(id: string): Promise<string[]> {
	return (await testDb().pool.query<{ action: string }>(`select action from audit_log where entity_id = $1 order by id`, [id])).rows.map((r) => r.action);
}

describe('newsletter issues (editor)', () => {
	it('is for editors and admins only', async () => {
		const moderator = await makeActor('mod@example.org', 'moderator');
		await expect(listIssues(moderator)).rejects.toBeInstanceOf(AccessDenied);
		await expect(createIssue(moderator, { subject: 'x' })).rejects.toBeInstanceOf(AccessDenied);
	});

	it('creates, validates and saves an issue with segment, reach and optimistic locking, audited', async () => {
		const ed = await editor();
		expect(await createIssue(ed, { subject: '   ' })).toMatchObject({ ok: false, errors: { subject: 'nla_error_subject_required' } });
		const id = await newIssue('Winterausgabe 2026');
		const again = await createIssue(ed, { subject: 'Winterausgabe 2026' });
		const issue = (await getIssue(ed, id))!;
		expect(issue.slug).toMatch(/^\d{4}-\d{2}-\d{2}-winterausgabe-2026$/);
		expect((await getIssue(ed, again.ok ? again.id : ''))!.slug).toBe(`${issue.slug}-2`);

		await subscriber('a@example.org', 'de', ['sprache'], []);
		await subscriber('b@example.org', 'ar', ['arbeit'], ['weser-ems']);
		await subscriber('c@example.org', 'en', [], ['braunschweig']);

		const bad = await saveIssue(ed, id, {
			version: issue.version,
			texts: { de: { subject: '', body: '' }, en: { subject: '', body: 'Text without subject' } },
			segment: {}
		});
		expect(bad).toMatchObject({ ok: false, reason: 'invalid', errors: { subject_de: 'nla_error_subject_required', body_de: 'nla_error_body_required', subject_en: 'nla_error_body_without_subject' } });

		const ok = await saveIssue(ed, id, {
			version: issue.version,
			texts: { de: { subject: 'Winter', body: 'Hallo <script>alert(1)</script>**Welt**' }, ar: { subject: 'الشتاء', body: 'مرحباً' } },
			segment: { topics: ['sprache', 'unbekannt'], regions: [], locales: ['de', 'ar', 'xx'] }
		});
		expect(ok).toEqual({ ok: true });
		const saved = (await getIssue(ed, id))!;
		expect(saved.texts.de.body).toBe('Hallo **Welt**');
		expect(saved.texts.ar.subject).toBe('الشتاء');
		expect(saved.texts.en.subject).toBe('');
		expect(saved.segment).toEqual({ topics: ['sprache'], regions: [], locales: ['de', 'ar'] });
		// a (sprache, de) matches; b (arbeit only) does not; c is English.
		expect(saved.reach).toBe(1);

		// A second editor saving with the old version is refused.
		const stale = await saveIssue(ed, id, { version: issue.version, texts: { de: { subject: 'Überschrieben', body: 'x' } }, segment: {} });
		expect(stale).toMatchObject({ ok: false, reason: 'conflict' });
		expect((await getIssue(ed, id))!.texts.de.subject).toBe('Winter');
		expect(await auditActions(id)).toEqual(['newsletter.issue.create', 'newsletter.issue.update']);
	});

	it('previews per language with fallback and sends a test mail to the editor', async () => {
		const id = await newIssue();
		await save(id, { de: { subject: 'Deutsch', body: 'Ein **Text**.' }, ar: { subject: 'عربي', body: 'نص **مهم**.' } });
		const ar = (await previewIssue(await editor(), id, 'ar'))!;
		expect(ar).toMatchObject({ fallback: false, contentLocale: 'ar', subject: 'عربي' });
		expect(ar.html).toContain('<strong>مهم</strong>');
		expect(ar.html).not.toContain('style=');
		expect(ar.html).not.toContain('/newsletter/einstellungen');
		const en = (await previewIssue(await editor(), id, 'en'))!;
		expect(en).toMatchObject({ fallback: true, contentLocale: 'de', subject: 'Deutsch' });

		const out = await sendTest(await editor(), id, 'ar');
		expect(out).toEqual({ ok: true, email: 'redaktion@example.org' });
		const outbox = await testDb().pool.query<{ id: string }>(`select id from mail_outbox where template = 'newsletter.test'`);
		expect(outbox.rows).toHaveLength(1);
		expect(await deliver(outbox.rows[0]!.id)).toBe('sent');
		const [mail] = await smtp().waitFor(1);
		expect(mail!.to).toEqual(['redaktion@example.org']);
		expect(mail!.parsed.subject).toBe('[تجربة] عربي');
		expect(mail!.parsed.text).toContain('هذه رسالة تجريبية');
		expect(await auditActions(id)).toContain('newsletter.issue.test');
	});

	it('schedules in Berlin time and the scheduler starts it when due', async () => {
		const sink = await startCountingSink();
		setNewsletterTransport(pooledSmtpTransport(sink.url, 2));
		try {
			await subscriber('due@example.org', 'de');
			const id = await newIssue();
			await save(id, { de: { subject: 'Geplant', body: 'Text' } });
			const ed = await editor();
			const version = (await getIssue(ed, id))!.version;
			expect(await scheduleIssue(ed, id, { date: '2026-13-01', time: '10:00', version })).toMatchObject({ ok: false, errors: { date: 'nla_error_schedule_date' } });
			expect(await scheduleIssue(ed, id, { date: '2020-01-01', time: '10:00', version })).toMatchObject({ ok: false, errors: { date: 'nla_error_schedule_past' } });
			const now = new Date('2026-07-01T06:00:00Z');
			expect(await scheduleIssue(ed, id, { date: '2026-07-01', time: '09:30', version }, {}, now)).toEqual({ ok: true });
			const issue = (await getIssue(ed, id))!;
			expect(issue.status).toBe('scheduled');
			// 09:30 summer time in Berlin is 07:30 UTC.
			expect(issue.scheduledAt?.toISOString()).toBe('2026-07-01T07:30:00.000Z');
			expect(issue.scheduled).toEqual({ date: '2026-07-01', time: '09:30', seconds: 0 });

			expect(await startDue(new Date('2026-07-01T07:29:00Z'))).toEqual([]);
			expect(await startDue(new Date('2026-07-01T07:30:00Z'))).toEqual([id]);
			expect((await getIssue(ed, id))!.status).toBe('sending');
			await runToCompletion(id, { ratePerSecond: 1000 });
			expect(sink.received.get('due@example.org')).toBe(1);
		} finally {
			setNewsletterTransport(undefined);
			await sink.close();
		}
	});

	it('sends now, pauses, resumes, and the archive shows only sent issues without personal links', async () => {
		const sink = await startCountingSink();
		setNewsletterTransport(pooledSmtpTransport(sink.url, 2));
		try {
			await subscriber('reader@example.org', 'en');
			const ed = await editor();
			const draft = await newIssue('Entwurf bleibt privat');
			await save(draft, { de: { subject: 'Entwurf bleibt privat', body: 'geheim' } });
			const id = await newIssue('Versendet');
			await save(id, { de: { subject: 'Versendet', body: 'Für **alle**.' }, ar: { subject: 'أُرسل', body: 'للجميع' } });

			expect(await controlIssue(ed, id, 'pause')).toMatchObject({ ok: false, errors: { form: 'nla_error_control' } });
			expect(await sendNow(ed, id)).toEqual({ ok: true, recipients: 1 });
			expect(await sendNow(ed, id)).toMatchObject({ ok: false, errors: { form: 'nla_error_not_editable' } });
			expect(await saveIssue(ed, id, { version: (await getIssue(ed, id))!.version, texts: { de: { subject: 'x', body: 'y' } }, segment: {} })).toMatchObject({
				ok: false,
				errors: { form: 'nla_error_not_editable' }
			});
			expect(await controlIssue(ed, id, 'pause')).toEqual({ ok: true });
			expect((await archiveList('de')).map((i) => i.slug)).toEqual([]);
			expect(await controlIssue(ed, id, 'resume')).toEqual({ ok: true });
			expect((await runToCompletion(id, { ratePerSecond: 1000 })).done).toBe(true);
			expect(sink.received.get('reader@example.org')).toBe(1);
			expect(await auditActions(id)).toEqual(expect.arrayContaining(['newsletter.issue.send', 'newsletter.issue.pause', 'newsletter.issue.resume']));

			const slug = (await getIssue(ed, id))!.slug;
			const list = await archiveList('ar');
			expect(list.map((i) => [i.slug, i.subject, i.lang])).toEqual([[slug, 'أُرسل', 'ar']]);
			expect((await archiveList('en'))[0]).toMatchObject({ subject: 'Versendet', lang: 'de' });
			const en = (await archiveIssue(slug, 'en'))!;
			expect(en.rendered).toMatchObject({ fallback: true, contentLocale: 'de' });
			expect(en.rendered.html).toContain('<strong>alle</strong>');
			expect(en.rendered.html).not.toMatch(/einstellungen|abmelden|\?s=/);
			expect(await archiveIssue((await getIssue(ed, draft))!.slug, 'de')).toBeUndefined();
		} finally {
			setNewsletterTransport(undefined);
			await sink.close();
		}
	});

	it('uploads an image (re-encoded, alt and rights required) and appends it to the German text', async () => {
		const id = await newIssue();
		await save(id, { de: { subject: 'Mit Bild', body: 'Vorher' } });
		const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).png().toBuffer();
		const missing = await addIssueImage(await editor(), id, formWith({ alt: '', rights: '' }, { data: png, name: 'a.png', type: 'image/png' }));
		expect(missing).toMatchObject({ ok: false, errors: { alt: 'nla_error_image_alt', rights: 'nla_error_image_rights' } });
		const notImage = await addIssueImage(await editor(), id, formWith({ alt: 'Alt', rights: 'Foto: X' }, { data: Buffer.from('hello'), name: 'a.png', type: 'image/png' }));
		expect(notImage).toMatchObject({ ok: false, errors: { image: 'nla_error_image_file' } });

		const out = await addIssueImage(await editor(), id, formWith({ alt: 'Ein blaues Feld', rights: 'Foto: Geschäftsstelle' }, { data: png, name: 'a.png', type: 'image/png' }));
		expect(out.ok).toBe(true);
		const path = out.ok ? out.path : '';
		const issue = (await getIssue(await editor(), id))!;
		expect(issue.texts.de.body).toBe(`Vorher\n\n![Ein blaues Feld](${path})`);
		const preview = (await previewIssue(await editor(), id, 'de'))!;
		expect(preview.html).toContain(`<img src="http://localhost:5999${path}" alt="Ein blaues Feld">`);
		// Saving keeps the image line (the sanitiser would otherwise drop images).
		expect(await save(id, { de: { subject: 'Mit Bild', body: issue.texts.de.body } })).toEqual({ ok: true });
		expect((await getIssue(await editor(), id))!.texts.de.body).toContain(`![Ein blaues Feld](${path})`);
		// Stored as WebP through the media storage.
		const file = await openIssueImage(path.split('/').pop()!);
		expect(file).not.toBeNull();
		const chunks: Buffer[] = [];
		for await (const c of file!.stream) chunks.push(c as Buffer);
		expect((await sharp(Buffer.concat(chunks)).metadata()).format).toBe('webp');
		expect(media()).toBeDefined();
	});

	it('pulls approved submissions into the German text and marks them used', async () => {
		const id = await newIssue();
		await save(id, { de: { subject: 'Beiträge', body: 'Einleitung' } });
		const insert = async (title: string, status: string) =>
			(
				await testDb().pool.query<{ id: string }>(
					`insert into newsletter_submissions (kind, status, title, body, link, submitter_name, submitter_email, organisation) values ('project_news', $2, $1, 'Wir laden ein.', 'https://example.org/fest', 'Rana', 'rana@example.org', 'Verein Nord') returning id`,
					[title, status]
				)
			).rows[0]!.id;
		const a = await insert('Sommerfest', 'approved');
		const b = await insert('Sprachcafé', 'approved');
		const pending = await insert('Noch offen', 'submitted');
		expect((await submissionsToPull(await editor())).map((s) => s.id).sort()).toEqual([a, b].sort());
		expect(await pullSubmissions(await editor(), id, [])).toMatchObject({ ok: false, errors: { submissions: 'nla_subs_error_none' } });
		expect(await pullSubmissions(await editor(), id, [a, pending])).toEqual({ ok: true, count: 1 });
		const body = (await getIssue(await editor(), id))!.texts.de.body;
		expect(body).toContain('Einleitung\n\n### Sommerfest\n\nWir laden ein.');
		expect(body).toContain('https://example.org/fest');
		expect(body).not.toContain('Noch offen');
		const states = await testDb().pool.query(`select id, status, issue_id from newsletter_submissions order by title`);
		expect(states.rows.find((r) => r.id === a)).toMatchObject({ status: 'used', issue_id: id });
		expect(states.rows.find((r) => r.id === b)).toMatchObject({ status: 'approved' });
		expect(states.rows.find((r) => r.id === pending)).toMatchObject({ status: 'submitted' });
		// Used once only.
		expect(await pullSubmissions(await editor(), id, [a])).toMatchObject({ ok: false });
	});
});
