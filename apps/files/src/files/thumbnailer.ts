import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';

export interface Thumbnail {
  width: number;
  height: number;
  thumbnail: Buffer;
  thumbnailWidth: number;
  thumbnailHeight: number;
}

/** Longest side of a thumbnail, in pixels. */
const THUMBNAIL_SIZE = 480;
/** Images above this many pixels are not decoded (a decompression bomb guard). */
const MAX_INPUT_PIXELS = 100_000_000;

/** sharp and libvips (~28 MiB of RSS) load with the first thumbnail, not at start: an idle service does not carry them. */
let library: Promise<typeof import('sharp')> | undefined;
const loadSharp = () => (library ??= import('sharp'));

/** Reads an image's size and makes a WebP thumbnail, with sharp, from a stream of its bytes. */
@Injectable()
export class Thumbnailer {
  async make(body: Readable): Promise<Thumbnail> {
    const sharp = (await loadSharp()).default;
    const source = sharp({ limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true });
    const metadata = source.clone().metadata();
    const thumbnail = source
      .clone()
      .rotate()
      .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer({ resolveWithObject: true });
    body.on('error', (error) => source.destroy(error));
    body.pipe(source);
    const [meta, thumb] = await Promise.all([metadata, thumbnail]);
    const rotated = (meta.orientation ?? 1) >= 5;
    return {
      width: (rotated ? meta.height : meta.width) ?? thumb.info.width,
      height: (rotated ? meta.width : meta.height) ?? thumb.info.height,
      thumbnail: thumb.data,
      thumbnailWidth: thumb.info.width,
      thumbnailHeight: thumb.info.height,
    };
  }
}
