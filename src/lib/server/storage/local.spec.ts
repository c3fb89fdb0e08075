import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFolderStorage } from './local';
import { InvalidMediaKey } from './types';

let dir: string;
let storage: LocalFolderStorage;

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'anpacken-storage-'));
	storage = new LocalFolderStorage(dir);
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

function allFiles(root: string): string[] {
	return readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe('local folder media storage', () => {
	it('puts, gets (as a stream), checks and deletes objects', async () => {
		await storage.put('atlas/abc123.webp', Buffer.from('first bytes'), { contentType: 'image/webp' });
		await storage.put('atlas/def456.webp', Readable.from([Buffer.from('streamed '), Buffer.from('bytes')]), { contentType: 'image/webp' });
		expect(await storage.exists('atlas/abc123.webp')).toBe(true);
		const got = await storage.get('atlas/def456.webp');
		expect(got?.size).toBe(14);
		expect(await text(got!.stream)).toBe('streamed bytes');
		expect(allFiles(dir).sort()).toEqual([path.join('atlas', 'abc123.webp'), path.join('atlas', 'def456.webp')]);

		await storage.delete('atlas/abc123.webp');
		expect(await storage.exists('atlas/abc123.webp')).toBe(false);
		expect(await storage.get('atlas/abc123.webp')).toBeNull();
		// Deleting a missing key is not an error.
		await storage.delete('atlas/abc123.webp');
		expect(storage.url('atlas/def456.webp')).toBe('/media/atlas/def456.webp');
	});

	it('leaves nothing behind when the source stream fails', async () => {
		const failing = new Readable({
			read() {
				this.push(Buffer.from('partial'));
				this.destroy(new Error('connection lost'));
			}
		});
		await expect(storage.put('atlas/broken.webp', failing, { contentType: 'image/webp' })).rejects.toThrow('connection lost');
		expect(await storage.exists('atlas/broken.webp')).toBe(false);
		expect(allFiles(dir)).toEqual([]);
	});

	it('refuses keys that could leave the folder or are not plain', async () => {
		for (const key of ['../etc/passwd', 'atlas/../../x', '/abs.webp', 'Atlas/X.webp', 'atlas//x.webp', 'a/.hidden', '']) {
			await expect(storage.put(key, Buffer.from('x'), { contentType: 'text/plain' }), key).rejects.toBeInstanceOf(InvalidMediaKey);
			await expect(storage.get(key), key).rejects.toBeInstanceOf(InvalidMediaKey);
		}
		expect(allFiles(dir)).toEqual([]);
	});
});
