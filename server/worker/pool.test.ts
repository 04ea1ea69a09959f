/**
 * The heavy action path of the local server (server/worker/): admitted and scoped on the request thread, run by the
 * same use case in the worker on a read-only connection, its writes made by the request thread's store; and the
 * fallback for a database in memory (no second connection: the action runs on the request thread).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../core/model';
import { addDays, beijingDate } from '../../core/time';
import type { Caller } from '../../core/usecases';
import { lightBands } from '../../core/usecases/lightBands';
import { generateProvince, provinceAt, SUPERVISOR_PRINCIPAL } from '../bench/province';
import { createRuntime, type ServerRuntime } from '../runtime';
import { openSqliteStore } from '../store/sqlite';

const NOW = new Date().toISOString();
let dir: string;
let dbPath: string;
let contactPrincipal: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duban-pool-'));
  dbPath = join(dir, 'duban.db');
  const store = openSqliteStore(dbPath);
  const province = generateProvince(store.db, provinceAt(0.01, beijingDate(NOW), NOW));
  contactPrincipal = province.contactPrincipal(province.unitIds[1]);
  await store.saveSettings(DEFAULT_SETTINGS);
  store.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function callerOf(runtime: ServerRuntime, principal: string): Promise<Caller> {
  const user = await runtime.store.getUserByPrincipal(principal);
  if (!user) throw new Error(`no user ${principal}`);
  return { principal, throttleKey: principal, user };
}

describe('a heavy action with the worker on', () => {
  let runtime: ServerRuntime;
  beforeAll(() => {
    runtime = createRuntime({
      dbPath,
      worker: true,
      messenger: { send: async () => undefined },
      secret: 'x'.repeat(32),
    });
  });
  afterAll(() => runtime.close());

  it('is refused on the request thread when the permission row refuses it: no worker is started', async () => {
    const contact = await callerOf(runtime, contactPrincipal);
    await expect(runtime.backend.call(contact, 'exportCircular', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(runtime.backend.call(contact, 'exportCircular', { format: 'pdf' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(runtime.pool?.started).toBe(false);
  });

  it('runs in the worker; its issue number and audit row are written by the request thread', async () => {
    const supervisor = await callerOf(runtime, SUPERVISOR_PRINCIPAL);
    const first = (await runtime.backend.call(supervisor, 'exportCircular', {})) as { fileName: string };
    expect(runtime.pool?.started).toBe(true);
    expect(first.fileName).toMatch(/^督办通情况通报-第1期-.*\.docx$/);
    // the same day's circular keeps its number (the issue allocated once, on the writer)
    const again = (await runtime.backend.call(supervisor, 'exportCircular', {})) as { fileName: string };
    expect(again.fileName).toBe(first.fileName);
    const annex = (await runtime.backend.call(supervisor, 'exportCircular', { format: 'xlsx' })) as {
      fileId: string;
    };
    expect((await runtime.files.read(annex.fileId)).byteLength).toBeGreaterThan(1000);
    const audit = await runtime.store.listAudit({ offset: 0, limit: 10 });
    expect(audit.items.filter((e) => e.action === 'exportCircular')).toHaveLength(3);
    expect(audit.items[0].actorId).toBe(supervisor.user?.id);
  }, 180_000);

  it('answers a bad payload from the request thread', async () => {
    const supervisor = await callerOf(runtime, SUPERVISOR_PRINCIPAL);
    await expect(runtime.backend.call(supervisor, 'exportCircular', { format: 'pdf' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});

describe('the read-only connection', () => {
  it('refuses writes, and counts the lights by the recount while the kept counts are not at its day', async () => {
    const ro = openSqliteStore(dbPath, { readonly: true });
    try {
      // matched by its message, not toThrow: better-sqlite3's error may come from another jest realm (not instanceof Error)
      await expect(ro.saveUnit({ id: 'u-x', name: '某单位', aliases: [], kind: 'other' })).rejects.toMatchObject({
        message: expect.stringMatching(/readonly/i),
      });
      const later = lightBands(addDays(beijingDate(NOW), 3), DEFAULT_SETTINGS.yellowDays);
      const sort = (rows: { stage: string | null; unitId: string }[]) =>
        [...rows].sort((a, b) => `${a.stage}/${a.unitId}`.localeCompare(`${b.stage}/${b.unitId}`));
      expect(sort(await ro.lightCounts(later))).toEqual(sort(ro.lightCountsByAggregate(later)));
    } finally {
      ro.close();
    }
  });
});

describe('a database in memory', () => {
  it('runs the heavy action on the request thread even with the worker on', async () => {
    const runtime = createRuntime({
      dbPath: ':memory:',
      filesDir: join(dir, 'memory-files'),
      worker: true,
      messenger: { send: async () => undefined },
      secret: 'y'.repeat(32),
    });
    try {
      generateProvince(runtime.store.db, provinceAt(0.01, beijingDate(NOW), NOW));
      const supervisor = await callerOf(runtime, SUPERVISOR_PRINCIPAL);
      const out = (await runtime.backend.call(supervisor, 'exportCircular', { format: 'xlsx' })) as {
        fileName: string;
      };
      expect(out.fileName).toMatch(/\.xlsx$/);
      expect(runtime.pool?.started).toBe(false);
    } finally {
      runtime.close();
    }
  }, 120_000);
});
