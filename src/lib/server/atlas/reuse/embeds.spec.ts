import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { AccessDenied, ANONYMOUS, type Actor } from '../../access/policy';
import { auditLog } from '../../audit/schema';
import { seedAtlasExamples } from '../demo';
import { searchProjects } from '../service';
import { atlasEmbeds } from '../schema';
import { EMBED_PER_PAGE, createEmbed, embedParams, listEmbedViews, publicEmbed, setEmbedActive } from './embeds';
import { storedParams } from './query';

const editor: Actor = { kind: 'user', id: '00000000-0000-4000-8000-00000000e0e0', role: 'editor', region: null, label: 'Editor' };
const regional: Actor = { kind: 'user', id: '00000000-0000-4000-8000-00000000e0e1', role: 'regional', region: 'lueneburg', label: 'Regional' };

function embedForm(fields: Record<string, string | string[]>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) f.append(k, one);
	return f;
}

async function withUser(t: ReturnType<ReturnType<typeof useTestDatabase>>, actor: Actor) {
	if (actor.kind !== 'user') return;
	await t.pool.query(`insert into users (id, email, display_name, role) values ($1, $2, $3, $4)`, [actor.id, `${actor.id}@example.org`, actor.label, actor.role]);
}

describe('atlas embeds', () => {
	const t = useTestDatabase();

	it('creates an embed from a pasted list address plus chosen facets, audited', async () => {
		await withUser(t(), editor);
		const res = await createEmbed(
			editor,
			embedForm({ name: ' Engagement im Landkreis Göttingen ', list_url: 'https://anpacken.example/en/atlas?district=03159&page=4&sort=newest&q=', field: 'engagement' }),
			{ locale: 'de' }
		);
		if (!res.ok) throw new Error(JSON.stringify(res.errors));
		expect(res.embed).toMatchObject({ name: 'Engagement im Landkreis Göttingen', query: 'field=engagement&district=03159', active: true });
		expect(res.embed.words.map((w) => w.values.map((v) => v.text).join())).toEqual([expect.any(String), 'Göttingen']);
		const [audit] = await t().db.select().from(auditLog).where(eq(auditLog.entityId, res.embed.id));
		expect(audit).toMatchObject({ action: 'atlas.embed.create', actorId: editor.id });
	});

	it('explains a missing name and a foreign address, keeping every value', async () => {
		const res = await createEmbed(editor, embedForm({ name: '  ', list_url: 'https://example.org/anything?x=1', field: ['sprache', 'arbeit'], district: '03241' }), { locale: 'de' });
		expect(res).toMatchObject({
			ok: false,
			errors: { name: 'reuse_embed_error_name', list_url: 'reuse_embed_error_url' },
			values: { list_url: 'https://example.org/anything?x=1', field: ['sprache', 'arbeit'], district: '03241' }
		});
		expect(await t().db.select().from(atlasEmbeds)).toHaveLength(0);
	});

	it('is for staff with the embeds right only', async () => {
		t();
		await expect(createEmbed(ANONYMOUS, embedForm({ name: 'x' }), { locale: 'de' })).rejects.toBeInstanceOf(AccessDenied);
		await expect(createEmbed(regional, embedForm({ name: 'x' }), { locale: 'de' })).rejects.toBeInstanceOf(AccessDenied);
		await expect(listEmbedViews(regional, 'de')).rejects.toBeInstanceOf(AccessDenied);
	});

	it('forces the fixed filters: visitor parameters that contradict them are ignored, words and paging are theirs', async () => {
		await withUser(t(), editor);
		await seedAtlasExamples();
		const res = await createEmbed(editor, embedForm({ name: 'Göttingen', district: '03159', field: 'engagement' }), { locale: 'de' });
		if (!res.ok) throw new Error('not created');
		const embed = (await publicEmbed(res.embed.id))!;
		const fixed = await searchProjects(embedParams(embed.query, new URLSearchParams()), 'de');
		const fixedSlugs = fixed.items.map((i) => i.slug).sort();
		expect(fixedSlugs).toEqual(['ich-kann-helfen-goettingen', 'ichor-harzer-land']);

		// A visitor tries to widen, replace and drop the fixed filters: none of it reaches the search.
		const hostile = new URLSearchParams('district=03241&district=&field=sprache&field=&region=leine-weser&near=Hemmingen&radius_km=200&per_page=100&sort=distance');
		const params = embedParams(embed.query, hostile);
		expect(params).toMatchObject({ district: ['03159'], field: ['engagement'], region: [], near: undefined, perPage: EMBED_PER_PAGE });
		expect((await searchProjects(params, 'de')).items.map((i) => i.slug).sort()).toEqual(fixedSlugs);

		// Words narrow inside the fixed set; paging is theirs.
		const narrowed = await searchProjects(embedParams(embed.query, new URLSearchParams('q=Harz&page=1')), 'de');
		expect(narrowed.items.map((i) => i.slug)).toEqual(['ichor-harzer-land']);
		expect(embedParams(embed.query, new URLSearchParams('page=2')).page).toBe(2);
	});

	it('keeps a fixed text query even when the visitor sends another', () => {
		const params = embedParams('q=Sprachcaf%C3%A9&region=lueneburg', new URLSearchParams('q=Fahrrad&q=x'));
		expect(params).toMatchObject({ q: 'Sprachcafé', region: ['lueneburg'] });
		expect(storedParams('q=Sprachcaf%C3%A9').q).toBe('Sprachcafé');
	});

	it('is gone publicly once switched off, and back when switched on', async () => {
		await withUser(t(), editor);
		const res = await createEmbed(editor, embedForm({ name: 'Alles' }), { locale: 'de' });
		if (!res.ok) throw new Error('not created');
		expect(await publicEmbed(res.embed.id)).toMatchObject({ name: 'Alles', query: '' });
		expect(await setEmbedActive(editor, res.embed.id, false)).toBe(true);
		expect(await publicEmbed(res.embed.id)).toBeNull();
		expect(await setEmbedActive(editor, res.embed.id, true)).toBe(true);
		expect(await publicEmbed(res.embed.id)).not.toBeNull();
		expect(await setEmbedActive(editor, '00000000-0000-4000-8000-000000000000', false)).toBe(false);
		expect(await setEmbedActive(editor, 'not-a-uuid', false)).toBe(false);
		expect(await publicEmbed('../x')).toBeNull();
		const actions = (await t().db.select().from(auditLog).where(eq(auditLog.entityId, res.embed.id))).map((a) => a.action).sort();
		expect(actions).toEqual(['atlas.embed.activate', 'atlas.embed.create', 'atlas.embed.deactivate']);
	});
});
