/**
 * Institution logos: the atlas media pipeline (sharp re-encoding to WebP
 * without any metadata) at logo size, stored through the media storage.
 * The key carries the pixel size ("supporters/<random>-<w>x<h>.webp"), so
 * the wall can set width/height without a column or a file read.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { and, eq } from 'drizzle-orm';
import { db } from '../core/db';
import { ImageRejected, processImage, type ImageProblem } from '../atlas/media/process';
import { mediaStorage } from '../storage';
import { supporters } from './schema';

/** Long side of a stored logo. */
export const LOGO_SIDE = 240;
const KEY = /^supporters\/[0-9a-f]{32}-(\d{1,4})x(\d{1,4})\.webp$/;

export class LogoRejected extends Error {
	constructor(readonly problem: ImageProblem) {
		super(`logo rejected: ${problem}`);
		this.name = 'LogoRejected';
	}
}

/** Decodes, strips and re-encodes an upload (processImage), then scales it to logo size. Returns the storage key. */
export async function storeLogo(input: Buffer): Promise<string> {
	let main;
	try {
		main = (await processImage(input)).main;
	} catch (err) {
		if (err instanceof ImageRejected) throw new LogoRejected(err.problem);
		throw err;
	}
	const out = await sharp(main.data)
		.resize({ width: LOGO_SIDE, height: LOGO_SIDE, fit: 'inside', withoutEnlargement: true })
		.webp({ quality: 85, effort: 4 })
		.toBuffer({ resolveWithObject: true });
	const key = `supporters/${randomBytes(16).toString('hex')}-${out.info.width}x${out.info.height}.webp`;
	await mediaStorage().put(key, out.data, { contentType: 'image/webp' });
	return key;
}

export async function deleteLogo(key: string): Promise<void> {
	if (KEY.test(key)) await mediaStorage().delete(key);
}

export function logoSize(key: string): { width: number; height: number } | undefined {
	const m = KEY.exec(key);
	return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
}

/** The file name part of a key as used in the public logo URL. */
export function logoFileName(key: string): string {
	return key.slice('supporters/'.length);
}

/** A logo for delivery: only of confirmed supporters on the public wall; undefined (404) otherwise. */
export async function openPublicLogo(file: string): Promise<{ stream: Readable; size: number } | undefined> {
	const key = `supporters/${file}`;
	if (!KEY.test(key)) return undefined;
	const [row] = await db()
		.select({ id: supporters.id })
		.from(supporters)
		.where(and(eq(supporters.logoKey, key), eq(supporters.status, 'confirmed'), eq(supporters.publicDisplay, true)))
		.limit(1);
	if (!row) return undefined;
	const stored = await mediaStorage().get(key);
	return stored ?? undefined;
}
