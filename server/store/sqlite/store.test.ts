import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractPlan, runStoreContract } from '../../../core/ports/store.contract';
import { lightBands } from '../../../core/usecases/lightBands';
import { MIGRATIONS } from './migrations';
import { migrate, openSqliteStore } from './index';

runStoreContract('SQLite in memory', async () => openSqliteStore(':memory:'));

describe('SQLite store on a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs in WAL mode with foreign keys on and a busy timeout', () => {
    const store = openSqliteStore(join(dir, 'duban.db'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    store.close();
  });

  it('applies each migration once, also when opened again', () => {
    const path = join(dir, 'duban.db');
    openSqliteStore(path).close();
    const again = openSqliteStore(path);
    const rows = again.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
      version: number;
    }[];
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(again.db)).toEqual([]);
    again.close();
  });

  it('applies a migration appended later to an existing database', () => {
    const path = join(dir, 'duban.db');
    openSqliteStore(path).close();
    const next = {
      version: MIGRATIONS[MIGRATIONS.length - 1].version + 1,
      name: 'later',
      up: 'CREATE TABLE later (x TEXT);',
    };
    const store = openSqliteStore(path, { migrations: [...MIGRATIONS, next] });
    expect(store.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'later'`).get()).toBeTruthy();
    store.close();
  });

  it('refuses migrations listed out of order', () => {
    expect(() =>
      openSqliteStore(':memory:', {
        migrations: [
          { version: 2, name: 'b', up: '' },
          { version: 1, name: 'a', up: '' },
        ],
      }),
    ).toThrow(/out of order/);
  });

  it('a migration that fails leaves the schema as it was', () => {
    const path = join(dir, 'duban.db');
    openSqliteStore(path).close();
    const broken = { version: 99, name: 'broken', up: 'CREATE TABLE half (x TEXT); THIS IS NOT SQL;' };
    expect(() => openSqliteStore(path, { migrations: [...MIGRATIONS, broken] })).toThrow();
    const store = openSqliteStore(path);
    expect(store.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).toBeUndefined();
    store.close();
  });

  it('a crash in the middle of a plan import leaves nothing written', async () => {
    const path = join(dir, 'duban.db');
    const store = openSqliteStore(path, {
      onImportRow: (kind, i) => {
        if (kind === 'assignment' && i === 4) throw new Error('power cut');
      },
    });
    for (const [id, name] of [
      ['u-bianban', '市编办'],
      ['u-furong', '芙蓉区人民政府'],
      ['u-tianxin', '天心区人民政府'],
    ])
      await store.saveUnit({ id, name, aliases: [], kind: 'city' });
    await expect(store.importPlan(contractPlan())).rejects.toThrow('power cut');
    store.close();
    const reopened = openSqliteStore(path);
    const count = (t: string) => (reopened.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    expect([count('plans'), count('tasks'), count('assignments'), count('audit')]).toEqual([0, 0, 0, 0]);
    await reopened.importPlan(contractPlan());
    expect(count('assignments')).toBe(7);
    reopened.close();
  });

  it('units and settings kept between reads follow writes of this and of another connection', async () => {
    const path = join(dir, 'duban.db');
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    await a.saveUnit({ id: 'u-1', name: '市编办', aliases: [], kind: 'city' });
    expect((await b.listUnits()).map((u) => u.name)).toEqual(['市编办']);
    // shared by every caller until the directory changes: frozen, so a caller that tries to change it fails
    const kept = await b.listUnits();
    expect(await b.listUnits()).toBe(kept);
    // (a TypeError, but made in another realm than jest's: matched by its message)
    expect(() => (kept[0].aliases as string[]).push('changed by the caller')).toThrow(/not extensible|read only/);
    expect(() => ((kept[0] as { name: string }).name = 'changed')).toThrow(/read only/);
    expect(() => (kept as unknown[]).pop()).toThrow(/Cannot delete/);
    expect((await b.listUnits())[0]).toMatchObject({ name: '市编办', aliases: [] });
    // the settings: shared too, frozen likewise, and the same value until they change
    const settings = await b.getSettings();
    expect(await b.getSettings()).toBe(settings);
    expect(() => (settings.cycles as unknown[]).push({ id: 'x' })).toThrow(/not extensible/);
    expect(() => ((settings as { yellowDays: number }).yellowDays = 1)).toThrow(/read only/);
    expect(await b.getSettings()).toMatchObject({ yellowDays: 7, cycles: [] });
    await a.saveUnit({ id: 'u-1', name: '市委编办', aliases: ['市编办'], kind: 'city' });
    expect((await b.listUnits())[0]).toMatchObject({ name: '市委编办', aliases: ['市编办'] });
    expect((await b.getSettings()).yellowDays).toBe(7);
    await a.saveSettings({ ...(await a.getSettings()), yellowDays: 5 });
    expect((await b.getSettings()).yellowDays).toBe(5);
    b.db.prepare(`UPDATE units SET name = '市编办' WHERE id = 'u-1'`).run(); // a write of its own, past the port
    expect((await b.listUnits())[0].name).toBe('市编办');
    // the settings too: a write of its own past the port, then another connection's
    b.db.prepare(`UPDATE settings SET value = json_set(value, '$.yellowDays', 4) WHERE key = 'settings'`).run();
    expect((await b.getSettings()).yellowDays).toBe(4);
    await a.saveSettings({ ...(await a.getSettings()), yellowDays: 6 });
    expect((await b.getSettings()).yellowDays).toBe(6);
    expect((await b.listUnits())[0].name).toBe('市编办'); // read again after the move, the same rows
    // the version's own statements are shared by text with any other `prepare` of it, which resets their row shape
    expect(b.db.prepare(`PRAGMA data_version`).get()).toEqual({ data_version: expect.any(Number) });
    await a.saveUnit({ id: 'u-1', name: '长沙市委编办', aliases: [], kind: 'city' });
    expect((await b.listUnits())[0].name).toBe('长沙市委编办');
    a.close();
    b.close();
  });

  it('users and tasks kept between reads follow writes of this and of another connection; each caller its own copy', async () => {
    const a = await storeWithContractPlan();
    const b = openSqliteStore(join(dir, 'duban.db'));
    const cards = () => b.listAssignments({ unitIds: ['u-furong'] }, { offset: 0, limit: 20 });
    const { task } = (await cards()).items[0];
    const user = {
      id: 'user-1',
      principal: 'p-1',
      unitId: 'u-furong',
      role: 'contact' as const,
      name: '张三',
      createdAt: '2026-12-01T00:00:00.000Z',
    };
    // a miss is kept too, until the database moves
    expect(await b.getUserByPrincipal('p-1')).toBeNull();
    a.db
      .prepare(`INSERT INTO users (id, principal, unit_id, role, name, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(user.id, user.principal, user.unitId, user.role, user.name, user.createdAt);
    expect(await b.getUserByPrincipal('p-1')).toMatchObject({ name: '张三' });
    expect(await b.getUser('user-1')).toMatchObject({ principal: 'p-1' });
    // a caller that changes what it got does not change the next caller's
    const mine = (await b.getUserByPrincipal('p-1'))!;
    mine.name = '改了';
    const [listed] = await b.getUsers(['user-1', 'user-1', 'nobody']);
    listed.role = 'admin';
    expect(await b.getUsers(['user-1'])).toEqual([user]);
    const got = (await b.getTask(task.id))!;
    got.leadNames.push('改了');
    got.deadline.text = '改了';
    expect(await b.getTask(task.id)).toEqual(task);
    const page = await cards();
    page.items[0].task.responsibleNames.length = 0;
    expect((await cards()).items[0].task).toEqual(task);
    // another connection's write, then one of its own past the port
    a.db.prepare(`UPDATE users SET name = '李四' WHERE id = 'user-1'`).run();
    a.db.prepare(`UPDATE tasks SET content = '改写的任务' WHERE id = ?`).run(task.id);
    expect((await b.getUserByPrincipal('p-1'))?.name).toBe('李四');
    expect((await b.getUsers(['user-1']))[0].name).toBe('李四');
    expect((await b.getTask(task.id))?.content).toBe('改写的任务');
    b.db.prepare(`UPDATE tasks SET content = '又改写' WHERE id = ?`).run(task.id);
    expect((await b.getTask(task.id))?.content).toBe('又改写');
    expect((await cards()).items[0].task.content).toBe('又改写');
    a.close();
    b.close();
  });

  it('nothing read inside a transaction that is rolled back stays kept', async () => {
    const store = await storeWithContractPlan();
    const cards = () => store.listAssignments({ unitIds: ['u-furong'] }, { offset: 0, limit: 20 });
    const { task } = (await cards()).items[0];
    const before = { units: await store.listUnits(), task: await store.getTask(task.id) };
    let inside: { units: string[]; content?: string } = { units: [] };
    const write = store.db.transaction(() => {
      store.db.prepare(`UPDATE units SET name = '改名后回滚' WHERE id = 'u-furong'`).run();
      store.db.prepare(`UPDATE tasks SET content = '回滚的改写' WHERE id = ?`).run(task.id);
      // read through the store while the transaction is open: what it sees is not kept (synchronous SQLite reads)
      void store.listUnits().then((u) => (inside.units = u.map((x) => x.name)));
      void store.getTask(task.id).then((t) => (inside = { ...inside, content: t?.content }));
      throw new Error('power cut');
    });
    expect(() => write()).toThrow('power cut');
    await new Promise((r) => setImmediate(r));
    expect(inside.units).toContain('改名后回滚');
    expect(inside.content).toBe('回滚的改写');
    expect((await store.listUnits()).map((u) => u.name)).toEqual(before.units.map((u) => u.name));
    expect(await store.getTask(task.id)).toEqual(before.task);
    expect((await cards()).items[0].task).toEqual(before.task);
    store.close();
  });

  /** A store on a file with the contract's units and its plan. */
  async function storeWithContractPlan() {
    const store = openSqliteStore(join(dir, 'duban.db'));
    for (const [id, name] of [
      ['u-bianban', '市编办'],
      ['u-furong', '芙蓉区人民政府'],
      ['u-tianxin', '天心区人民政府'],
    ])
      await store.saveUnit({ id, name, aliases: [], kind: 'city' });
    await store.importPlan(contractPlan());
    return store;
  }

  it('the first page, read a segment at a time, is the order of urgency, and the pages after it continue it', async () => {
    const store = await storeWithContractPlan();
    // 芙蓉区's other tasks: ties on the due date and on the number (a second plan), none, closed with and without one
    store.db
      .prepare(
        `INSERT INTO plans (id, title, fingerprint, imported_at, imported_by) SELECT 'p2', title, 'fp-2',
      imported_at, imported_by FROM plans WHERE id = 'p1'`,
      )
      .run();
    const addTask = store.db.prepare(`INSERT INTO tasks (id, plan_id, seq, stage, content, deadline, lead_names,
      responsible_names) VALUES (?, ?, ?, NULL, ?, '{"text":""}', '[]', '[]')`);
    const addAssignment = store.db.prepare(`INSERT INTO assignments (id, task_id, unit_id, role, status, due_date)
      VALUES (?, ?, 'u-furong', ?, ?, ?)`);
    const rows: [string, number, 'lead' | 'responsible', string, string | null][] = [
      ['p1', 4, 'responsible', 'assigned', '2026-03-05'],
      ['p2', 4, 'responsible', 'in_progress', '2026-03-05'],
      ['p2', 1, 'lead', 'assigned', '2026-03-05'],
      ['p1', 5, 'responsible', 'closed', '2026-02-01'],
      ['p2', 5, 'responsible', 'closed', null],
      ['p1', 6, 'responsible', 'claimed', null],
      ['p2', 6, 'responsible', 'acknowledged', '2026-01-10'],
      ['p1', 7, 'responsible', 'closed', '2026-01-10'],
    ];
    rows.forEach(([plan, seq, role, status, due], i) => {
      addTask.run(`x${i}`, plan, seq, `任务 ${i}`);
      addAssignment.run(`ax${i}`, `x${i}`, role, status, due);
    });
    const all = (await store.listAssignments({ unitIds: ['u-furong'] }, { offset: 0, limit: 100 })).items;
    // the rule, in JS: closed last, open-ended after the dated, then due date, number, lead first, unit, id
    const key = ({ assignment: a, task: t }: (typeof all)[number]) => [
      Number(a.status === 'closed'),
      Number(a.dueDate === null),
      a.dueDate ?? '',
      t.seq,
      Number(a.role !== 'lead'),
      a.unitId,
      a.id,
    ];
    const byRule = [...all].sort((x, y) => {
      const [p, q] = [key(x), key(y)];
      for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return p[i] < q[i] ? -1 : 1;
      return 0;
    });
    expect(all).toHaveLength(11);
    expect(all.map((i) => i.assignment.id)).toEqual(byRule.map((i) => i.assignment.id));
    // every row with its own task, as the sorted read gives it
    for (const { assignment, task } of all) expect(task.id).toBe(assignment.taskId);
    // pages of 3: the first by segments, the others by the sorted read
    const paged = [];
    for (let offset = 0; offset < 12; offset += 3) {
      const page = await store.listAssignments({ unitIds: ['u-furong'] }, { offset, limit: 3 });
      expect(page.total).toBe(11);
      paged.push(...page.items.map((i) => i.assignment.id));
    }
    expect(paged).toEqual(all.map((i) => i.assignment.id));
    // a filter on the task, with the segments: the same rows as the sorted read gives from the second page on
    const stage = await store.listAssignments({ unitIds: ['u-furong'], q: '任务' }, { offset: 0, limit: 100 });
    expect(stage.items.map((i) => i.assignment.id)).toEqual(
      byRule.filter((i) => i.task.content.startsWith('任务')).map((i) => i.assignment.id),
    );
    store.close();
  });

  it('rebuilding the kept light counts gives what rolling them gave', async () => {
    const store = await storeWithContractPlan();
    const sorted = (rows: Awaited<ReturnType<typeof store.lightCounts>>) =>
      [...rows].sort((x, y) => `${x.stage}${x.unitId}`.localeCompare(`${y.stage}${y.unitId}`));
    const bands = lightBands('2026-03-01', 7);
    await store.lightCounts(lightBands('2026-02-20', 7));
    const rolled = sorted(await store.lightCounts(bands));
    expect(store.db.prepare(`SELECT red_to FROM light_counts_state`).pluck().get()).toBe('2026-02-28');
    store.db.prepare(`UPDATE light_counts SET red = red + 5`).run(); // counts gone wrong
    store.rebuildLightCounts(bands);
    expect(sorted(await store.lightCounts(bands))).toEqual(rolled);
    expect(rolled).toEqual(sorted(store.lightCountsByAggregate(bands)));
    store.close();
  });

  it("rebuilding a task's counts by due date gives what the triggers kept, and a migrated database counts alike", async () => {
    const store = await storeWithContractPlan();
    const rows = () => store.db.prepare(`SELECT * FROM task_due_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4`).all();
    const bands = lightBands('2026-03-04', 7);
    const asFurong = await store.assignmentsOfTaskFor('t1', 'u-furong', bands, 3);
    const kept = rows();
    expect(kept.length).toBeGreaterThan(0);
    store.db.prepare(`UPDATE task_due_counts SET n = n + 5`).run(); // counts gone wrong
    expect(await store.assignmentsOfTaskFor('t1', 'u-furong', bands, 3)).not.toEqual(asFurong);
    expect(store.rebuildTaskCounts()).toBe(kept.length);
    expect(rows()).toEqual(kept);
    expect(await store.assignmentsOfTaskFor('t1', 'u-furong', bands, 3)).toEqual(asFurong);
    // a status change that keeps the row open writes nothing there (a report moving 已签收 to 推进中)
    store.db.exec(`CREATE TEMP TABLE hits (n INTEGER);
      CREATE TEMP TRIGGER hit AFTER UPDATE ON main.task_due_counts BEGIN INSERT INTO hits VALUES (1); END;
      CREATE TEMP TRIGGER hit_new AFTER INSERT ON main.task_due_counts BEGIN INSERT INTO hits VALUES (1); END;`);
    const hits = () => store.db.prepare(`SELECT COUNT(*) FROM hits`).pluck().get();
    store.db.prepare(`UPDATE assignments SET status = 'in_progress' WHERE id = 'a1-furong'`).run();
    expect(hits()).toBe(0);
    store.db.prepare(`UPDATE assignments SET status = 'closed' WHERE id = 'a1-furong'`).run();
    expect(hits()).toBe(2); // out of its open row, into its closed one
    const changed = rows();
    store.close();
    // a database from before migration 120: its rows are counted from its assignments as the migration runs
    const old = new Database(join(dir, 'duban.db'));
    old.exec(`DROP TABLE task_due_counts; DROP INDEX assignments_lead_by_task;
      DROP TRIGGER task_due_counts_insert; DROP TRIGGER task_due_counts_delete;
      DROP TRIGGER task_due_counts_update_old; DROP TRIGGER task_due_counts_update_new;
      DELETE FROM schema_migrations WHERE version = 120;`);
    old.close();
    const migrated = openSqliteStore(join(dir, 'duban.db'));
    expect(migrated.db.prepare(`SELECT * FROM task_due_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4`).all()).toEqual(
      changed,
    );
    migrated.close();
  });

  it('two connections submitting the same report make one report', async () => {
    const path = join(dir, 'duban.db');
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    for (const [id, name] of [
      ['u-bianban', '市编办'],
      ['u-furong', '芙蓉区人民政府'],
      ['u-tianxin', '天心区人民政府'],
    ])
      await a.saveUnit({ id, name, aliases: [], kind: 'city' });
    await a.importPlan(contractPlan());
    const report = (id: string) => ({
      id,
      assignmentId: 'a1-furong',
      requestId: 'same-request',
      authorId: 'u',
      text: '已完成',
      photos: [],
      percent: 100,
      claimDone: true,
      review: 'pending' as const,
      reviewerId: null,
      reviewReason: null,
      reviewedAt: null,
      createdAt: '2026-03-02T00:00:00.000Z',
      kind: 'progress' as const,
      instructionId: null,
    });
    const [ra, rb] = await Promise.all([a.appendReport(report('ra'), {}), b.appendReport(report('rb'), {})]);
    expect([ra.created, rb.created].sort()).toEqual([false, true]);
    expect((a.db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n).toBe(1);
    a.close();
    b.close();
  });
});
