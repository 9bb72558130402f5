import { imageSize } from 'image-size';

export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];

/** 10 MB: the largest original accepted. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Pixel bounds of either side of an original. */
export const MIN_IMAGE_PX = 200;
export const MAX_IMAGE_PX = 8000;
export const MAX_IMAGES_PER_EVENT = 10;
/** How long an upload URL works. */
export const UPLOAD_TTL_SECONDS = 15 * 60;
/** How long the image URLs in a response work at least (a week at most on S3; see presignDownload). */
export const IMAGE_URL_TTL_SECONDS = 6 * 24 * 3600;
/** The widths of the WebP variants, made only narrower than the original. */
export const VARIANT_WIDTHS = [320, 800, 1600] as const;

/** Why an upload was refused (`IMAGE_INVALID`'s `details.reason`, a failed image's `failureReason`). */
export const IMAGE_REFUSALS = [
  'unsupported_type',
  'type_mismatch',
  'too_large',
  'dimensions_out_of_range',
  'undecodable',
] as const;
export type ImageRefusal = (typeof IMAGE_REFUSALS)[number];

export type ImageInspection =
  | { ok: true; contentType: ImageContentType; width: number; height: number }
  | { ok: false; reason: ImageRefusal };

/** The type the bytes are, by their magic numbers, whatever anyone declared. */
export function sniffImageType(bytes: Buffer): ImageContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  return null;
}

/**
 * The checks an upload must pass before anything decodes it: a JPEG, PNG or WebP by its bytes, of the type it
 * was declared as, at most 10 MB, and 200 to 8000 pixels a side (read from its header, as displayed: EXIF
 * orientation applied).
 */
export function inspectImage(bytes: Buffer, declared: string): ImageInspection {
  if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, reason: 'too_large' };
  const contentType = sniffImageType(bytes);
  if (!contentType) return { ok: false, reason: 'unsupported_type' };
  if (contentType !== declared) return { ok: false, reason: 'type_mismatch' };
  let width: number;
  let height: number;
  try {
    const size = imageSize(bytes);
    // EXIF orientations 5 to 8 turn the picture a quarter: it shows (and its variants are made) the other way.
    const turned = (size.orientation ?? 1) >= 5;
    [width, height] = turned ? [size.height, size.width] : [size.width, size.height];
  } catch {
    return { ok: false, reason: 'undecodable' };
  }
  const inBounds = (px: number) => Number.isInteger(px) && px >= MIN_IMAGE_PX && px <= MAX_IMAGE_PX;
  if (!inBounds(width) || !inBounds(height)) return { ok: false, reason: 'dimensions_out_of_range' };
  return { ok: true, contentType, width, height };
}

/** The variant widths for an original this wide: the standard ones below it, or its own width if none is. */
export function variantWidths(width: number): number[] {
  const narrower = VARIANT_WIDTHS.filter((w) => w < width);
  return narrower.length > 0 ? [...narrower] : [width];
}

/**
 * Where the browser uploads: never served, and copied to `originalKey` once checked, so a second PUT to a still
 * valid upload URL cannot swap the bytes of an accepted image.
 */
export const uploadKey = (eventId: string, imageId: string) => `events/${eventId}/images/${imageId}/upload`;
export const originalKey = (eventId: string, imageId: string) =>
  `events/${eventId}/images/${imageId}/original`;
export const variantKey = (eventId: string, imageId: string, width: number) =>
  `events/${eventId}/images/${imageId}/w${width}.webp`;
