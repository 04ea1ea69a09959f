/**
 * Entry of the `remind` cloud function: its timer trigger (config.json) runs a reminder pass. Bundled by
 * scripts/build-cloud.ts into cloudfunctions/remind/index.js. See cloudfunctions/shared/src/remindHandler.ts.
 */
import type { CloudSdk } from '../../shared/src/cloud';
import { createRemindHandler } from '../../shared/src/remindHandler';

const cloud = require('wx-server-sdk') as CloudSdk;
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

export const main = createRemindHandler(cloud);
