/**
 * The `api` function's image library: always the pure JavaScript / WebAssembly processor (./purePhotos.ts), on
 * whatever Node.js runtime the function runs. The bundles target CloudBase's Node 16.13 runtime, where sharp (a
 * native module that needs Node >= 18.17) cannot load; one processor everywhere on CloudBase means one behaviour
 * to test and no native dependency to install in the console (docs/deploy-cloudbase.md). It stamps the receive time
 * and the unit into the display copy, hashes the photo as the local server's sharp does (the same bits, or within
 * a bit or two: the reuse bands catch a photo across the two), and reads the EXIF capture time with exifr.
 *
 * Its libraries are loaded on the first photo: @jsquash/jpeg (decode, encode), pngjs, @resvg/resvg-wasm and exifr are
 * each a bundle of their own under the function's lib/, and the three .wasm files and the stamp font are files beside them
 * (scripts/build-cloud.ts copies them there). From the sources (tests, tsx) they come from node_modules and
 * cloudfunctions/shared/fonts/.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  defaultLibraries,
  PHOTO_ASSET_FILES,
  PurePhotos,
  STAMP_FONT_SOURCE_FILE,
  type PhotoAssets,
} from './purePhotos';

/** The directory of the function's lazily loaded libraries (scripts/build-cloud.ts LAZY_DIR). */
const LAZY_DIR = 'lib';

/** Where the wasm and the font are: beside the bundle (lib/) when built, else in the sources. */
export function cloudPhotoAssets(dir: string = __dirname): PhotoAssets {
  const lib = join(dir, LAZY_DIR);
  if (existsSync(join(lib, PHOTO_ASSET_FILES.wasm))) {
    return {
      wasm: join(lib, PHOTO_ASSET_FILES.wasm),
      jpegWasm: join(lib, PHOTO_ASSET_FILES.jpegWasm),
      jpegEncWasm: join(lib, PHOTO_ASSET_FILES.jpegEncWasm),
      font: join(lib, PHOTO_ASSET_FILES.font),
    };
  }
  const modules = resolve(__dirname, '../../../node_modules');
  return {
    wasm: join(modules, '@resvg/resvg-wasm/index_bg.wasm'),
    jpegWasm: join(modules, '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'),
    jpegEncWasm: join(modules, '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm'),
    font: resolve(__dirname, '..', 'fonts', STAMP_FONT_SOURCE_FILE),
  };
}

export const cloudPhotos = new PurePhotos(defaultLibraries(() => cloudPhotoAssets()));
