/**
 * The Store contract against a REAL CloudBase environment, through wx-server-sdk over the network. It runs only
 * when an environment and keys are given, because it cannot run offline:
 *
 *   DUBAN_TCB_ENV=<test env id> TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… DUBAN_TCB_WIPE_OK=1 \
 *     npx jest cloudfunctions/shared/src/store.tcb.test.ts
 *
 * Use a test environment: before each test it empties every duban_* collection (DUBAN_TCB_WIPE_OK=1 says you
 * mean it). Without them the suite reports, in one test, that it was skipped and why: it is not counted as
 * coverage of the real database.
 */
import { runStoreContract } from '../../../core/ports/store.contract';
import type { CloudDatabase, CloudSdk } from './cloud';
import { ALL_COLLECTIONS } from './collections';
import { CloudStore } from './store';

const REQUIRED = ['DUBAN_TCB_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'DUBAN_TCB_WIPE_OK'] as const;
const missing = REQUIRED.filter((name) => !process.env[name]);

async function emptyCollections(db: CloudDatabase): Promise<void> {
  for (const name of ALL_COLLECTIONS) {
    try {
      await db.createCollection(name);
    } catch {
      // exists already
    }
    await db
      .collection(name)
      .where({ _id: db.command.exists(true) })
      .remove();
  }
}

if (missing.length === 0) {
  jest.setTimeout(120_000);
  const cloud = require('wx-server-sdk') as CloudSdk & { init(config: Record<string, unknown>): void };
  cloud.init({
    env: process.env.DUBAN_TCB_ENV,
    secretId: process.env.TENCENTCLOUD_SECRETID,
    secretKey: process.env.TENCENTCLOUD_SECRETKEY,
  });
  const db = cloud.database({ throwOnNotFound: false });
  runStoreContract(`CloudBase store on the real environment ${process.env.DUBAN_TCB_ENV}`, async () => {
    await emptyCollections(db);
    return new CloudStore(db);
  });
} else {
  const reason = `skipped: the Store contract on a real CloudBase environment needs ${missing.join(', ')} (see the comment at the top of this file); offline, store.fake.test.ts runs the same contract on the in-memory double`;
  console.warn(`store.tcb.test.ts ${reason}`);
  describe('Store contract on a real CloudBase environment', () => {
    it('is SKIPPED (no environment and keys given): it says which are missing', () => {
      expect(reason).toContain(missing[0]);
    });
  });
}
