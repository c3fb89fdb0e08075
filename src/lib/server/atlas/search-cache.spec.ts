import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/helpers/db';
import { dbPool } from '../core/db';
import { parseSearchParams } from './contract';
import { seedAtlasExamples } from './demo';
import { atlasDataVersion, SearchCache } from './search-cache';
import { searchProjects, searchCacheStats } from './service';

describe('search cache', () => {
	it('serves a value only for the same data version and within the TTL, evicting the least recently used', async () => {
		const cache = new SearchCache<number>(2, 1000);
		let computed = 0;
		const compute = async () => ++computed;
		expect(await cache.get('a', 'v1', compute, 0)).toBe(1);
		expect(await cache.get('a', 'v1', compute, 500)).toBe(1);
		expect(await cache.get('a', 'v2', compute, 600)).toBe(2);
		expect(await cache.get('a', 'v2', compute, 1700)).toBe(3);
		await cache.get('b', 'v2', compute, 1701);
		await cache.get('a', 'v2', compute, 1702);
		await cache.get('c', 'v2', compute, 1703);
		expect(cache.size).toBe(2);
		const before = computed;
		await cache.get('a', 'v2', compute, 1704);
		expect(computed).toBe(before);
		await cache.get('b', 'v2', compute, 1705);
		expect(computed).toBe(before + 1);
	});
});

describe('search cache and atlas data', () => {
	useTestDatabase();

	it('a change to any entry changes the data version, so the next search sees it', async () => {
		await seedAtlasExamples();
		const params = parseSearchParams(new URLSearchParams('near=Hemmingen&radius_km=10'));
		const v1 = await atlasDataVersion();
		const first = await searchProjects(params, 'de');
		const hitsBefore = searchCacheStats().hits;
		const again = await searchProjects(params, 'de');
		expect(searchCacheStats().hits).toBe(hitsBefore + 1);
		expect(again).toEqual(first);
		const slug = first.items[0]!.slug;
		await dbPool().query(`update projects set status = 'archived' where slug = $1`, [slug]);
		expect(await atlasDataVersion()).not.toBe(v1);
		const after = await searchProjects(params, 'de');
		expect(after.total).toBe(first.total - 1);
		expect(after.items.map((i) => i.slug)).not.toContain(slug);
	});

	it('a text change alone also invalidates', async () => {
		await seedAtlasExamples();
		const v1 = await atlasDataVersion();
		await dbPool().query(`update project_texts set teaser = teaser || '.' where locale = 'de' and project_id = (select id from projects limit 1)`);
		expect(await atlasDataVersion()).not.toBe(v1);
	});
});
