/**
 * A fresh test world with the whole seed table (data/: Changsha's 2018 table, 32 tasks) imported by an
 * administrator, for tests that need a real table's size and shape; closed after `fn`.
 */
import type { ImportPreview } from '../api/contract';
import type { User } from '../model';
import { makeTestRuntime, type TestWorld } from './world';

export async function withSeedTable<T>(
  fn: (fresh: TestWorld, admin: User, preview: ImportPreview) => Promise<T>,
): Promise<T> {
  const fresh = await makeTestRuntime();
  try {
    const admin = await fresh.addUser('city-ducha', 'admin');
    const { seedTableText } = await import('../../data');
    const preview = await fresh.call(admin, 'importPlan', {
      fileName: 'seed.txt',
      base64: Buffer.from(seedTableText(), 'utf8').toString('base64'),
    });
    await fresh.call(admin, 'confirmImport', { previewId: preview.previewId });
    return await fn(fresh, admin, preview);
  } finally {
    fresh.close();
  }
}
