/**
 * Entry of the `api` cloud function (bundled by scripts/build-cloud.ts into cloudfunctions/api/index.js, with
 * wx-server-sdk left as the folder's dependency). See cloudfunctions/shared/src/apiHandler.ts.
 */
import type { CloudSdk } from '../../shared/src/cloud';
import { createApiHandler } from '../../shared/src/apiHandler';

const cloud = require('wx-server-sdk') as CloudSdk;
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

export const main = createApiHandler(cloud);
