import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../core/config';

describe('map tile configuration', () => {
	it('accepts a tile path on our own origin', () => {
		const c = parseConfig({ ANPACKEN_MAP_TILES_URL: '/tiles/basemap/{z}/{x}/{y}.png', ANPACKEN_MAP_TILES_ATTRIBUTION: '© basemap.de / BKG 2026' });
		expect(c.ANPACKEN_MAP_TILES_URL).toBe('/tiles/basemap/{z}/{x}/{y}.png');
		expect(c.ANPACKEN_MAP_TILES_ATTRIBUTION).toBe('© basemap.de / BKG 2026');
		expect(parseConfig({}).ANPACKEN_MAP_TILES_URL).toBeUndefined();
	});

	it.each([
		'https://sgx.geodatenzentrum.de/tiles/{z}/{x}/{y}.png',
		'//tiles.example.org/{z}/{x}/{y}.png',
		'/tiles/{z}/{x}.png',
		'tiles/{z}/{x}/{y}.png'
	])('refuses %s, naming the variable', (url) => {
		expect(() => parseConfig({ ANPACKEN_MAP_TILES_URL: url })).toThrow(ConfigError);
		expect(() => parseConfig({ ANPACKEN_MAP_TILES_URL: url })).toThrow(/ANPACKEN_MAP_TILES_URL/);
	});
});
