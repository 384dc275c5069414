import { ParleyError } from '@parley/protocol';
import sharp from 'sharp';

/** The image types the server decodes; any other image (SVG, TIFF, ...) is stored as a document. */
export const decodedImageTypes = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

export interface ProcessedImage {
  width: number;
  height: number;
}

const thumbnailEdge = 320;

/**
 * Writes `output`: the image turned upright by its EXIF orientation and re-encoded in its own
 * format, which drops every piece of metadata (GPS, camera, comments); and `thumbnail`, a WebP
 * at most 320 px on a side. Images over `pixelsMax` are refused before they are decoded.
 */
export async function processImage(input: string, output: string, thumbnail: string, pixelsMax: number): Promise<ProcessedImage> {
  let info;
  try {
    const image = sharp(input, { limitInputPixels: pixelsMax, animated: true });
    info = await image.rotate().toFile(output);
    await sharp(output, { limitInputPixels: pixelsMax }).resize(thumbnailEdge, thumbnailEdge, { fit: 'inside', withoutEnlargement: true }).webp().toFile(thumbnail);
  } catch (error) {
    const message = error instanceof Error && /pixel limit/i.test(error.message) ? `Images may have at most ${pixelsMax} pixels.` : 'The image could not be decoded.';
    throw new ParleyError('unsupported_type', message);
  }
  const meta = await sharp(output, { limitInputPixels: false }).metadata();
  // An animation's pages stack vertically in sharp's height: the frame height is what shows.
  return { width: info.width, height: meta.pageHeight ?? info.height };
}
