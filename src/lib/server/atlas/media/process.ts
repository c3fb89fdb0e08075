/**
 * Uploaded images are decoded and re-encoded with sharp, never stored as
 * uploaded: the pixels are turned upright by their EXIF orientation, then
 * written as WebP without any metadata (no EXIF, no GPS position, no camera
 * serial, no XMP, no ICC profile — colours are converted to sRGB). See
 * docs/adr/0012-media-storage-and-images.md.
 */
import sharp from 'sharp';

/** Largest upload we accept (bytes). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Largest decoded image (pixels): 40 MP covers phone cameras, and keeps a decode under ~160 MB. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Long side of the stored image and of its thumbnail. */
export const MAX_SIDE = 1600;
export const THUMB_SIDE = 480;
export const ACCEPTED_FORMATS = ['jpeg', 'png', 'webp'] as const;
export const OUTPUT_MIME = 'image/webp';

export type ImageProblem = 'empty' | 'too_large' | 'not_image' | 'unsupported' | 'too_many_pixels';

export class ImageRejected extends Error {
	constructor(readonly problem: ImageProblem) {
		super(`image rejected: ${problem}`);
		this.name = 'ImageRejected';
	}
}

export interface EncodedImage {
	data: Buffer;
	width: number;
	height: number;
}

export interface ProcessedImage {
	main: EncodedImage;
	thumb: EncodedImage;
	mimeType: typeof OUTPUT_MIME;
}

/** Size of the thumbnail for a stored image of width × height (so pages can set it without reading the file). */
export function thumbSize(width: number, height: number): { width: number; height: number } {
	const long = Math.max(width, height);
	if (long <= THUMB_SIDE) return { width, height };
	const scale = THUMB_SIDE / long;
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Decodes, checks and re-encodes an upload. Throws ImageRejected for anything
 * that is not a JPEG, PNG or WebP image within the limits (a text file named
 * .jpg, a truncated or corrupt file, a decompression bomb).
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
	if (input.length === 0) throw new ImageRejected('empty');
	if (input.length > MAX_UPLOAD_BYTES) throw new ImageRejected('too_large');
	const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' as const, animated: false };
	let format: string | undefined;
	let pixels = 0;
	try {
		// Only the header is read here, so the pixel limit is checked below with a clear answer.
		const meta = await sharp(input, { ...options, limitInputPixels: false }).metadata();
		format = meta.format;
		pixels = (meta.width ?? 0) * (meta.height ?? 0);
	} catch {
		throw new ImageRejected('not_image');
	}
	if (!format || !(ACCEPTED_FORMATS as readonly string[]).includes(format)) throw new ImageRejected('unsupported');
	if (pixels <= 0) throw new ImageRejected('not_image');
	if (pixels > MAX_INPUT_PIXELS) throw new ImageRejected('too_many_pixels');

	let main: EncodedImage;
	try {
		const out = await sharp(input, options)
			.autoOrient()
			.resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
			.webp({ quality: 80, effort: 4 })
			.toBuffer({ resolveWithObject: true });
		main = { data: out.data, width: out.info.width, height: out.info.height };
	} catch (err) {
		if (err instanceof Error && /pixel limit/i.test(err.message)) throw new ImageRejected('too_many_pixels');
		// Truncated or corrupt data shows up only while decoding all pixels.
		throw new ImageRejected('not_image');
	}
	const size = thumbSize(main.width, main.height);
	const thumbOut = await sharp(main.data)
		.resize({ width: size.width, height: size.height, fit: 'fill' })
		.webp({ quality: 75, effort: 4 })
		.toBuffer({ resolveWithObject: true });
	return { main, thumb: { data: thumbOut.data, width: thumbOut.info.width, height: thumbOut.info.height }, mimeType: OUTPUT_MIME };
}
