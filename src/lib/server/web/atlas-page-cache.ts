/**
 * The node's one rendered-page cache for the atlas list and search API, keyed
 * by the atlas data version (see page-cache.ts). ATLAS_SEARCH_CACHE=false
 * switches it off together with the search cache, so the benchmark's
 * "without cache" run measures a real first search.
 */
import { config } from '../core/config';
import { atlasDataVersion } from '../atlas/search-cache';
import { PageCache, pageCacheHandle } from './page-cache';

export const atlasPageCache = new PageCache();

let inFlight: Promise<string> | null = null;

/**
 * The atlas data version, with concurrent requests joining one read that is
 * already under way instead of each sending its own (single flight). No value
 * is kept after the read returns: a request can lag a write by at most the one
 * read it joined (well under a millisecond), and only anonymous requests use it.
 */
export function sharedAtlasDataVersion(): Promise<string> {
	if (inFlight) return inFlight;
	const read = atlasDataVersion().finally(() => {
		if (inFlight === read) inFlight = null;
	});
	inFlight = read;
	return read;
}

export const atlasPageCacheHandle = pageCacheHandle({
	cache: atlasPageCache,
	enabled: () => config().ATLAS_SEARCH_CACHE,
	version: sharedAtlasDataVersion
});

