/**
 * The `api` function's image library: the server's sharp adapter, with sharp and exifr loaded from the function's
 * own node_modules (they are `dependencies` of cloudfunctions/api/package.json, installed by 云端安装依赖, and
 * external to the bundle: sharp is a native module with its libvips binary for linux-x64). When sharp cannot load
 * (not installed, another CPU), every photo is reported undecodable: the report is stored, the photo shown as
 * uploaded, without stamp or hash (docs/deploy-cloudbase.md).
 */
import { SharpPhotos } from '../../../server/photos/sharpPhotos';

export const cloudPhotos = new SharpPhotos({
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sharp: () => require('sharp') as typeof import('sharp'),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  exifr: () => require('exifr') as typeof import('exifr'),
});
