/**
 * Media storage in a local folder (ANPACKEN_MEDIA_DIR, default
 * ANPACKEN_DATA_DIR/media). Files are written to a temporary name in the same
 * folder and renamed into place, so a reader never sees a partial file. With
 * several web nodes the folder must be shared (network file system); the
 * S3-compatible implementation will remove that need (docs/adr/0012).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertMediaKey, mediaUrl, type MediaStorage, type StoredObject } from './types';

export class LocalFolderStorage implements MediaStorage {
	readonly root: string;

	constructor(root: string) {
		this.root = path.resolve(root);
	}

	private file(key: string): string {
		assertMediaKey(key);
		const full = path.resolve(this.root, ...key.split('/'));
		// The key pattern already excludes '..'; this is the belt to those braces.
		if (!full.startsWith(this.root + path.sep)) throw new Error('media key outside the storage folder');
		return full;
	}

	/** The content type is not kept here: the database row says what a file is. */
	async put(key: string, body: Buffer | Readable, meta?: { contentType: string }): Promise<void> {
		void meta;
		const target = this.file(key);
		await mkdir(path.dirname(target), { recursive: true });
		const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
		try {
			const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
			await pipeline(source, createWriteStream(temp, { flags: 'wx', mode: 0o640 }));
			await rename(temp, target);
		} catch (err) {
			await rm(temp, { force: true });
			throw err;
		}
	}

	async get(key: string): Promise<StoredObject | null> {
		const file = this.file(key);
		try {
			const s = await stat(file);
			if (!s.isFile()) return null;
			return { stream: createReadStream(file), size: s.size };
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw err;
		}
	}

	async delete(key: string): Promise<void> {
		await rm(this.file(key), { force: true });
	}

	async exists(key: string): Promise<boolean> {
		try {
			return (await stat(this.file(key))).isFile();
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
			throw err;
		}
	}

	url(key: string): string {
		return mediaUrl(key);
	}
}
