/**
 * Images of atlas entries (issue 3): owners and staff (mayEdit) upload up to
 * MAX_IMAGES per entry with alt text and a rights statement; the file is
 * re-encoded without metadata (process.ts) and kept in media storage; the row
 * in project_images says what it is. Images are not part of the entry
 * snapshot: every change bumps the revision, saves a revision (so the change
 * shows up in the moderators' review of owner edits) and is recorded in the
 * audit log with the image details.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fieldErrorsFrom, type FieldErrors } from '../../../forms/errors';
import type { Actor } from '../../access/policy';
import { record } from '../../audit/service';
import { dbPool, transaction } from '../../core/db';
import { log } from '../../core/log';
import { isMediaKey, mediaStorage } from '../../storage';
import { mayEdit, saveRevision, type Queryable } from '../snapshot';
import { authorOf, bumpRevision, editKind, findEntryBySlug, lockEntry, type EntryRef } from './entry';
import { ImageRejected, processImage, thumbSize, MAX_UPLOAD_BYTES } from './process';

export const MAX_IMAGES = 6;
export const ALT_MAX = 300;
export const RIGHTS_MAX = 300;

export interface ImageView {
	id: string;
	position: number;
	url: string;
	thumbUrl: string;
	width: number;
	height: number;
	thumbWidth: number;
	thumbHeight: number;
	bytes: number;
	/** '' for decorative images. */
	alt: string;
	rights: string;
	mimeType: string;
}

/** On the detail page: the alt text is written in the entry's source language. */
export interface PublicImageView extends ImageView {
	altLocale: string;
}

interface ImageRow {
	id: string;
	position: number;
	storage_key: string;
	mime_type: string;
	width: number;
	height: number;
	bytes: number;
	alt: string;
	rights: string;
}

/** Thumbnails sit beside the image: atlas/<id>.webp → atlas/<id>-480.webp. */
export function thumbKey(key: string): string {
	return key.replace(/\.webp$/, '-480.webp');
}

function newKey(): string {
	return `atlas/${randomBytes(16).toString('hex')}.webp`;
}

function present(row: ImageRow): ImageView {
	const storage = mediaStorage();
	const thumb = thumbSize(row.width, row.height);
	return {
		id: row.id,
		position: row.position,
		url: storage.url(row.storage_key),
		thumbUrl: storage.url(thumbKey(row.storage_key)),
		width: row.width,
		height: row.height,
		thumbWidth: thumb.width,
		thumbHeight: thumb.height,
		bytes: row.bytes,
		alt: row.alt,
		rights: row.rights,
		mimeType: row.mime_type
	};
}

async function imageRows(projectId: string, q: Queryable = dbPool()): Promise<ImageRow[]> {
	const res = await q.query<ImageRow>(
		`select id, position, storage_key, mime_type, width, height, bytes, alt, rights
		from project_images where project_id = $1 order by position, created_at, id`,
		[projectId]
	);
	return res.rows;
}

/** Images of a published entry, in order, for the detail page (others: none). */
export async function publicImages(projectId: string): Promise<PublicImageView[]> {
	const res = await dbPool().query<ImageRow & { source_locale: string }>(
		`select i.id, i.position, i.storage_key, i.mime_type, i.width, i.height, i.bytes, i.alt, i.rights, p.source_locale
		from project_images i join projects p on p.id = i.project_id
		where i.project_id = $1 and p.status = 'published' order by i.position, i.created_at, i.id`,
		[projectId]
	);
	return res.rows.map((row) => ({ ...present(row), altLocale: row.source_locale }));
}

export type PageOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'not_found' | 'forbidden' };

async function editableEntry(actor: Actor, slug: string): Promise<PageOutcome<EntryRef>> {
	const entry = await findEntryBySlug(slug);
	if (!entry) return { ok: false, reason: 'not_found' };
	if (!(await mayEdit(actor, entry.id))) return { ok: false, reason: 'forbidden' };
	return { ok: true, value: entry };
}

/** The images page: the entry and its images, for people who may edit it. */
export async function imagesPage(actor: Actor, slug: string): Promise<PageOutcome<{ entry: EntryRef; images: ImageView[]; max: number }>> {
	const entry = await editableEntry(actor, slug);
	if (!entry.ok) return entry;
	const rows = await imageRows(entry.value.id);
	return { ok: true, value: { entry: entry.value, images: rows.map(present), max: MAX_IMAGES } };
}

const textsSchema = z
	.object({
		alt: z.string().trim().max(ALT_MAX, { error: 'media_error_alt_too_long' }),
		decorative: z.boolean(),
		rights: z
			.string()
			.trim()
			.min(1, { error: 'media_error_rights_required' })
			.max(RIGHTS_MAX, { error: 'media_error_rights_too_long' })
	})
	.superRefine((v, ctx) => {
		if (!v.decorative && v.alt === '') ctx.addIssue({ code: 'custom', path: ['alt'], message: 'media_error_alt_required' });
	});

export type UploadValues = {
	alt: string;
	rights: string;
	decorative: string;
};

function uploadValues(form: FormData): UploadValues {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, 2000) : '';
	};
	return { alt: text('alt'), rights: text('rights'), decorative: form.get('decorative') ? 'on' : '' };
}

const PROBLEM_KEYS: Record<string, string> = {
	empty: 'media_error_file_missing',
	too_large: 'media_error_file_too_large',
	not_image: 'media_error_file_not_image',
	unsupported: 'media_error_file_unsupported',
	too_many_pixels: 'media_error_file_too_many_pixels'
};

export type UploadOutcome =
	| { ok: true; image: ImageView }
	| { ok: false; reason: 'not_found' | 'forbidden' }
	| { ok: false; reason: 'invalid'; values: UploadValues; errors: FieldErrors };

/** Validates the form, re-encodes the file, stores both sizes, then records the row (max MAX_IMAGES per entry). */
export async function addImage(actor: Actor, slug: string, form: FormData, ctx: { requestId?: string } = {}): Promise<UploadOutcome> {
	const found = await editableEntry(actor, slug);
	if (!found.ok) return found;
	const entry = found.value;
	const values = uploadValues(form);
	const parsed = textsSchema.safeParse({ alt: values.alt, rights: values.rights, decorative: values.decorative === 'on' });
	const errors: FieldErrors = parsed.success ? {} : fieldErrorsFrom(parsed.error.issues, 'alt');

	const file = form.get('image');
	let bytes: Buffer | null = null;
	if (!(file instanceof Blob) || file.size === 0) errors.image = 'media_error_file_missing';
	else if (file.size > MAX_UPLOAD_BYTES) errors.image = 'media_error_file_too_large';
	else bytes = Buffer.from(await file.arrayBuffer());

	const count = (await imageRows(entry.id)).length;
	if (count >= MAX_IMAGES) errors.image = 'media_error_limit';
	if (Object.keys(errors).length > 0 || !bytes || !parsed.success) return { ok: false, reason: 'invalid', values, errors };

	let processed;
	try {
		processed = await processImage(bytes);
	} catch (err) {
		if (!(err instanceof ImageRejected)) throw err;
		return { ok: false, reason: 'invalid', values, errors: { image: PROBLEM_KEYS[err.problem] ?? 'media_error_file_not_image' } };
	}

	const storage = mediaStorage();
	const key = newKey();
	await storage.put(key, processed.main.data, { contentType: processed.mimeType });
	await storage.put(thumbKey(key), processed.thumb.data, { contentType: processed.mimeType });
	const alt = parsed.data.decorative ? '' : parsed.data.alt;
	try {
		const row = await transaction(async (tx, client) => {
			if ((await lockEntry(client, entry.id)) === null) return null;
			const existing = await client.query<{ n: number; next: number }>(
				'select count(*)::int as n, coalesce(max(position) + 1, 0)::int as next from project_images where project_id = $1',
				[entry.id]
			);
			const { n, next } = existing.rows[0]!;
			if (n >= MAX_IMAGES) return 'limit' as const;
			const inserted = await client.query<ImageRow>(
				`insert into project_images (project_id, position, storage_key, mime_type, width, height, bytes, alt, rights, created_by)
				values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
				returning id, position, storage_key, mime_type, width, height, bytes, alt, rights`,
				[entry.id, next, key, processed.mimeType, processed.main.width, processed.main.height, processed.main.data.length, alt, parsed.data.rights, authorOf(actor)]
			);
			const image = inserted.rows[0]!;
			await bumpRevision(client, entry.id);
			await saveRevision(client, entry.id, editKind(actor), authorOf(actor));
			await record(
				actor,
				{
					action: 'atlas.image.add',
					entity: 'project',
					entityId: entry.id,
					after: { image: image.id, key, alt, rights: image.rights, width: image.width, height: image.height, bytes: image.bytes },
					requestId: ctx.requestId
				},
				tx
			);
			return image;
		});
		if (row === null || row === 'limit') {
			await removeFiles(key);
			if (row === null) return { ok: false, reason: 'not_found' };
			return { ok: false, reason: 'invalid', values, errors: { image: 'media_error_limit' } };
		}
		return { ok: true, image: present(row) };
	} catch (err) {
		await removeFiles(key);
		throw err;
	}
}

async function removeFiles(key: string): Promise<void> {
	const storage = mediaStorage();
	for (const k of [key, thumbKey(key)]) {
		try {
			await storage.delete(k);
		} catch (err) {
			// An orphaned file is harmless (nobody can reach it without a row); log it for cleanup.
			log.warn({ key: k, err: err instanceof Error ? err.message : String(err) }, 'could not delete media file');
		}
	}
}

export type ChangeOutcome = { ok: true } | { ok: false; reason: 'not_found' | 'forbidden' };

const uuid = z.uuid();

/** Deletes an image: the row in the transaction, the files after it committed. */
export async function deleteImage(actor: Actor, slug: string, imageId: string, ctx: { requestId?: string } = {}): Promise<ChangeOutcome> {
	const found = await editableEntry(actor, slug);
	if (!found.ok) return found;
	const entry = found.value;
	if (!uuid.safeParse(imageId).success) return { ok: false, reason: 'not_found' };
	const removed = await transaction(async (tx, client) => {
		if ((await lockEntry(client, entry.id)) === null) return null;
		const res = await client.query<ImageRow>(
			`delete from project_images where id = $1 and project_id = $2
			returning id, position, storage_key, mime_type, width, height, bytes, alt, rights`,
			[imageId, entry.id]
		);
		const row = res.rows[0];
		if (!row) return null;
		await renumber(client, entry.id);
		await bumpRevision(client, entry.id);
		await saveRevision(client, entry.id, editKind(actor), authorOf(actor));
		await record(
			actor,
			{ action: 'atlas.image.delete', entity: 'project', entityId: entry.id, before: { image: row.id, key: row.storage_key, alt: row.alt, rights: row.rights }, requestId: ctx.requestId },
			tx
		);
		return row;
	});
	if (!removed) return { ok: false, reason: 'not_found' };
	await removeFiles(removed.storage_key);
	return { ok: true };
}

async function renumber(client: Queryable, projectId: string): Promise<void> {
	await client.query(
		`update project_images i set position = o.n
		from (select id, (row_number() over (order by position, created_at, id) - 1)::int as n from project_images where project_id = $1) o
		where i.id = o.id and i.position <> o.n`,
		[projectId]
	);
}

/** Moves an image one place up (earlier) or down; the first image is the entry's preview (og:image). */
export async function moveImage(actor: Actor, slug: string, imageId: string, direction: 'up' | 'down', ctx: { requestId?: string } = {}): Promise<ChangeOutcome> {
	const found = await editableEntry(actor, slug);
	if (!found.ok) return found;
	const entry = found.value;
	if (!uuid.safeParse(imageId).success) return { ok: false, reason: 'not_found' };
	const moved = await transaction(async (tx, client) => {
		if ((await lockEntry(client, entry.id)) === null) return false;
		await renumber(client, entry.id);
		const rows = (await client.query<{ id: string; position: number }>('select id, position from project_images where project_id = $1 order by position', [entry.id])).rows;
		const index = rows.findIndex((r) => r.id === imageId);
		if (index < 0) return false;
		const other = rows[direction === 'up' ? index - 1 : index + 1];
		// Already first or last: nothing to do, and nothing to record.
		if (!other) return true;
		const me = rows[index]!;
		await client.query('update project_images set position = $2 where id = $1', [me.id, other.position]);
		await client.query('update project_images set position = $2 where id = $1', [other.id, me.position]);
		await bumpRevision(client, entry.id);
		await saveRevision(client, entry.id, editKind(actor), authorOf(actor));
		await record(
			actor,
			{ action: 'atlas.image.move', entity: 'project', entityId: entry.id, before: { image: me.id, position: me.position }, after: { image: me.id, position: other.position }, requestId: ctx.requestId },
			tx
		);
		return true;
	});
	return moved ? { ok: true } : { ok: false, reason: 'not_found' };
}

export interface MediaFile {
	stream: import('node:stream').Readable;
	size: number;
	mimeType: string;
	/** Published entry: cacheable by anyone. Otherwise only its editors see it, uncached. */
	public: boolean;
}

const DELIVERED = /^atlas\/([0-9a-f]{32})(-480)?\.webp$/;

/**
 * A stored image for /media/<key>: images of published entries for everyone,
 * others only for people who may edit the entry; null (404) otherwise, so an
 * unpublished entry's image cannot even be confirmed to exist.
 */
export async function openMedia(actor: Actor, key: string): Promise<MediaFile | null> {
	if (!isMediaKey(key)) return null;
	const m = DELIVERED.exec(key);
	if (!m) return null;
	const mainKey = `atlas/${m[1]}.webp`;
	const res = await dbPool().query<{ mime_type: string; project_id: string; status: string }>(
		`select i.mime_type, i.project_id, p.status from project_images i join projects p on p.id = i.project_id where i.storage_key = $1`,
		[mainKey]
	);
	const row = res.rows[0];
	if (!row) return null;
	const isPublic = row.status === 'published';
	if (!isPublic && !(await mayEdit(actor, row.project_id))) return null;
	const stored = await mediaStorage().get(key);
	if (!stored) return null;
	return { stream: stored.stream, size: stored.size, mimeType: row.mime_type, public: isPublic };
}
