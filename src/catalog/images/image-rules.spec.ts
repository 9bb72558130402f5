import sharp from 'sharp';
import { inspectImage, MAX_IMAGE_BYTES, sniffImageType, variantWidths } from './image-rules';

const image = (format: 'png' | 'jpeg' | 'webp', width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .toFormat(format)
    .toBuffer();

describe('image rules', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('knows a %s by its bytes and reads its size', async (format, type) => {
    const bytes = await image(format, 640, 480);
    expect(sniffImageType(bytes)).toBe(type);
    expect(inspectImage(bytes, type)).toEqual({ ok: true, contentType: type, width: 640, height: 480 });
  });

  it('reads the size as displayed when EXIF turns the picture', async () => {
    const turned = await sharp({ create: { width: 300, height: 500, channels: 3, background: '#fff' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect(inspectImage(turned, 'image/jpeg')).toMatchObject({ ok: true, width: 500, height: 300 });
  });

  it('refuses other bytes, a lying type, the wrong size and unreadable headers', async () => {
    const png = await image('png', 640, 480);
    expect(inspectImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png')).toEqual({
      ok: false,
      reason: 'unsupported_type',
    });
    expect(inspectImage(png, 'image/jpeg')).toEqual({ ok: false, reason: 'type_mismatch' });
    expect(inspectImage(await image('png', 199, 400), 'image/png')).toEqual({
      ok: false,
      reason: 'dimensions_out_of_range',
    });
    expect(inspectImage(Buffer.concat([png, Buffer.alloc(MAX_IMAGE_BYTES)]), 'image/png')).toEqual({
      ok: false,
      reason: 'too_large',
    });
    expect(inspectImage(png.subarray(0, 12), 'image/png')).toEqual({ ok: false, reason: 'undecodable' });
  });

  it('makes the standard variants narrower than the original, or one at its own width', () => {
    expect(variantWidths(4000)).toEqual([320, 800, 1600]);
    expect(variantWidths(800)).toEqual([320]);
    expect(variantWidths(250)).toEqual([250]);
  });
});
