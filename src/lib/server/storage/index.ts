/** The media storage of this process, chosen from the configuration. */
import path from 'node:path';
import { config } from '../core/config';
import { LocalFolderStorage } from './local';
import type { MediaStorage } from './types';

export type { MediaStorage, StoredObject } from './types';
export { isMediaKey, mediaUrl } from './types';

let current: MediaStorage | undefined;

export function mediaDir(): string {
	const c = config();
	return path.resolve(c.ANPACKEN_MEDIA_DIR ?? path.join(c.ANPACKEN_DATA_DIR, 'media'));
}

export function mediaStorage(): MediaStorage {
	current ??= new LocalFolderStorage(mediaDir());
	return current;
}

/** Tests: use another storage (e.g. a temporary folder); undefined returns to the configured one. */
export function setMediaStorage(next: MediaStorage | undefined): void {
	current = next;
}
