import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/helpers/db';
import { ANONYMOUS } from '../../access/policy';
import { seedAtlasExamples } from '../demo';
import { MAX_INPUT_PIXELS, MAX_UPLOAD_BYTES } from './process';
import { addImage, deleteImage, imagesPage, MAX_IMAGES, moveImage, openMedia, publicImages, thumbKey } from './service';
import { addOwner, formWith, makeActor, photoWithExifAndGps, projectId, useTempMediaStorage } from './test-helpers';

const t = useTestDatabase();
const storage = useTempMediaStorage();

const SLUG = 'deutschvermittler-hemmingen';
const fields = { alt: 'Menschen im Sprachcafé an einem Tisch', rights: 'Foto: Deutschvermittler Hemmingen, CC BY 4.0' };

async function smallPng(seed = 0): Promise<Buffer> {
	return sharp({ create: { width: 60 + seed, height: 40, channels: 3, background: { r: seed * 30, g: 120, b: 80 } } })
		.png()
		.toBuffer();
}

async function storedKeys(): Promise<string[]> {
	const res = await t().pool.query<{ storage_key: string }>('select storage_key from project_images order by position');
	return res.rows.map((r) => r.storage_key);
}

describe('entry images', () => {
	it('re-encodes an upload upright and without EXIF or GPS, with a thumbnail', async () => {
		t();
		await seedAtlasExamples();
		const staff = await makeActor('moderator@example.org', 'moderator');
		const photo = await photoWithExifAndGps();
		// The fixture really carries what must go: orientation, camera make and a GPS IFD (tag 0x8825).
		const input = await sharp(photo).metadata();
		expect(input.orientation).toBe(6);
		expect(input.exif?.includes('AnpackenTestCam')).toBe(true);
		expect(input.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);

		const result = await addImage(staff, SLUG, formWith(fields, { data: photo, name: 'IMG_0001.jpg', type: 'image/jpeg' }));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.image).toMatchObject({ width: 200, height: 400, mimeType: 'image/webp', alt: fields.alt, rights: fields.rights });

		const key = (await storedKeys())[0]!;
		const stored = await storage().get(key);
		const bytes = await buffer(stored!.stream);
		const meta = await sharp(bytes).metadata();
		expect(meta.format).toBe('webp');
		expect(meta.exif).toBeUndefined();
		expect(meta.xmp).toBeUndefined();
		expect(meta.icc).toBeUndefined();
		expect(meta.orientation).toBeUndefined();
		expect(bytes.includes('AnpackenTestCam')).toBe(false);
		expect(bytes.includes('Exif')).toBe(false);
		// Orientation applied: the left (red) half of the stored pixels is now on top.
		expect([meta.width, meta.height]).toEqual([200, 400]);
		const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
		const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
		expect(px(100, 50)[0]).toBeGreaterThan(150);
		expect(px(100, 50)[2]).toBeLessThan(80);
		expect(px(100, 350)[2]).toBeGreaterThan(150);
		expect(px(100, 350)[0]).toBeLessThan(80);

		const thumb = await storage().get(thumbKey(key));
		const thumbMeta = await sharp(await buffer(thumb!.stream)).metadata();
		expect([thumbMeta.width, thumbMeta.height]).toEqual([200, 400]);
		expect(thumbMeta.exif).toBeUndefined();

		// The change is an audited, revisioned write.
		const audit = await t().pool.query(`select action, after from audit_log where entity_id = $1`, [await projectId(SLUG)]);
		expect(audit.rows).toEqual([expect.objectContaining({ action: 'atlas.image.add' })]);
		const rev = await t().pool.query(`select p.revision, r.kind from projects p join project_revisions r on r.project_id = p.id and r.revision = p.revision where p.slug = $1`, [SLUG]);
		expect(rev.rows).toEqual([{ revision: 2, kind: 'staff_edit' }]);
	});

	it('scales large images to 1600 px and thumbnails to 480 px on the long side', async () => {
		t();
		await seedAtlasExamples();
		const staff = await makeActor('moderator@example.org', 'moderator');
		const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#336699' } }).jpeg().toBuffer();
		const result = await addImage(staff, SLUG, formWith(fields, { data: big, name: 'big.jpg', type: 'image/jpeg' }));
		expect(result.ok && result.image).toMatchObject({ width: 1600, height: 1067, thumbWidth: 480, thumbHeight: 320 });
		const key = (await storedKeys())[0]!;
		const thumb = await storage().get(thumbKey(key));
		const meta = await sharp(await buffer(thumb!.stream)).metadata();
		expect([meta.width, meta.height]).toEqual([480, 320]);
	});

	it('refuses a text file named .jpg, corrupt and unsupported files, and keeps what was typed', async () => {
		t();
		await seedAtlasExamples();
		const staff = await makeActor('moderator@example.org', 'moderator');
		const textFile = await addImage(staff, SLUG, formWith(fields, { data: Buffer.from('this is not a picture\n'.repeat(40)), name: 'photo.jpg', type: 'image/jpeg' }));
		expect(textFile).toMatchObject({ ok: false, reason: 'invalid', errors: { image: 'media_error_file_not_image' }, values: { alt: fields.alt, rights: fields.rights } });

		const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#884422' } }).jpeg().toBuffer();
		const truncated = await addImage(staff, SLUG, formWith(fields, { data: jpeg.subarray(0, Math.floor(jpeg.length / 2)), name: 'cut.jpg', type: 'image/jpeg' }));
		expect(truncated).toMatchObject({ ok: false, errors: { image: 'media_error_file_not_image' } });

		const gif = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } }).gif().toBuffer();
		const unsupported = await addImage(staff, SLUG, formWith(fields, { data: gif, name: 'anim.gif', type: 'image/gif' }));
		expect(unsupported).toMatchObject({ ok: false, errors: { image: 'media_error_file_unsupported' } });

		const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
		const svgResult = await addImage(staff, SLUG, formWith(fields, { data: svg, name: 'x.png', type: 'image/png' }));
		expect(svgResult).toMatchObject({ ok: false, errors: { image: 'media_error_file_unsupported' } });

		const missing = await addImage(staff, SLUG, formWith({ alt: '', rights: '' }));
		expect(missing).toMatchObject({
			ok: false,
			errors: { image: 'media_error_file_missing', alt: 'media_error_alt_required', rights: 'media_error_rights_required' }
		});
		expect(await storedKeys()).toEqual([]);
		expect(storage().root).toBeTruthy();
		const { readdirSync } = await import('node:fs');
		expect(readdirSync(storage().root, { recursive: true }).filter((f) => String(f).endsWith('.webp'))).toEqual([]);
	});

	it('accepts a decorative image without alt text but never without a rights statement', async () => {
		t();
		await seedAtlasExamples();
		const staff = await makeActor('moderator@example.org', 'moderator');
		const png = await smallPng();
		const noRights = await addImage(staff, SLUG, formWith({ alt: '', decorative: 'on', rights: ' ' }, { data: png, name: 'a.png', type: 'image/png' }));
		expect(noRights).toMatchObject({ ok: false, errors: { rights: 'media_error_rights_required' }, values: { decorative: 'on' } });
		const ok = await addImage(staff, SLUG, formWith({ alt: 'ignored because decorative', decorative: 'on', rights: 'Grafik: Bündnis' }, { data: png, name: 'a.png', type: 'image/png' }));
		expect(ok.ok && ok.image.alt).toBe('');
	});

	it('enforces the size, pixel and count limits', async () => {
		t();
		await seedAtlasExamples();
		const staff = await makeActor('moderator@example.org', 'moderator');
		const tooBig = Buffer.concat([await smallPng(), Buffer.alloc(MAX_UPLOAD_BYTES)]);
		expect(await addImage(staff, SLUG, formWith(fields, { data: tooBig, name: 'big.png', type: 'image/png' }))).toMatchObject({
			ok: false,
			errors: { image: 'media_error_file_too_large' }
		});
		// A small file that decodes to more pixels than allowed (a decompression bomb in miniature).
		const side = Math.ceil(Math.sqrt(MAX_INPUT_PIXELS)) + 10;
		const bomb = await sharp({ create: { width: side, height: side, channels: 3, background: '#fff' } }).greyscale().png({ compressionLevel: 9 }).toBuffer();
		expect(bomb.length).toBeLessThan(MAX_UPLOAD_BYTES);
		expect(await addImage(staff, SLUG, formWith(fields, { data: bomb, name: 'bomb.png', type: 'image/png' }))).toMatchObject({
			ok: false,
			errors: { image: 'media_error_file_too_many_pixels' }
		});

		for (let i = 0; i < MAX_IMAGES; i++) {
			const r = await addImage(staff, SLUG, formWith(fields, { data: await smallPng(i), name: `${i}.png`, type: 'image/png' }));
			expect(r.ok, `image ${i + 1}`).toBe(true);
		}
		const seventh = await addImage(staff, SLUG, formWith(fields, { data: await smallPng(7), name: '7.png', type: 'image/png' }));
		expect(seventh).toMatchObject({ ok: false, errors: { image: 'media_error_limit' } });
		expect(await storedKeys()).toHaveLength(MAX_IMAGES);
	});

	it('lets owners and staff manage images, nobody else', async () => {
		t();
		await seedAtlasExamples();
		const id = await projectId(SLUG);
		const owner = await makeActor('owner@example.org', null);
		const stranger = await makeActor('stranger@example.org', null);
		const editor = await makeActor('editor@example.org', 'editor');
		await addOwner(id, owner.id);
		expect(await imagesPage(ANONYMOUS, SLUG)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await imagesPage(stranger, SLUG)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await imagesPage(editor, SLUG)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await imagesPage(owner, 'no-such-entry')).toEqual({ ok: false, reason: 'not_found' });
		expect(await addImage(stranger, SLUG, formWith(fields, { data: await smallPng(), name: 'a.png', type: 'image/png' }))).toEqual({
			ok: false,
			reason: 'forbidden'
		});

		const a = await addImage(owner, SLUG, formWith({ ...fields, alt: 'Erstes Bild' }, { data: await smallPng(1), name: 'a.png', type: 'image/png' }));
		const b = await addImage(owner, SLUG, formWith({ ...fields, alt: 'Zweites Bild' }, { data: await smallPng(2), name: 'b.png', type: 'image/png' }));
		if (!a.ok || !b.ok) throw new Error('upload failed');
		const kinds = await t().pool.query<{ kind: string }>('select kind from project_revisions where project_id = $1 order by revision', [id]);
		expect(kinds.rows.map((r) => r.kind)).toEqual(['owner_edit', 'owner_edit']);

		expect(await moveImage(stranger, SLUG, b.image.id, 'up')).toEqual({ ok: false, reason: 'forbidden' });
		expect(await moveImage(owner, SLUG, b.image.id, 'up')).toEqual({ ok: true });
		let page = await imagesPage(owner, SLUG);
		expect(page.ok && page.value.images.map((i) => i.alt)).toEqual(['Zweites Bild', 'Erstes Bild']);
		expect(await moveImage(owner, SLUG, b.image.id, 'up')).toEqual({ ok: true });
		page = await imagesPage(owner, SLUG);
		expect(page.ok && page.value.images.map((i) => i.alt)).toEqual(['Zweites Bild', 'Erstes Bild']);

		expect(await deleteImage(stranger, SLUG, b.image.id)).toEqual({ ok: false, reason: 'forbidden' });
		const keyB = (await storedKeys())[0]!;
		expect(await deleteImage(owner, SLUG, b.image.id)).toEqual({ ok: true });
		expect(await storage().exists(keyB)).toBe(false);
		expect(await storage().exists(thumbKey(keyB))).toBe(false);
		page = await imagesPage(owner, SLUG);
		expect(page.ok && page.value.images.map((i) => [i.alt, i.position])).toEqual([['Erstes Bild', 0]]);
		expect(await deleteImage(owner, SLUG, b.image.id)).toEqual({ ok: false, reason: 'not_found' });
		const actions = await t().pool.query<{ action: string }>('select action from audit_log where entity_id = $1 order by id', [id]);
		expect(actions.rows.map((r) => r.action)).toEqual(['atlas.image.add', 'atlas.image.add', 'atlas.image.move', 'atlas.image.delete']);
	});
});

describe('media delivery', () => {
	it('serves images of published entries to everyone and others only to their editors', async () => {
		t();
		await seedAtlasExamples();
		const id = await projectId(SLUG);
		const owner = await makeActor('owner@example.org', null);
		const stranger = await makeActor('stranger@example.org', null);
		await addOwner(id, owner.id);
		const up = await addImage(owner, SLUG, formWith(fields, { data: await smallPng(), name: 'a.png', type: 'image/png' }));
		if (!up.ok) throw new Error('upload failed');
		const key = up.image.url.replace('/media/', '');

		const pub = await openMedia(ANONYMOUS, key);
		expect(pub).toMatchObject({ mimeType: 'image/webp', public: true });
		expect((await sharp(await buffer(pub!.stream)).metadata()).format).toBe('webp');
		expect(await openMedia(ANONYMOUS, thumbKey(key))).toMatchObject({ public: true });
		expect((await publicImages(id)).map((i) => i.alt)).toEqual([fields.alt]);

		await t().pool.query(`update projects set status = 'submitted' where id = $1`, [id]);
		expect(await openMedia(ANONYMOUS, key)).toBeNull();
		expect(await openMedia(stranger, key)).toBeNull();
		expect(await openMedia(owner, key)).toMatchObject({ public: false });
		expect(await openMedia(await makeActor('admin@example.org', 'admin'), thumbKey(key))).toMatchObject({ public: false });
		expect(await publicImages(id)).toEqual([]);

		expect(await openMedia(ANONYMOUS, 'atlas/00000000000000000000000000000000.webp')).toBeNull();
		expect(await openMedia(ANONYMOUS, '../../etc/passwd')).toBeNull();
		expect(await openMedia(ANONYMOUS, key.replace('.webp', '.png'))).toBeNull();
	});
});
