/** Test fixtures for the images and translations specs (not imported by the application). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach } from 'vitest';
import { SYSTEM, type Actor } from '../../access/policy';
import type { Region, Role } from '../../accounts/schema';
import { ensureUser } from '../../accounts/service';
import { dbPool } from '../../core/db';
import { setMediaStorage } from '../../storage';
import { LocalFolderStorage } from '../../storage/local';

/** A user actor with the given role (null: an ordinary account). */
export async function makeActor(email: string, role: Role | null, region: Region | null = null): Promise<Actor & { kind: 'user' }> {
	const user = await ensureUser(SYSTEM, { email, role, region });
	return { kind: 'user', id: user.id, role, region, label: email };
}

export async function addOwner(projectId: string, userId: string): Promise<void> {
	await dbPool().query(`insert into project_owners (project_id, user_id, via) values ($1, $2, 'staff')`, [projectId, userId]);
}

export async function projectId(slug: string): Promise<string> {
	const res = await dbPool().query<{ id: string }>('select id from projects where slug = $1', [slug]);
	if (!res.rows[0]) throw new Error(`no project ${slug}`);
	return res.rows[0].id;
}

/** Media storage in a fresh temporary folder for every test. */
export function useTempMediaStorage(): () => LocalFolderStorage {
	let dir: string | undefined;
	let storage: LocalFolderStorage | undefined;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'anpacken-media-'));
		storage = new LocalFolderStorage(dir);
		setMediaStorage(storage);
	});
	afterEach(() => {
		setMediaStorage(undefined);
		if (dir) rmSync(dir, { recursive: true, force: true });
	});
	return () => {
		if (!storage) throw new Error('no media storage: call inside a test');
		return storage;
	};
}

/**
 * A 400×200 JPEG, left half red and right half blue, with EXIF orientation 6
 * (display rotated 90° clockwise), a camera make and a GPS position.
 */
export async function photoWithExifAndGps(): Promise<Buffer> {
	const width = 400;
	const height = 200;
	const raw = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 3;
			if (x < width / 2) raw[i] = 220;
			else raw[i + 2] = 220;
		}
	}
	return sharp(raw, { raw: { width, height, channels: 3 } })
		.jpeg({ quality: 90 })
		.withMetadata({ orientation: 6 })
		.withExif({
			IFD0: { Make: 'AnpackenTestCam', Model: 'Serial 4711' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 22/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '9/1 44/1 0/1' }
		})
		.toBuffer();
}

export function formWith(fields: Record<string, string>, file?: { data: Buffer; name: string; type: string }): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	if (file) form.set('image', new File([new Uint8Array(file.data)], file.name, { type: file.type }));
	return form;
}
