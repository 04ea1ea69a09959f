/**
 * The CloudBase store's queries as the cloud database sees them (the in-memory double records every call):
 * pages of at most 100, deterministic `_id`s, `_.inc` for credits, transactions of single documents, and an
 * import that a crash leaves invisible and the next attempt completes.
 */
import { contractPlan } from '../../../core/ports/store.contract';
import type { Assignment, Unit } from '../../../core/model';
import type { PlanImport } from '../../../core/ports/store';
import { lightBands } from '../../../core/usecases/lightBands';
import { C } from './collections';
import { CloudReminderStore } from './reminders';
import { CloudStore, reportKey } from './store';
import { FakeCloud, FakeDatabase } from './testing/fakeCloud';

const AT = '2026-03-01T02:00:00.000Z';

function unit(i: number): Unit {
  return { id: `u-${String(i).padStart(3, '0')}`, name: `单位${i}`, aliases: [], kind: 'city' };
}

/** A plan of one task given to `n` units (responsible), led by u-000. */
function bigPlan(n: number, fingerprint = 'fp-big'): PlanImport {
  const base = contractPlan(fingerprint);
  const task = { ...base.tasks[0], id: 'tb', planId: 'pb', relevantGroupIds: [] };
  const assignments: Assignment[] = Array.from({ length: n }, (_, i) => ({
    id: `ab-${String(i).padStart(3, '0')}`,
    taskId: 'tb',
    unitId: unit(i).id,
    role: i === 0 ? 'lead' : 'responsible',
    status: 'assigned',
    dueDate: '2026-03-05',
    originalDueDate: '2026-03-05',
    acknowledgedAt: null,
    closedAt: null,
    lastReportAt: null,
    percent: null,
  }));
  return {
    plan: { ...base.plan, id: 'pb' },
    tasks: [task],
    assignments,
    newUnits: [],
    audit: { ...base.audit, id: `audit-${fingerprint}` },
  };
}

let cloud: FakeCloud;
let db: FakeDatabase;
let store: CloudStore;

beforeEach(async () => {
  cloud = new FakeCloud();
  db = cloud.db;
  store = new CloudStore(db);
});

const calls = (op: string, collection: string) => db.log.filter((c) => c.op === op && c.collection === collection);

describe('paging at 100', () => {
  it('reads 250 units in three pages of 100 with skip, in a total order ending in _id', async () => {
    for (let i = 0; i < 250; i++) await store.saveUnit(unit(i));
    db.log.length = 0;
    expect(await store.listUnits()).toHaveLength(250);
    const gets = calls('get', C.units);
    expect(gets.map((g) => [g.skip, g.limit, g.n])).toEqual([
      [0, 100, 100],
      [100, 100, 100],
      [200, 100, 50],
    ]);
    expect(gets[0].orderBy).toEqual([
      ['name', 'asc'],
      ['_id', 'asc'],
    ]);
  });

  it('asks for at most 100 assignments however many a caller wants, and counts the rest', async () => {
    for (let i = 0; i < 150; i++) await store.saveUnit(unit(i));
    await store.importPlan(bigPlan(150));
    db.log.length = 0;
    const page = await store.listAssignments({ role: 'responsible' }, { offset: 120, limit: 1000 });
    expect(page.total).toBe(149);
    expect(page.items).toHaveLength(29);
    const get = calls('get', C.assignments)[0];
    expect(get).toMatchObject({ skip: 120, limit: 100 });
    expect(get.orderBy?.map(([f]) => f)).toEqual(['closedRank', 'dueKey', 'taskSeq', 'roleRank', 'unitId', '_id']);
    expect(JSON.stringify(get.where)).toContain('"role":"responsible"');
    // the tasks of a page come in one `_id in [...]` read
    expect(calls('get', C.tasks)).toHaveLength(1);
  });

  it('writes an import of 150 assignments in batches of at most 100 documents', async () => {
    for (let i = 0; i < 150; i++) await store.saveUnit(unit(i));
    db.log.length = 0;
    await store.importPlan(bigPlan(150));
    expect(calls('add', C.assignments).map((c) => c.n)).toEqual([100, 50]);
    expect((await store.listAssignmentsOfTask('tb')).map((a) => a.id)[0]).toBe('ab-000');
  });

  it('counts lights with one aggregation grouped by stage and unit, not by reading every assignment', async () => {
    store = new CloudStore(db, { keptLightCounts: false }); // the aggregate the kept counts replace
    for (let i = 0; i < 150; i++) await store.saveUnit(unit(i));
    await store.importPlan(bigPlan(150));
    db.log.length = 0;
    const rows = await store.lightCounts(lightBands('2026-03-10', 7));
    expect(rows.reduce((n, r) => n + r.red, 0)).toBe(150);
    expect(rows).toHaveLength(150);
    expect(calls('get', C.assignments)).toHaveLength(0);
    const aggs = calls('aggregate', C.assignments);
    // 150 groups: two pages of at most 100
    expect(aggs.map((a) => (a.stages as { key: string; value: unknown }[]).map((st) => st.key))).toEqual([
      ['$match', '$group', '$sort', '$skip', '$limit'],
      ['$match', '$group', '$sort', '$skip', '$limit'],
    ]);
    expect(JSON.stringify((aggs[0].stages as { key: string; value: unknown }[])[1].value)).toContain(
      '{"$lte":["$dueDate","2026-03-09"]}',
    );
  });

  it('falls back to reading pages of 100 when the aggregation fails, and says so in the log', async () => {
    const logged: string[] = [];
    store = new CloudStore(db, { log: (m) => logged.push(m), keptLightCounts: false });
    for (let i = 0; i < 150; i++) await store.saveUnit(unit(i));
    await store.importPlan(bigPlan(150));
    db.failAggregate = true;
    db.log.length = 0;
    const rows = await store.lightCounts(lightBands('2026-03-10', 7));
    expect(rows.reduce((n, r) => n + r.red, 0)).toBe(150);
    expect(calls('get', C.assignments).map((g) => g.limit)).toEqual([100, 100]);
    expect(logged.join('\n')).toContain('lightCounts: aggregation failed');
  });
});

describe('kept light counts (lightCounts.ts)', () => {
  const bands = lightBands('2026-03-10', 7);
  const sorted = (rows: Awaited<ReturnType<CloudStore['lightCounts']>>) =>
    [...rows].sort((x, y) => (x.unitId < y.unitId ? -1 : x.unitId > y.unitId ? 1 : 0));

  it('reads one document per (stage, unit), 100 a request, and no assignment', async () => {
    for (let i = 0; i < 150; i++) await store.saveUnit(unit(i));
    await store.importPlan(bigPlan(150));
    expect(db.all(C.lightCounts)).toHaveLength(150); // counted by the import, before any read
    await store.lightCounts(bands); // the first read marks them built
    db.log.length = 0;
    const rows = await store.lightCounts(bands);
    expect(rows.reduce((n, r) => n + r.red, 0)).toBe(150);
    expect(rows).toHaveLength(150);
    expect(db.log.map((c) => `${c.op} ${c.collection}`).sort()).toEqual([
      `doc.get ${C.state}`,
      `get ${C.lightCounts}`,
      `get ${C.lightCounts}`,
    ]);
  });

  it('moves with one _.inc per changed (stage, unit) when an assignment changes', async () => {
    await store.importPlan(bigPlan(3));
    await store.lightCounts(bands);
    db.log.length = 0;
    await store.updateAssignment('ab-001', { status: 'closed', closedAt: AT });
    const incs = db.log.filter((c) => c.collection === C.lightCounts);
    expect(incs.map((c) => [c.op, c.data])).toEqual([
      ['doc.update', { done: { $inc: 1 }, 'open.d2026-03-05': { $inc: -1 } }],
    ]);
    expect((await store.lightCounts(bands)).find((r) => r.unitId === 'u-001')).toMatchObject({ red: 0, done: 1 });
  });

  it('a rebuild mends counts gone wrong and removes the ones no assignment has', async () => {
    await store.importPlan(bigPlan(120));
    const right = sorted(await store.lightCounts(bands));
    await db
      .collection(C.lightCounts)
      .doc(db.all(C.lightCounts)[0]._id)
      .update({ data: { done: 7 } });
    await db.collection(C.lightCounts).add({ data: { _id: 'stale', stage: null, unitId: 'u-x', done: 2, open: {} } });
    expect(sorted(await store.lightCounts(bands))).not.toEqual(right);
    expect(await store.rebuildLightCounts()).toBe(120);
    expect(sorted(await store.lightCounts(bands))).toEqual(right);
    expect(db.all(C.lightCounts).map((d) => d._id)).not.toContain('stale');
  });

  it('are built from the assignments on the first read of a deployment that never kept them', async () => {
    await store.importPlan(bigPlan(5));
    const right = sorted(await new CloudStore(db, { keptLightCounts: false }).lightCounts(bands));
    for (const d of db.all(C.lightCounts)) await db.collection(C.lightCounts).doc(d._id).remove();
    await db.collection(C.state).doc('lightCounts').remove();
    expect(sorted(await store.lightCounts(bands))).toEqual(right);
  });
});

describe('deterministic ids', () => {
  it('keys an invite by its code and a report by assignment and request id', async () => {
    await store.createInvite({
      code: 'K7M2P9Q4',
      unitId: 'u-000',
      role: 'contact',
      createdBy: 'admin',
      createdAt: AT,
      expiresAt: '2026-04-01T00:00:00.000Z',
      usedBy: null,
      usedAt: null,
      revokedAt: null,
    });
    expect(db.all(C.invites).map((d) => d._id)).toEqual(['K7M2P9Q4']);
    await store.saveUnit({ id: 'u-bianban', name: '市编办', aliases: [], kind: 'city' });
    await store.saveUnit({ id: 'u-furong', name: '芙蓉区人民政府', aliases: [], kind: 'district' });
    await store.saveUnit({ id: 'u-tianxin', name: '天心区人民政府', aliases: [], kind: 'district' });
    await store.importPlan(contractPlan());
    const report = {
      id: 'r1',
      assignmentId: 'a1-furong',
      requestId: 'req-1',
      authorId: 'user-1',
      text: '进展',
      photos: [],
      percent: null,
      claimDone: false,
      review: 'none' as const,
      reviewerId: null,
      reviewReason: null,
      reviewedAt: null,
      createdAt: AT,
      kind: 'progress' as const,
      instructionId: null,
    };
    await store.appendReport(report, { lastReportAt: AT });
    expect(db.all(C.reports).map((d) => d._id)).toEqual([reportKey('a1-furong', 'req-1')]);
    expect(reportKey('a1-furong', 'req-1')).toBe('a1-furong:req-1');
  });

  it('keys a reminder by its message key and a credit by user and template; credits grow by _.inc', async () => {
    const reminders = new CloudReminderStore(store);
    await reminders.addCredits('user-1', ['TMPL-DUE'], AT);
    await reminders.addCredits('user-1', ['TMPL-DUE'], AT);
    expect(db.all(C.credits)).toEqual([
      { _id: 'user-1:TMPL-DUE', userId: 'user-1', templateId: 'TMPL-DUE', credits: 2, updatedAt: AT },
    ]);
    const incs = calls('doc.update', C.credits).filter((c) => c.n === 1);
    expect(JSON.stringify(incs[0].data)).toBe(JSON.stringify({ credits: { $inc: 1 }, updatedAt: AT }));
    const message = {
      key: 'due:a1:2026-03-05:3:user-1',
      kind: 'due' as const,
      touser: 'o-1',
      templateId: 'TMPL-DUE',
      page: 'pages/task/index?id=t1',
      data: { thing1: { value: '任务' } },
    };
    expect(await reminders.claim({ message, userId: 'user-1', assignmentId: 'a1', at: AT }, true)).toBe('claimed');
    expect(await reminders.claim({ message, userId: 'user-1', assignmentId: 'a1', at: AT }, true)).toBe('exists');
    expect(db.all(C.reminders).map((d) => d._id)).toEqual([message.key]);
    expect(await reminders.creditsOf('user-1')).toEqual({ 'TMPL-DUE': 1 });
  });
});

describe('transactions', () => {
  it('hold single-document operations only, and each atomic method is one', async () => {
    await store.saveUnit({ id: 'u-bianban', name: '市编办', aliases: [], kind: 'city' });
    await store.saveUnit({ id: 'u-furong', name: '芙蓉区人民政府', aliases: [], kind: 'district' });
    await store.saveUnit({ id: 'u-tianxin', name: '天心区人民政府', aliases: [], kind: 'district' });
    await store.importPlan(contractPlan());
    db.transactions.length = 0;
    await store.updateAssignment('a1-furong', { status: 'acknowledged' }, ['assigned']);
    expect(db.transactions).toHaveLength(1);
    expect(db.transactions[0].ops).toEqual([
      { op: 'doc.get', collection: C.assignments, docId: 'a1-furong' },
      { op: 'doc.update', collection: C.assignments, docId: 'a1-furong' },
    ]);
    const a = db.all(C.assignments).find((d) => d._id === 'a1-furong');
    expect(a).toMatchObject({ status: 'acknowledged', closedRank: 0, dueKey: '2026-03-05' });
    await store.updateAssignment('a1-furong', { status: 'closed' });
    expect(db.all(C.assignments).find((d) => d._id === 'a1-furong')).toMatchObject({ closedRank: 1 });
  });

  it('a failing transaction writes nothing', async () => {
    await store.saveUnit({ id: 'u-furong', name: '芙蓉区人民政府', aliases: [], kind: 'district' });
    await expect(
      store.appendReport(
        {
          id: 'r1',
          assignmentId: 'missing',
          requestId: 'q',
          authorId: 'x',
          text: 't',
          photos: [],
          percent: null,
          claimDone: false,
          review: 'none',
          reviewerId: null,
          reviewReason: null,
          reviewedAt: null,
          createdAt: AT,
          kind: 'progress' as const,
          instructionId: null,
        },
        {},
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(db.all(C.reports)).toEqual([]);
  });
});

describe('an import interrupted by a crash', () => {
  async function directory(): Promise<void> {
    for (let i = 0; i < 150; i++) await store.saveUnit(unit(i));
  }

  it('is invisible while half-written, and the next import of the same table writes it whole', async () => {
    await directory();
    let writes = 0;
    const crashing = new FakeDatabase({
      beforeWrite: (c) => {
        if (c.collection === C.assignments && c.op === 'add' && ++writes === 120) throw new Error('function timed out');
      },
    });
    for (const [name, docs] of db.data) crashing.data.set(name, new Map(docs));
    const dying = new CloudStore(crashing);
    // the store cleans up after a failure it sees; a crash (the function killed) leaves the documents behind
    const protocol = (dying as unknown as { imports: { removeAttempt: () => Promise<void> } }).imports;
    jest.spyOn(protocol, 'removeAttempt').mockResolvedValue();
    await expect(dying.importPlan(bigPlan(150))).rejects.toThrow('function timed out');
    expect(crashing.all(C.assignments)).toHaveLength(119);
    expect(await dying.getTask('tb')).toBeNull();
    expect((await dying.listAssignments({}, { offset: 0, limit: 100 })).total).toBe(0);
    expect(await dying.getPlan('pb')).toBeNull();

    // a retry while the dead attempt may still be running is refused, and leaves its documents alone
    await expect(new CloudStore(crashing).importPlan(bigPlan(150))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(crashing.all(C.assignments)).toHaveLength(119);
    // two minutes on, the attempt is surely dead (a function runs 60 s at most): its leftovers go, the import is whole
    const again = new CloudStore(crashing, { nowMs: () => Date.now() + 3 * 60_000 });
    expect(await again.importPlan(bigPlan(150))).toEqual({ planId: 'pb', created: true });
    expect((await again.listAssignments({}, { offset: 0, limit: 100 })).total).toBe(150);
    expect(crashing.all(C.assignments).every((d) => d.live === true)).toBe(true);
  });

  it('that died after its plan record is made visible by the next attempt', async () => {
    await directory();
    let flipped = false;
    const crashing = new FakeDatabase({
      beforeWrite: (c) => {
        if (c.op === 'update' && !flipped) {
          flipped = true;
          throw new Error('function timed out');
        }
      },
    });
    for (const [name, docs] of db.data) crashing.data.set(name, new Map(docs));
    const dying = new CloudStore(crashing);
    await expect(dying.importPlan(bigPlan(150))).rejects.toThrow('function timed out');
    expect(await dying.getPlan('pb')).not.toBeNull();
    expect((await dying.listAssignments({}, { offset: 0, limit: 100 })).total).toBe(0);
    const again = new CloudStore(crashing);
    expect(await again.importPlan(bigPlan(150))).toEqual({ planId: 'pb', created: false });
    expect((await again.listAssignments({}, { offset: 0, limit: 100 })).total).toBe(150);
  });
});
