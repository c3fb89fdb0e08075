import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { ANONYMOUS } from '../../access/policy';
import { seedAtlasExamples } from '../demo';
import { getPublishedProject } from '../service';
import { addOwner, formWith, makeActor, projectId } from '../media/test-helpers';
import { confirmTranslation, saveTranslation, translationsPage } from './service';

const t = useTestDatabase();
const SLUG = 'deutschvermittler-hemmingen';

async function revision(id: string): Promise<number> {
	return (await t().pool.query<{ revision: number }>('select revision from projects where id = $1', [id])).rows[0]!.revision;
}

const english = { title: 'German mentors Hemmingen', teaser: 'Volunteers teach everyday German.', description: 'We meet **every Tuesday**.' };

describe('translations', () => {
	it('saves a translation as current from the current revision and refuses a stale form', async () => {
		t();
		await seedAtlasExamples();
		const id = await projectId(SLUG);
		const owner = await makeActor('owner@example.org', null);
		await addOwner(id, owner.id);

		const page = await translationsPage(owner, SLUG);
		if (!page.ok) throw new Error('no page');
		expect(page.value.targets.map((x) => [x.locale, x.translation?.status])).toEqual([
			['en', 'current'],
			['ar', 'current']
		]);
		expect(page.value.source.title).toBe('Deutschvermittler Hemmingen');

		const base = await revision(id);
		const saved = await saveTranslation(owner, SLUG, formWith({ locale: 'en', revision: String(base), ...english }));
		expect(saved).toEqual({ ok: true, locale: 'en', revision: base + 1 });
		const row = await t().pool.query(`select title, description, status, source_revision from project_texts where project_id = $1 and locale = 'en'`, [id]);
		expect(row.rows[0]).toEqual({ title: english.title, description: english.description, status: 'current', source_revision: base + 1 });
		const rev = await t().pool.query(`select kind, author_id, snapshot -> 'texts' -> 'en' ->> 'title' as title from project_revisions where project_id = $1`, [id]);
		expect(rev.rows).toEqual([{ kind: 'translation', author_id: owner.id, title: english.title }]);
		const audit = await t().pool.query(`select action from audit_log where entity_id = $1`, [id]);
		expect(audit.rows).toEqual([{ action: 'atlas.translation.save' }]);

		// A second form loaded before that save: refused, nothing written, the typing kept.
		const stale = await saveTranslation(owner, SLUG, formWith({ locale: 'ar', revision: String(base), title: 'عنوان', teaser: 'نص', description: '' }));
		expect(stale).toMatchObject({ ok: false, reason: 'stale', errors: { form: 'translate_error_stale' }, values: { title: 'عنوان' } });
		expect(await revision(id)).toBe(base + 1);

		const reader = await getPublishedProject(SLUG, 'en');
		expect(reader).toMatchObject({ title: english.title, textStatus: 'current', fallback: false, descriptionLocale: 'en' });
	});

	it('validates and sanitises what is written, keeping every value', async () => {
		t();
		await seedAtlasExamples();
		const id = await projectId(SLUG);
		const staff = await makeActor('moderator@example.org', 'moderator');
		const base = String(await revision(id));
		const bad = await saveTranslation(staff, SLUG, formWith({ locale: 'ar', revision: base, title: ' ', teaser: 'x'.repeat(201), description: 'نص' }));
		expect(bad).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { title: 'translate_error_title_required', teaser: 'translate_error_teaser_too_long' },
			values: { description: 'نص' }
		});
		const noTeaser = await saveTranslation(staff, SLUG, formWith({ locale: 'ar', revision: base, title: 'عنوان', teaser: '', description: '' }));
		expect(noTeaser).toMatchObject({ ok: false, errors: { teaser: 'translate_error_teaser_required' } });
		// The source locale and unknown locales are not translation targets.
		expect(await saveTranslation(staff, SLUG, formWith({ locale: 'de', revision: base, ...english }))).toEqual({ ok: false, reason: 'not_found' });
		expect(await saveTranslation(staff, SLUG, formWith({ locale: 'xx', revision: base, ...english }))).toEqual({ ok: false, reason: 'not_found' });

		const xss = await saveTranslation(staff, SLUG, formWith({ locale: 'ar', revision: base, title: 'عنوان', teaser: 'نص', description: 'نص <script>alert(1)</script> [رابط](javascript:alert(1))' }));
		expect(xss.ok).toBe(true);
		const stored = await t().pool.query<{ description: string }>(`select description from project_texts where project_id = $1 and locale = 'ar'`, [id]);
		expect(stored.rows[0]!.description).not.toMatch(/script|javascript/);
	});

	it('marks translations outdated when the source changes, and a person can confirm them', async () => {
		t();
		await seedAtlasExamples();
		const id = await projectId(SLUG);
		const owner = await makeActor('owner@example.org', null);
		await addOwner(id, owner.id);
		await saveTranslation(owner, SLUG, formWith({ locale: 'en', revision: String(await revision(id)), ...english }));

		// Another writer (the edit page) changes the German source text.
		await t().pool.query(`update project_texts set description = description || ' Neu: auch samstags.' where project_id = $1 and locale = 'de'`, [id]);
		await t().pool.query(`update projects set revision = revision + 1 where id = $1`, [id]);

		const page = await translationsPage(owner, SLUG);
		expect(page.ok && page.value.targets.map((x) => [x.locale, x.translation?.status])).toEqual([
			['en', 'outdated'],
			['ar', 'outdated']
		]);
		expect(await getPublishedProject(SLUG, 'en')).toMatchObject({ textStatus: 'outdated', title: english.title });

		const base = await revision(id);
		expect(await confirmTranslation(owner, SLUG, formWith({ locale: 'en', revision: String(base - 1) }))).toEqual({ ok: false, reason: 'stale', locale: 'en' });
		expect(await confirmTranslation(owner, SLUG, formWith({ locale: 'en', revision: String(base) }))).toEqual({ ok: true, locale: 'en' });
		expect(await confirmTranslation(owner, SLUG, formWith({ locale: 'en', revision: String(base + 1) }))).toEqual({ ok: false, reason: 'not_outdated', locale: 'en' });
		expect(await getPublishedProject(SLUG, 'en')).toMatchObject({ textStatus: 'current' });
		expect(await getPublishedProject(SLUG, 'ar')).toMatchObject({ textStatus: 'outdated' });
		const audit = await t().pool.query<{ action: string }>(`select action from audit_log where entity_id = $1 order by id`, [id]);
		expect(audit.rows.map((r) => r.action)).toEqual(['atlas.translation.save', 'atlas.translation.confirm']);
	});

	it('lets owners, editing staff and translation staff translate, nobody else', async () => {
		t();
		await seedAtlasExamples();
		// deutschvermittler-hemmingen lies in the region Hannover → leine-weser.
		const region = (await t().pool.query<{ regions: string[] }>('select regions from projects where slug = $1', [SLUG])).rows[0]!.regions[0];
		expect(region).toBe('leine-weser');
		const editor = await makeActor('editor@example.org', 'editor');
		const regional = await makeActor('regional@example.org', 'regional', 'leine-weser');
		const otherRegion = await makeActor('regional-bs@example.org', 'regional', 'braunschweig');
		const stranger = await makeActor('stranger@example.org', null);
		expect((await translationsPage(editor, SLUG)).ok).toBe(true);
		expect((await translationsPage(regional, SLUG)).ok).toBe(true);
		expect(await translationsPage(otherRegion, SLUG)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await translationsPage(stranger, SLUG)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await translationsPage(ANONYMOUS, SLUG)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await saveTranslation(stranger, SLUG, formWith({ locale: 'en', revision: '1', ...english }))).toEqual({ ok: false, reason: 'forbidden' });
		expect(await confirmTranslation(stranger, SLUG, formWith({ locale: 'en', revision: '1' }))).toEqual({ ok: false, reason: 'forbidden' });
		expect(await translationsPage(editor, 'no-such-entry')).toEqual({ ok: false, reason: 'not_found' });
	});
});
