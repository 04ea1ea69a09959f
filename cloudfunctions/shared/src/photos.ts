/**
 * The `api` function's image library. The bundles target CloudBase's Node 16.13 runtime (scripts/build-cloud.ts),
 * where sharp (a native module that needs Node >= 18.17) cannot load: there every photo is kept as uploaded,
 * without a burned-in stamp or a perceptual hash, and the app shows the server's receive time and the unit beside
 * it instead. exifr is pure JavaScript and always works: the EXIF capture time and its gap are recorded on
 * CloudBase too. A deployment on a Node >= 18.17 runtime that adds sharp to cloudfunctions/api/package.json gets the
 * same stamp and reuse detection as the local server (docs/deploy-cloudbase.md).
 */
import { SharpPhotos } from '../../../server/photos/sharpPhotos';

export const cloudPhotos = new SharpPhotos();
