/**
 * The CloudBase runtime: the use cases' ports wired to wx-server-sdk, as server/runtime.ts wires them to SQLite.
 * One database handle per function instance (warm invocations reuse it); Files per invocation (it checks fileIDs
 * against the caller's environment).
 */
import { randomInt, randomUUID } from 'crypto';
import { systemClock, type Clock } from '../../../core/ports/clock';
import { cryptoIdsOf, type Ids } from '../../../core/ports/ids';
import type { Runtime } from '../../../core/usecases';
import type { CloudSdk } from './cloud';
import { CloudContentCheck } from './contentCheck';
import { CloudFiles } from './files';
import type { HeadSize } from './uploadNotes';
import { UPLOAD_QUOTA, MAX_UPLOAD_BYTES } from '../../../core/usecases/uploadQuota';
import { cloudPhotos } from './photos';
import { CloudMessenger, miniprogramState } from './messenger';
import { CloudReminderStore } from './reminders';
import { CloudStore } from './store';

/** Crypto-random ids and codes (core/ports/ids.ts). */
export const cryptoIds: Ids = cryptoIdsOf({ randomUUID, randomInt });

/** The function's environment variables the runtime reads (set in the console: 云函数 → 版本与配置). */
export interface CloudEnv {
  /** 'developer' | 'trial' | 'formal' (default): which version of the mini program a message opens. */
  DUBAN_MINIPROGRAM_STATE?: string;
  /** api only: the code that binds the first admin of a fresh environment (see docs/deploy-cloudbase.md). */
  DUBAN_BOOTSTRAP_CODE?: string;
  /** remind only: milliseconds a pass may run (default: the function's timeout less 5 s, at most 50 s). */
  DUBAN_REMIND_BUDGET_MS?: string;
  /**
   * 'aggregate': the dashboard counts lights by the `$group` over every live assignment instead of reading the kept
   * counts (cloudfunctions/shared/src/lightCounts.ts), which every write still moves. A way back, and bench:cloud's
   * "before".
   */
  DUBAN_LIGHT_COUNTS?: string;
  [name: string]: string | undefined;
}

export interface CloudRuntime {
  rt: Runtime;
  store: CloudStore;
  reminders: CloudReminderStore;
}

export interface CloudRuntimeOptions {
  env?: CloudEnv;
  clock?: Clock;
  ids?: Ids;
  /** The environment id the caller is in (getWXContext().ENV). */
  envId?: string;
  /** How a stored file's size is read (tests; default a HEAD request on its temp URL: uploadNotes.ts). */
  head?: HeadSize;
}

/** A runtime over one cloud object; `store`/`reminders` may be given to reuse a warm instance's. */
export function createCloudRuntime(
  cloud: CloudSdk,
  options: CloudRuntimeOptions = {},
  shared?: { store: CloudStore; reminders: CloudReminderStore },
): CloudRuntime {
  const store =
    shared?.store ??
    new CloudStore(cloud.database({ throwOnNotFound: false }), {
      keptLightCounts: options.env?.DUBAN_LIGHT_COUNTS !== 'aggregate',
    });
  const reminders = shared?.reminders ?? new CloudReminderStore(store);
  const rt: Runtime = {
    store,
    reminders,
    files: new CloudFiles(cloud, { env: options.envId, db: store.db, head: options.head }),
    messenger: new CloudMessenger(cloud, miniprogramState(options.env?.DUBAN_MINIPROGRAM_STATE)),
    contentCheck: new CloudContentCheck(cloud),
    photos: cloudPhotos,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? cryptoIds,
    demo: false,
    // the per-person upload quota, applied when the app notes an upload (core/usecases/noteUploads.ts)
    uploadLimits: {
      maxUploadBytes: MAX_UPLOAD_BYTES,
      uploadsPerMinute: UPLOAD_QUOTA.perMinute,
      dailyUploadBytes: UPLOAD_QUOTA.perDay,
    },
  };
  return { rt, store, reminders };
}
