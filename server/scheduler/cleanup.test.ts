import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingMessenger } from '../../core/usecases/testing';
import { createRuntime } from '../runtime';
import { cleanupOnce, PREVIEW_KEEP_DAYS } from './cleanup';

it('removes import previews older than a week, and keeps the recent ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-cleanup-'));
  let now = '2026-03-20T02:00:00.000Z';
  const runtime = createRuntime({
    dbPath: join(dir, 'duban.db'),
    messenger: new RecordingMessenger(),
    secret: 'cleanup-test-secret-0123456789',
    clock: { now: () => now },
  });
  try {
    const preview = (id: string, createdAt: string) => ({
      id,
      createdBy: 'admin',
      createdAt,
      fileName: 'plan.txt',
      fingerprint: 'fp',
      parsed: { title: null, format: 'table-text' as const, tasks: [], unknownUnits: [], warnings: [] },
      preview: {
        previewId: id,
        title: null,
        format: 'table-text' as const,
        tasks: [],
        stages: [],
        unknownUnits: [],
        warnings: [],
        assignmentCount: 0,
        duplicateOfPlanId: null,
        columns: null,
        allPast: null,
        revision: null,
      },
    });
    await runtime.store.savePreview(preview('old', '2026-03-01T00:00:00.000Z'));
    await runtime.store.savePreview(preview('recent', '2026-03-19T00:00:00.000Z'));
    expect(await cleanupOnce(runtime.rt)).toEqual({ previews: 1, orphans: 0, orphanBytes: 0 });
    expect(await runtime.store.getPreview('old')).toBeNull();
    expect(await runtime.store.getPreview('recent')).not.toBeNull();
    now = new Date(Date.parse('2026-03-19T00:00:00.000Z') + (PREVIEW_KEEP_DAYS + 1) * 86_400_000).toISOString();
    expect(await cleanupOnce(runtime.rt)).toEqual({ previews: 1, orphans: 0, orphanBytes: 0 });
  } finally {
    runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
