/**
 * The Store contract: what every implementation of the Store port must do, as one jest suite (`runStoreContract`).
 * It runs on every adapter: SQLite (server/store/sqlite/store.test.ts); the CloudBase store on the in-memory cloud
 * database that enforces CloudBase's limits (cloudfunctions/shared/src/store.fake.test.ts), through the real
 * wx-server-sdk against an in-memory server (store.wire.test.ts), and against a real environment when its keys are
 * given (store.tcb.test.ts, which says it skipped otherwise). Pure test code: it touches the store only through
 * the port.
 */
import { newAssignment } from '../assign/lifecycle';
import type { Assignment, AuditAction, AuditEntry, Instruction, Plan, Report, Task, Unit, User } from '../model';
import { DEFAULT_SETTINGS } from '../model';
import { partTaken } from '../errors';
import { partIdOf } from '../org/levels';
import { consumeInvite as consume } from '../usecases/inviteRules';
import { lightBands } from '../usecases/lightBands';
import { taskForUnitOf } from './taskForUnit';
import { lightTotalsOf, type LightTotals } from './lightTotals';
import fc from 'fast-check';
import { addDays } from '../time';
import type {
  AssignmentWithTask,
  LightBands,
  LightCountRow,
  PlanImport,
  PlanRevision,
  ReportGapCount,
  ReportGapQuery,
  Store,
} from './store';
import { inDueBand } from './store';

const T0 = '2026-03-01T02:00:00.000Z';

function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60000).toISOString();
}

const UNITS: Unit[] = [
  { id: 'u-bianban', name: '市编办', aliases: ['市编委办'], kind: 'city', parentId: null },
  { id: 'u-zwzx', name: '市政务服务中心', aliases: [], kind: 'city', parentId: null },
  { id: 'u-furong', name: '芙蓉区人民政府', aliases: [], kind: 'district', parentId: null },
  { id: 'u-tianxin', name: '天心区人民政府', aliases: [], kind: 'district', parentId: null },
];

/** Two units of 芙蓉区 (under 芙蓉区人民政府), for the parts split from its assignments (分解下达). */
const FURONG_UNITS: Unit[] = [
  { id: 'u-fr-fagai', name: '芙蓉区发展和改革局', aliases: ['芙蓉区发改局'], kind: 'district', parentId: 'u-furong' },
  { id: 'u-fr-dwt', name: '芙蓉区定王台街道', aliases: [], kind: 'district', parentId: 'u-furong' },
];

function task(id: string, seq: number, stage: string, content: string, due: string | null): Task {
  return {
    id,
    planId: 'p1',
    seq,
    stage,
    content,
    deadline: { text: due ? due.slice(0, 7) : '长期坚持', kind: due ? 'month' : 'ongoing', start: null, due },
    leadNames: ['市编办'],
    responsibleNames: ['区县（市）人民政府'],
    relevantGroupIds: ['g-districts'],
  };
}

function assignment(
  id: string,
  taskId: string,
  unitId: string,
  role: Assignment['role'],
  dueDate: string | null,
): Assignment {
  return newAssignment({ id, taskId, unitId, role, dueDate });
}

function audit(id: string, minutes: number, action: AuditAction = 'updateSettings'): AuditEntry {
  return { id, at: at(minutes), actorId: 'admin', action, target: `test:${id}`, detail: { n: minutes } };
}

/** A plan of three tasks: t1 due 2026-03-05, t2 due 2026-04-30, t3 ongoing; 市编办 leads all three. */
export function contractPlan(fingerprint = 'fp-1'): PlanImport {
  const plan: Plan = { id: 'p1', title: '测试方案', fingerprint, importedAt: T0, importedBy: 'admin' };
  const tasks = [
    task('t1', 1, '梳理公布事项', '梳理公布“最多跑一次”事项清单', '2026-03-05'),
    task('t2', 2, '优化办事流程', '推进 12345 热线与政务服务融合', '2026-04-30'),
    task('t3', 3, '优化办事流程', '长期坚持推进作风建设', null),
  ];
  const assignments = [
    assignment('a1-lead', 't1', 'u-bianban', 'lead', '2026-03-05'),
    assignment('a1-furong', 't1', 'u-furong', 'responsible', '2026-03-05'),
    assignment('a1-tianxin', 't1', 'u-tianxin', 'responsible', '2026-03-05'),
    assignment('a2-lead', 't2', 'u-bianban', 'lead', '2026-04-30'),
    assignment('a2-furong', 't2', 'u-furong', 'responsible', '2026-04-30'),
    assignment('a3-lead', 't3', 'u-bianban', 'lead', null),
    assignment('a3-furong', 't3', 'u-furong', 'responsible', null),
  ];
  return { plan, tasks, assignments, newUnits: [], audit: audit('audit-import', 0, 'confirmImport') };
}

function report(id: string, assignmentId: string, requestId: string, minutes: number, claimDone = false): Report {
  return {
    id,
    assignmentId,
    requestId,
    authorId: 'user-furong',
    text: `进展 ${id}`,
    photos: ['photo-1'],
    percent: 50,
    claimDone,
    review: claimDone ? 'pending' : 'none',
    reviewerId: null,
    reviewReason: null,
    reviewedAt: null,
    createdAt: at(minutes),
    kind: 'progress',
    instructionId: null,
  };
}

function user(id: string, principal: string, unitId: string, role: User['role'] = 'contact'): User {
  return { id, principal, unitId, role, name: null, createdAt: T0 };
}

/** A revision of a plan that changes only what `change` gives (withdrawals, removed tasks). */
function revisionOf(
  plan: Plan,
  change: Pick<PlanRevision, 'withdraw' | 'audit'> & Partial<PlanRevision>,
): PlanRevision {
  return {
    planId: plan.id,
    title: plan.title,
    fingerprint: plan.fingerprint,
    updatedTasks: [],
    newTasks: [],
    newAssignments: [],
    assignmentChanges: [],
    removedTaskIds: [],
    newUnits: [],
    ...change,
  };
}

/**
 * Periods asked in the kept-counts property (report gaps): windows over the minutes the property's reports come
 * at, with tasks of both plans (tb is imported by the property) and a narrower set of statuses.
 */
const GAP_QUERIES: ReportGapQuery[] = [
  {
    taskIds: ['t1', 't2', 't3', 'tb'],
    statuses: ['assigned', 'acknowledged', 'in_progress'],
    ...gapWindow(10, 60, 30),
  },
  { taskIds: ['t1', 'tb'], statuses: ['assigned', 'acknowledged', 'in_progress', 'claimed'], ...gapWindow(0, 200, 5) },
  { taskIds: ['t2', 't3'], statuses: ['in_progress', 'claimed'], ...gapWindow(30, 90, 90) },
];

function gapWindow(from: number, to: number, by: number): Pick<ReportGapQuery, 'from' | 'to' | 'by'> {
  return { from: at(from), to: at(to), by: at(by) };
}

export function runStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;

    async function withDirectory(): Promise<void> {
      for (const u of UNITS) await store.saveUnit(u);
      await store.saveGroup({
        id: 'g-districts',
        name: '区县（市）人民政府',
        aliases: ['各区县（市）人民政府'],
        members: ['u-furong', 'u-tianxin'],
      });
    }

    async function withPlan(): Promise<void> {
      await withDirectory();
      await store.importPlan(contractPlan());
    }

    beforeEach(async () => {
      store = await makeStore();
    });

    describe('org directory', () => {
      it('keeps units with their aliases and collectives with their members in order', async () => {
        await withDirectory();
        expect(await store.getUnit('u-bianban')).toEqual(UNITS[0]);
        expect((await store.listUnits()).map((u) => u.id).sort()).toEqual(UNITS.map((u) => u.id).sort());
        const group = await store.getGroup('g-districts');
        expect(group?.members).toEqual(['u-furong', 'u-tianxin']);
        const dir = await store.getDirectory();
        expect(dir.units).toHaveLength(4);
        expect(dir.groups[0].aliases).toEqual(['各区县（市）人民政府']);
      });

      it('saving a unit again replaces it, and two units cannot share a name', async () => {
        await withDirectory();
        await store.saveUnit({ ...UNITS[0], aliases: ['市编委办', '编办'] });
        expect((await store.getUnit('u-bianban'))?.aliases).toEqual(['市编委办', '编办']);
        await expect(
          store.saveUnit({ id: 'u-other', name: '市编办', aliases: [], kind: 'city' }),
        ).rejects.toMatchObject({ code: 'CONFLICT' });
      });

      it('setting a collective’s members replaces them', async () => {
        await withDirectory();
        const g = (await store.getGroup('g-districts'))!;
        await store.saveGroup({ ...g, members: ['u-tianxin'] });
        expect((await store.getGroup('g-districts'))?.members).toEqual(['u-tianxin']);
        expect(await store.getGroup('missing')).toBeNull();
      });
    });

    describe('levels: units under a unit, parts split from an assignment (分解下达)', () => {
      async function withParts(): Promise<Assignment[]> {
        await withPlan();
        for (const u of FURONG_UNITS) await store.saveUnit(u);
        const parts = [
          newAssignment({
            id: 'p1-fagai',
            taskId: 't1',
            unitId: 'u-fr-fagai',
            role: 'lead',
            dueDate: '2026-03-03',
            parentId: 'a1-furong',
            note: '牵头梳理',
          }),
          newAssignment({
            id: 'p1-dwt',
            taskId: 't1',
            unitId: 'u-fr-dwt',
            role: 'responsible',
            dueDate: '2026-03-05',
            parentId: 'a1-furong',
          }),
        ];
        await store.addParts(parts);
        return parts;
      }

      it('keeps a unit’s parent, and moving it to the top clears it', async () => {
        await withDirectory();
        for (const u of FURONG_UNITS) await store.saveUnit(u);
        expect(await store.getUnit('u-fr-fagai')).toEqual(FURONG_UNITS[0]);
        expect((await store.listUnits()).find((u) => u.id === 'u-fr-dwt')?.parentId).toBe('u-furong');
        expect((await store.getDirectory()).units.find((u) => u.id === 'u-furong')?.parentId ?? null).toBeNull();
        await store.saveUnit({ ...FURONG_UNITS[1], parentId: null });
        expect((await store.getUnit('u-fr-dwt'))?.parentId ?? null).toBeNull();
      });

      it('adds parts as assignments of the parent’s task, with their parent and note', async () => {
        const parts = await withParts();
        expect(await store.getAssignment('p1-fagai')).toEqual(parts[0]);
        expect((await store.getAssignment('a1-furong'))?.parentId ?? null).toBeNull();
        const ofTask = await store.listAssignmentsOfTask('t1');
        expect(
          ofTask
            .filter((a) => a.parentId === 'a1-furong')
            .map((a) => a.id)
            .sort(),
        ).toEqual(['p1-dwt', 'p1-fagai']);
        const mine = await store.listAssignments({ unitIds: ['u-fr-dwt'] }, { offset: 0, limit: 100 });
        expect(mine.items.map((i) => [i.assignment.id, i.task.id, i.assignment.note ?? null])).toEqual([
          ['p1-dwt', 't1', null],
        ]);
        const rows = await store.lightCounts(lightBands('2026-03-10', 7));
        expect(rows.find((r) => r.unitId === 'u-fr-fagai')?.red).toBe(1);
      });

      it('a task as a contact outside the lead unit gets it: exactly core’s rule over the task’s assignments', async () => {
        await withParts();
        // a part of a part (定王台 → 芙蓉区商务局), and a closed one, so that every path and light is there
        await store.saveUnit({
          id: 'u-fr-deep',
          name: '芙蓉区商务局',
          aliases: [],
          kind: 'district',
          parentId: 'u-fr-dwt',
        });
        await store.addParts([
          newAssignment({
            id: 'p2-deep',
            taskId: 't1',
            unitId: 'u-fr-deep',
            role: 'responsible',
            dueDate: '2026-03-01',
            parentId: 'p1-dwt',
          }),
        ]);
        await store.updateAssignment('a1-tianxin', { status: 'closed', closedAt: at(5) });
        const all = await store.listAssignmentsOfTask('t1');
        for (const day of ['2026-02-20', '2026-03-04', '2026-03-10']) {
          const bands = lightBands(day, 7);
          for (const unitId of ['u-furong', 'u-tianxin', 'u-fr-fagai', 'u-fr-dwt', 'u-fr-deep', 'u-bianban']) {
            for (const names of [0, 1, 3]) {
              expect([day, unitId, names, await store.assignmentsOfTaskFor('t1', unitId, bands, names)]).toEqual([
                day,
                unitId,
                names,
                taskForUnitOf(all, unitId, bands, names),
              ]);
            }
          }
        }
        // 定王台: its own part, what it came down from (芙蓉区) with its sibling for the rollup, the part below it
        // and the lead; 天心区 counted, closed
        const dwt = await store.assignmentsOfTaskFor('t1', 'u-fr-dwt', lightBands('2026-03-04', 7), 3);
        expect(dwt.assignments.map((a) => a.id).sort()).toEqual([
          'a1-furong',
          'a1-lead',
          'p1-dwt',
          'p1-fagai',
          'p2-deep',
        ]);
        expect(dwt.others).toEqual({
          count: 1,
          lights: { red: 0, yellow: 0, green: 0, done: 1 },
          unitIds: ['u-tianxin'],
        });
        // a withdrawn assignment is nowhere
        await store.removeUntouchedAssignments('t1', ['p2-deep']);
        const after = await store.assignmentsOfTaskFor('t1', 'u-fr-dwt', lightBands('2026-03-04', 7), 3);
        expect(after.assignments.map((a) => a.id)).not.toContain('p2-deep');
        expect(await store.assignmentsOfTaskFor('t1', 'u-nobody', lightBands('2026-03-04', 7), 3)).toEqual(
          taskForUnitOf(await store.listAssignmentsOfTask('t1'), 'u-nobody', lightBands('2026-03-04', 7), 3),
        );
      });

      it('a unit holds one assignment of a task: a second part for it is a conflict', async () => {
        await withParts();
        await expect(
          store.addParts([
            newAssignment({
              id: 'p1-again',
              taskId: 't1',
              unitId: 'u-fr-dwt',
              role: 'responsible',
              dueDate: null,
              parentId: 'a1-furong',
            }),
          ]),
        ).rejects.toMatchObject({ code: 'CONFLICT' });
      });

      it('two splits racing to the same unit make one part (a unique key, not a check before the write)', async () => {
        await withParts();
        const part = (note: string) =>
          newAssignment({
            id: partIdOf('a1-furong', 'u-fr-race'),
            taskId: 't1',
            unitId: 'u-fr-race',
            role: 'responsible',
            dueDate: '2026-03-04',
            parentId: 'a1-furong',
            note,
          });
        await store.saveUnit({
          id: 'u-fr-race',
          name: '芙蓉区商务局',
          aliases: [],
          kind: 'district',
          parentId: 'u-furong',
        });
        const results = await Promise.allSettled([store.addParts([part('一')]), store.addParts([part('二')])]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
        expect(refused.reason).toMatchObject({ code: 'CONFLICT', message: partTaken().message });
        const held = (await store.listAssignmentsOfTask('t1')).filter((a) => a.unitId === 'u-fr-race');
        expect(held).toHaveLength(1);
        expect(held[0].id).toBe(partIdOf('a1-furong', 'u-fr-race'));
      });

      it('no lead unit of the table leads a part, whatever its role', async () => {
        await withParts();
        expect(await store.unitLeadsAnyTask('u-fr-fagai')).toBe(false);
        const led = await store.listAssignments({ taskLedByUnitId: 'u-bianban' }, { offset: 0, limit: 100 });
        expect(led.items.map((i) => i.assignment.id)).not.toContain('p1-dwt');
        expect((await store.listAssignments({ taskLedByUnitId: 'u-fr-fagai' }, { offset: 0, limit: 100 })).total).toBe(
          0,
        );
        await store.appendReport(report('r-dwt', 'p1-dwt', 'q1', 1, true), {});
        const lead = await store.listPendingReports({ leadUnitId: 'u-bianban' }, { offset: 0, limit: 100 });
        expect(lead.items.map((i) => i.report.id)).not.toContain('r-dwt');
        const all = await store.listPendingReports({}, { offset: 0, limit: 100 });
        expect(all.items.find((i) => i.report.id === 'r-dwt')?.assignment.parentId).toBe('a1-furong');
      });

      it('a part without reports can be removed; one with a report stays', async () => {
        await withParts();
        await store.appendReport(report('r-fagai', 'p1-fagai', 'q1', 1), {});
        expect(await store.removeUntouchedAssignments('t1', ['p1-fagai', 'p1-dwt'])).toEqual(['p1-dwt']);
        expect(await store.getAssignment('p1-dwt')).toBeNull();
        expect(await store.getAssignment('p1-fagai')).not.toBeNull();
      });
    });

    describe('importing a plan', () => {
      it('writes the plan, its tasks, its assignments and its audit entry', async () => {
        await withPlan();
        expect((await store.getPlan('p1'))?.title).toBe('测试方案');
        expect((await store.findPlanByFingerprint('fp-1'))?.id).toBe('p1');
        expect(await store.getTask('t2')).toEqual(contractPlan().tasks[1]);
        expect((await store.listTasks({ offset: 0, limit: 100 })).total).toBe(3);
        expect((await store.listAssignmentsOfTask('t1')).map((a) => a.id)).toEqual([
          'a1-lead',
          'a1-furong',
          'a1-tianxin',
        ]);
        expect((await store.listAudit({ offset: 0, limit: 10 })).items[0].action).toBe('confirmImport');
      });

      it('importing the same table twice writes nothing the second time', async () => {
        await withPlan();
        const again = contractPlan();
        again.plan = { ...again.plan, id: 'p2' };
        again.tasks = again.tasks.map((t) => ({ ...t, id: `${t.id}-again`, planId: 'p2' }));
        again.assignments = again.assignments.map((a) => ({ ...a, id: `${a.id}-again`, taskId: `${a.taskId}-again` }));
        again.audit = audit('audit-again', 1);
        expect(await store.importPlan(again)).toEqual({ planId: 'p1', created: false });
        expect((await store.listTasks({ offset: 0, limit: 100 })).total).toBe(3);
        expect(await store.listPlans()).toHaveLength(1);
      });

      it('creates the new units named in the import with it', async () => {
        await withDirectory();
        const input = contractPlan();
        const newUnit: Unit = { id: 'u-new', name: '市新设机构', aliases: [], kind: 'other', parentId: null };
        input.newUnits = [newUnit];
        input.assignments.push(assignment('a2-new', 't2', 'u-new', 'responsible', '2026-04-30'));
        await store.importPlan(input);
        expect(await store.getUnit('u-new')).toEqual(newUnit);
        expect((await store.getAssignment('a2-new'))?.unitId).toBe('u-new');
      });

      it('an import that fails part-way leaves nothing written', async () => {
        await withDirectory();
        const input = contractPlan();
        input.newUnits = [{ id: 'u-new', name: '市新设机构', aliases: [], kind: 'other' }];
        // the last assignment repeats an id: the store fails after writing everything before it
        input.assignments.push({ ...input.assignments[0] });
        await expect(store.importPlan(input)).rejects.toBeDefined();
        expect(await store.getPlan('p1')).toBeNull();
        expect(await store.getTask('t1')).toBeNull();
        expect(await store.getAssignment('a1-lead')).toBeNull();
        expect(await store.getUnit('u-new')).toBeNull();
        expect((await store.listAudit({ offset: 0, limit: 10 })).total).toBe(0);
      });
    });

    describe('listing assignments', () => {
      it('lists a unit’s assignments most urgent first: by due date, open-ended after, closed last', async () => {
        await withPlan();
        await store.updateAssignment('a1-furong', { status: 'closed', closedAt: at(5) });
        const page = await store.listAssignments({ unitIds: ['u-furong'] }, { offset: 0, limit: 10 });
        expect(page.total).toBe(3);
        expect(page.items.map((i) => i.assignment.id)).toEqual(['a2-furong', 'a3-furong', 'a1-furong']);
        expect(page.items[0].task.content).toContain('12345');
      });

      it('pages with offset and limit, never more than 100 at a time', async () => {
        await withPlan();
        const first = await store.listAssignments({}, { offset: 0, limit: 2 });
        const second = await store.listAssignments({}, { offset: 2, limit: 2 });
        expect(first.total).toBe(7);
        expect(first.items).toHaveLength(2);
        expect(second.items[0].assignment.id).not.toBe(first.items[1].assignment.id);
        const all = await store.listAssignments({}, { offset: 0, limit: 1000 });
        expect(all.items.length).toBeLessThanOrEqual(100);
        expect(all.items.map((i) => i.assignment.id)).toEqual([
          'a1-lead',
          'a1-furong',
          'a1-tianxin',
          'a2-lead',
          'a2-furong',
          'a3-lead',
          'a3-furong',
        ]);
      });

      it('filters by role, stage, text, open or closed, status and due-date band', async () => {
        await withPlan();
        const ids = async (q: Parameters<Store['listAssignments']>[0]) =>
          (await store.listAssignments(q, { offset: 0, limit: 100 })).items.map((i) => i.assignment.id);
        expect(await ids({ role: 'lead' })).toEqual(['a1-lead', 'a2-lead', 'a3-lead']);
        expect(await ids({ stage: '优化办事流程', unitIds: ['u-furong'] })).toEqual(['a2-furong', 'a3-furong']);
        expect(await ids({ q: '12345' })).toEqual(['a2-lead', 'a2-furong']);
        expect(await ids({ q: '梳理公布' })).toEqual(['a1-lead', 'a1-furong', 'a1-tianxin']);
        expect(await ids({ q: '%' })).toEqual([]);
        await store.updateAssignment('a2-lead', { status: 'closed' });
        expect(await ids({ open: false })).toEqual(['a2-lead']);
        expect(await ids({ open: true, role: 'lead' })).toEqual(['a1-lead', 'a3-lead']);
        expect(await ids({ status: ['closed'] })).toEqual(['a2-lead']);
        expect(await ids({ due: { to: '2026-03-31' } })).toEqual(['a1-lead', 'a1-furong', 'a1-tianxin']);
        expect(await ids({ due: { from: '2026-04-01' }, unitIds: ['u-furong'] })).toEqual(['a2-furong']);
        expect(await ids({ due: { from: '2026-04-01', orNone: true }, unitIds: ['u-furong'] })).toEqual([
          'a2-furong',
          'a3-furong',
        ]);
        expect(await ids({ unitIds: [] })).toEqual([]);
      });

      it('lists the other units’ assignments of the tasks a unit leads', async () => {
        await withPlan();
        const page = await store.listAssignments(
          { taskLedByUnitId: 'u-bianban', role: 'responsible' },
          { offset: 0, limit: 100 },
        );
        expect(page.total).toBe(4);
        expect(await store.unitLeadsAnyTask('u-bianban')).toBe(true);
        expect(await store.unitLeadsAnyTask('u-furong')).toBe(false);
      });

      it('counts lights per stage and unit against today and the yellow window', async () => {
        await withPlan();
        await store.updateAssignment('a1-tianxin', { status: 'closed' });
        const rows = await store.lightCounts(lightBands('2026-03-10', 7));
        const furong = rows.filter((r) => r.unitId === 'u-furong');
        const sum = (rs: typeof rows, k: 'green' | 'yellow' | 'red' | 'done') => rs.reduce((n, r) => n + r[k], 0);
        expect(sum(furong, 'red')).toBe(1);
        expect(sum(furong, 'green')).toBe(2);
        expect(sum(rows, 'done')).toBe(1);
        expect(sum(rows, 'red') + sum(rows, 'yellow') + sum(rows, 'green') + sum(rows, 'done')).toBe(7);
        const yellow = await store.lightCounts(lightBands('2026-04-25', 7));
        expect(sum(yellow, 'yellow')).toBe(2);
        expect(rows.find((r) => r.stage === '梳理公布事项' && r.unitId === 'u-bianban')?.red).toBe(1);
      });
      it('counts by the bands it is given, knowing no light rule of its own', async () => {
        await withPlan();
        await store.updateAssignment('a1-tianxin', { status: 'closed' });
        const sum = (rs: LightCountRow[], k: 'green' | 'yellow' | 'red' | 'done') => rs.reduce((n, r) => n + r[k], 0);
        // a dated green band without the open-ended ones, a yellow band with them: the store follows
        const rows = await store.lightCounts({
          red: { to: '2026-03-04' },
          yellow: { from: '2026-03-05', to: '2026-03-05', orNone: true },
          green: { from: '2026-03-06' },
        });
        expect([sum(rows, 'red'), sum(rows, 'yellow'), sum(rows, 'green'), sum(rows, 'done')]).toEqual([0, 4, 2, 1]);
        expect(rows.find((r) => r.stage === '优化办事流程' && r.unitId === 'u-furong')).toMatchObject({
          green: 1,
          yellow: 1,
        });
      });
    });

    describe('one pass over the assignments, and a task’s reports of some assignments', () => {
      it('scans every assignment once in id order, a page after the last id', async () => {
        await withPlan();
        const first = await store.scanAssignments(null, 3);
        expect(first.map((a) => a.id)).toEqual(['a1-furong', 'a1-lead', 'a1-tianxin']);
        const rest = await store.scanAssignments(first[2].id, 1000);
        expect(rest.map((a) => a.id)).toEqual(['a2-furong', 'a2-lead', 'a3-furong', 'a3-lead']);
        expect(rest[1]).toEqual(contractPlan().assignments[3]);
        expect(await store.scanAssignments('a3-lead', 10)).toEqual([]);
      });
      it('lists a task’s reports of the given assignments only, newest first', async () => {
        await withPlan();
        await store.appendReport(report('r1', 'a1-furong', 'q1', 1), {});
        await store.appendReport(report('r2', 'a1-tianxin', 'q2', 2), {});
        await store.appendReport(report('r3', 'a1-furong', 'q3', 3), {});
        expect((await store.listReportsOfTask('t1', { assignmentIds: ['a1-furong'] })).map((r) => r.id)).toEqual([
          'r3',
          'r1',
        ]);
        expect(
          (await store.listReportsOfTask('t1', { assignmentIds: ['a1-tianxin', 'a1-furong'] })).map((r) => r.id),
        ).toEqual(['r3', 'r2', 'r1']);
        expect(await store.listReportsOfTask('t1', { assignmentIds: [] })).toEqual([]);
        expect(await store.listReportsOfTask('t2', { assignmentIds: ['a1-furong'] })).toEqual([]);
      });
      it('says which file ids a report refers to (the orphan cleanup keeps those)', async () => {
        await withPlan();
        await store.appendReport({ ...report('r1', 'a1-furong', 'q1', 1), photos: ['f-a', 'f-b'] }, {});
        await store.appendReport({ ...report('r2', 'a1-tianxin', 'q2', 2), photos: [] }, {});
        await store.appendReport({ ...report('r3', 'a2-furong', 'q3', 3), photos: ['f-b', 'f-c'] }, {});
        expect((await store.attachedFileIds(['f-a', 'f-c', 'f-orphan'])).sort()).toEqual(['f-a', 'f-c']);
        expect(await store.attachedFileIds(['f-orphan'])).toEqual([]);
        expect(await store.attachedFileIds([])).toEqual([]);
        expect((await store.previewUsage()).count).toBe(0);
      });
    });

    describe('light counts after any sequence of changes', () => {
      // Whatever a store keeps to answer lightCounts fast (SQLite: counters kept by triggers and rolled by day), its
      // answer must equal a recount of the assignments it lists, after any changes and on any day asked. The same
      // holds for the report-gap counts of a period (reportGapCounts: kept per period asked, issue 14): they must
      // equal a recount of the assignments listed with their first reports in the window, after reports, status
      // changes, parts, removals, withdrawals and imports, for periods asked before and after the changes.
      type Op =
        | { kind: 'report'; a: number; minutes: number; status: Assignment['status'] | null }
        | { kind: 'split'; a: number }
        | { kind: 'gaps'; q: number }
        | { kind: 'status'; a: number; status: Assignment['status'] }
        | { kind: 'due'; a: number; days: number | null }
        | { kind: 'extend'; a: number; days: number }
        | { kind: 'remove'; a: number }
        | { kind: 'withdraw'; a: number }
        | { kind: 'import' }
        | { kind: 'count'; days: number; yellowDays: number };
      const day = (days: number) => addDays('2026-03-05', days);
      const op: fc.Arbitrary<Op> = fc.oneof(
        fc.record({
          kind: fc.constant('status' as const),
          a: fc.nat(9),
          status: fc.constantFrom<Assignment['status'][]>(
            'assigned',
            'acknowledged',
            'in_progress',
            'claimed',
            'closed',
          ),
        }),
        fc.record({
          kind: fc.constant('due' as const),
          a: fc.nat(9),
          days: fc.option(fc.integer({ min: -20, max: 60 })),
        }),
        fc.record({ kind: fc.constant('extend' as const), a: fc.nat(9), days: fc.integer({ min: -5, max: 90 }) }),
        fc.record({ kind: fc.constant('remove' as const), a: fc.nat(9) }),
        fc.record({ kind: fc.constant('withdraw' as const), a: fc.nat(9) }),
        fc.record({ kind: fc.constant('import' as const) }),
        {
          // reports weigh more: a period's in time / after / none moves with them
          weight: 4,
          arbitrary: fc.record({
            kind: fc.constant('report' as const),
            a: fc.nat(3),
            minutes: fc.integer({ min: 0, max: 25 }),
            status: fc.constantFrom<(Assignment['status'] | null)[]>(null, null, 'in_progress', 'claimed'),
          }),
        },
        fc.record({ kind: fc.constant('split' as const), a: fc.nat(9) }),
        fc.record({ kind: fc.constant('gaps' as const), q: fc.nat(GAP_QUERIES.length - 1) }),
        fc.record({
          kind: fc.constant('count' as const),
          days: fc.integer({ min: -30, max: 120 }),
          yellowDays: fc.constantFrom(0, 3, 7, 15),
        }),
      );

      async function recount(bands: LightBands, planId?: string): Promise<LightCountRow[]> {
        const all: AssignmentWithTask[] = [];
        for (let offset = 0; ; offset += 100) {
          const page = await store.listAssignments(planId ? { planId } : {}, { offset, limit: 100 });
          all.push(...page.items);
          if (page.items.length < 100) break;
        }
        const rows = new Map<string, LightCountRow>();
        for (const { assignment: a, task: t } of all) {
          const key = JSON.stringify([t.stage, a.unitId]);
          const r = rows.get(key) ?? { stage: t.stage, unitId: a.unitId, green: 0, yellow: 0, red: 0, done: 0 };
          rows.set(key, r);
          if (a.status === 'closed') r.done++;
          else if (inDueBand(a.dueDate, bands.red)) r.red++;
          else if (inDueBand(a.dueDate, bands.yellow)) r.yellow++;
          else if (inDueBand(a.dueDate, bands.green)) r.green++;
        }
        return [...rows.values()];
      }
      async function recountGaps(q: ReportGapQuery): Promise<ReportGapCount[]> {
        const all: AssignmentWithTask[] = [];
        for (let offset = 0; ; offset += 100) {
          const page = await store.listAssignments({}, { offset, limit: 100 });
          all.push(...page.items);
          if (page.items.length < 100) break;
        }
        const judged = all
          .map((i) => i.assignment)
          .filter((a) => q.taskIds.includes(a.taskId) && q.statuses.includes(a.status));
        const first = new Map(
          (
            await store.firstReportsBetween(
              judged.map((a) => a.id),
              q.from,
              q.to,
            )
          ).map((r) => [r.assignmentId, r.at]),
        );
        const byUnit = new Map<string, ReportGapCount>();
        for (const a of judged) {
          const c = byUnit.get(a.unitId) ?? { unitId: a.unitId, open: 0, none: 0, after: 0 };
          byUnit.set(a.unitId, c);
          c.open++;
          // the first report in the window (the store's lastReportAt is the latest: before `from`, none there)
          const f = a.lastReportAt && a.lastReportAt >= q.from ? first.get(a.id) : undefined;
          if (f === undefined) c.none++;
          else if (f >= q.by) c.after++;
        }
        return [...byUnit.values()].sort((x, y) => (x.unitId < y.unitId ? -1 : 1));
      }
      const sortedGaps = (rows: ReportGapCount[]) => [...rows].sort((x, y) => (x.unitId < y.unitId ? -1 : 1));
      const sorted = (rows: LightCountRow[]) =>
        [...rows].sort((x, y) => `${x.stage}\u0000${x.unitId}`.localeCompare(`${y.stage}\u0000${y.unitId}`));
      const totalsSorted = (t: LightTotals) => ({
        byStage: [...t.byStage].sort((x, y) => `${x.stage}`.localeCompare(`${y.stage}`)),
        byUnit: [...t.byUnit].sort((x, y) => (x.unitId < y.unitId ? -1 : 1)),
      });

      it('equal a recount of the assignments', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(op, { maxLength: 14 }), async (ops) => {
            store = await makeStore();
            await withPlan();
            let ids = contractPlan().assignments.map((a) => a.id);
            let extensions = 0;
            let withdrawals = 0;
            const check = async (days: number, yellowDays: number) => {
              const bands = lightBands(day(days), yellowDays);
              expect(sorted(await store.lightCounts(bands))).toEqual(sorted(await recount(bands)));
              // one plan's counts (issue 9) equal a recount of that plan's assignments
              expect(sorted(await store.lightCounts(bands, { planId: 'p1' }))).toEqual(
                sorted(await recount(bands, 'p1')),
              );
              for (const q of asked) expect(sortedGaps(await store.reportGapCounts(q))).toEqual(await recountGaps(q));
              // summed by stage and unit (the dashboard's tiles): core's sum of the rows, of all units or some
              for (const [planId, unitIds] of [
                [undefined, undefined],
                [undefined, ['u-furong', 'u-fr-dwt']],
                ['p1', ['u-bianban']],
                [undefined, []],
              ] as const) {
                expect(totalsSorted(await store.lightTotals(bands, { planId, unitIds }))).toEqual(
                  totalsSorted(lightTotalsOf(await recount(bands, planId), unitIds)),
                );
              }
              // a task as each of its units (and one holding none of it) gets it: core's rule over the task's
              // assignments, whatever the store keeps to count the others (SQLite: counts by due date, triggers)
              for (const taskId of ['t1', 't2', 'tb']) {
                const all = await store.listAssignmentsOfTask(taskId);
                for (const unitId of [...new Set(all.map((a) => a.unitId)), 'u-nobody']) {
                  expect([taskId, unitId, await store.assignmentsOfTaskFor(taskId, unitId, bands, 3)]).toEqual([
                    taskId,
                    unitId,
                    taskForUnitOf(all, unitId, bands, 3),
                  ]);
                }
              }
            };
            // the periods asked so far: each is kept by the store from its first question on
            const asked = new Set<ReportGapQuery>([GAP_QUERIES[0]]);
            let minutes = 0; // reports come in time order, as the use cases write them
            let parts = 0;
            const split = new Set<string>();
            const held = new Set<string>();
            await check(0, 7); // counts kept from the start
            for (const o of ops) {
              const id = ids[('a' in o ? o.a : 0) % ids.length];
              if (o.kind === 'status') await store.updateAssignment(id, { status: o.status });
              if (o.kind === 'due') await store.updateAssignment(id, { dueDate: o.days === null ? null : day(o.days) });
              if (o.kind === 'extend') {
                const extensionId = `e-prop-${extensions++}`;
                await store.addExtension({
                  id: extensionId,
                  assignmentId: id,
                  requesterId: 'user-furong',
                  oldDue: null,
                  newDue: day(o.days),
                  reason: '需要更多时间',
                  status: 'pending',
                  deciderId: null,
                  decisionNote: null,
                  createdAt: at(1),
                  decidedAt: null,
                });
                await store.decideExtension(extensionId, {
                  status: 'approved',
                  deciderId: 'admin',
                  note: null,
                  at: at(2),
                });
              }
              if (o.kind === 'remove' && !split.has(id)) {
                // (an assignment split into parts is not removed: its parts refer to it)
                const taskId = (await store.getAssignment(id))?.taskId ?? '';
                const removed = await store.removeUntouchedAssignments(taskId, [id]);
                if (removed.length) ids = ids.filter((x) => x !== id);
                if (ids.length === 0) return;
              }
              if (o.kind === 'withdraw') {
                // a revision that only withdraws this assignment: kept in the record, counted nowhere
                const planId = (await store.getTask((await store.getAssignment(id))?.taskId ?? ''))?.planId ?? '';
                const plan = await store.getPlan(planId);
                if (plan) {
                  await store.applyRevision(
                    revisionOf(plan, {
                      withdraw: { assignmentIds: [id], at: at(4) },
                      audit: audit(`audit-withdraw-${withdrawals++}`, 4, 'applyRevision'),
                    }),
                  );
                  ids = ids.filter((x) => x !== id);
                  if (ids.length === 0) return;
                }
              }
              if (o.kind === 'import' && !ids.includes('b1-tianxin')) {
                const second = contractPlan('fp-prop');
                second.plan = { ...second.plan, id: 'p-prop' };
                second.tasks = [
                  { ...task('tb', 9, '', '第二张表的任务', '2026-03-20'), planId: 'p-prop', stage: null },
                ];
                second.assignments = [
                  assignment('b1-tianxin', 'tb', 'u-tianxin', 'lead', '2026-03-20'),
                  assignment('b1-zwzx', 'tb', 'u-zwzx', 'responsible', null),
                ];
                second.audit = audit('audit-prop', 3, 'confirmImport');
                await store.importPlan(second);
                ids = [...ids, 'b1-tianxin', 'b1-zwzx'];
              }
              if (o.kind === 'report') {
                minutes += o.minutes;
                const patch = { lastReportAt: at(minutes), ...(o.status ? { status: o.status } : {}) };
                await store.appendReport(
                  report(`r-prop-${minutes}-${id}`, id, `q-prop-${minutes}-${id}`, minutes),
                  patch,
                );
              }
              if (o.kind === 'split') {
                // a part to a unit of 芙蓉区 that holds none of the task yet (a unit holds one assignment of a task)
                const parent = await store.getAssignment(id);
                const unit = FURONG_UNITS.find((u) => parent && !held.has(`${parent.taskId}|${u.id}`));
                if (parent && unit && !parent.parentId) {
                  const partId = partIdOf(parent.id, unit.id);
                  held.add(`${parent.taskId}|${unit.id}`);
                  if (parts === 0) for (const u of FURONG_UNITS) await store.saveUnit(u);
                  await store.addParts([
                    newAssignment({
                      id: partId,
                      taskId: parent.taskId,
                      unitId: unit.id,
                      role: 'responsible',
                      dueDate: parent.dueDate,
                      parentId: parent.id,
                    }),
                  ]);
                  ids = [...ids, partId];
                  split.add(parent.id);
                  parts++;
                }
              }
              if (o.kind === 'gaps') {
                asked.add(GAP_QUERIES[o.q]);
                await check(0, 7);
              }
              if (o.kind === 'count') await check(o.days, o.yellowDays);
            }
            await check(1, 7);
          }),
          { numRuns: 30 },
        );
      });
    });

    describe('changing an assignment', () => {
      it('changes it only while its status is one of the expected ones', async () => {
        await withPlan();
        const acked = await store.updateAssignment('a1-furong', { status: 'acknowledged', acknowledgedAt: at(1) }, [
          'assigned',
        ]);
        expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedAt: at(1), dueDate: '2026-03-05' });
        expect(await store.updateAssignment('a1-furong', { status: 'acknowledged' }, ['assigned'])).toBeNull();
        expect(await store.updateAssignment('missing', { status: 'closed' })).toBeNull();
      });

      it('removes only the untouched assignments asked for', async () => {
        await withPlan();
        await store.appendReport(report('r1', 'a1-furong', 'req-1', 1), {});
        const removed = await store.removeUntouchedAssignments('t1', ['a1-furong', 'a1-tianxin', 'a2-furong']);
        expect(removed).toEqual(['a1-tianxin']);
        expect(await store.getAssignment('a1-tianxin')).toBeNull();
        expect(await store.getAssignment('a1-furong')).not.toBeNull();
        expect(await store.getAssignment('a2-furong')).not.toBeNull();
      });
    });

    describe('reports', () => {
      it('appends a report once per client request id, applying the assignment change once', async () => {
        await withPlan();
        const first = await store.appendReport(report('r1', 'a1-furong', 'req-1', 1), {
          status: 'in_progress',
          lastReportAt: at(1),
          percent: 50,
        });
        expect(first.created).toBe(true);
        const again = await store.appendReport(report('r1-retry', 'a1-furong', 'req-1', 2), {
          lastReportAt: at(2),
          percent: 90,
        });
        expect(again).toEqual({ report: first.report, created: false });
        expect(await store.getAssignment('a1-furong')).toMatchObject({
          status: 'in_progress',
          lastReportAt: at(1),
          percent: 50,
        });
        expect(await store.listReportsOfTask('t1')).toHaveLength(1);
        expect(await store.getReportByRequest('a1-furong', 'req-1')).toEqual(first.report);
        expect(await store.getReportByRequest('a1-tianxin', 'req-1')).toBeNull();
      });

      it('two concurrent identical submits make one report', async () => {
        await withPlan();
        const results = await Promise.all([
          store.appendReport(report('r-a', 'a1-furong', 'same', 1), { percent: 10 }),
          store.appendReport(report('r-b', 'a1-furong', 'same', 1), { percent: 20 }),
        ]);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(results[0].report.id).toBe(results[1].report.id);
        expect(await store.listReportsOfTask('t1')).toHaveLength(1);
      });

      it('the same request id on another assignment is another report', async () => {
        await withPlan();
        await store.appendReport(report('r1', 'a1-furong', 'req-1', 1), {});
        const other = await store.appendReport(report('r2', 'a2-furong', 'req-1', 1), {});
        expect(other.created).toBe(true);
      });

      it('lists a task’s reports newest first', async () => {
        await withPlan();
        await store.appendReport(report('r1', 'a1-furong', 'q1', 1), {});
        await store.appendReport(report('r2', 'a1-tianxin', 'q2', 2), {});
        await store.appendReport(report('r3', 'a2-furong', 'q3', 3), {});
        expect((await store.listReportsOfTask('t1')).map((r) => r.id)).toEqual(['r2', 'r1']);
        expect(await store.getReport('r3')).toMatchObject({ photos: ['photo-1'], percent: 50, claimDone: false });
      });

      it('reviews a pending report once, changing its assignment with it', async () => {
        await withPlan();
        await store.appendReport(report('r1', 'a1-furong', 'q1', 1, true), { status: 'claimed' });
        const reviewed = await store.reviewReport(
          'r1',
          { review: 'returned', reviewerId: 'lead-user', reason: '缺少佐证材料', at: at(5) },
          { status: 'in_progress' },
        );
        expect(reviewed).toMatchObject({ review: 'returned', reviewReason: '缺少佐证材料', reviewerId: 'lead-user' });
        expect((await store.getAssignment('a1-furong'))?.status).toBe('in_progress');
        const twice = await store.reviewReport(
          'r1',
          { review: 'accepted', reviewerId: 'x', reason: null, at: at(6) },
          { status: 'closed' },
        );
        expect(twice).toBeNull();
        expect((await store.getAssignment('a1-furong'))?.status).toBe('in_progress');
      });

      it('lists pending reports for a lead unit: its tasks’ responsible units only', async () => {
        await withPlan();
        await store.appendReport(report('r1', 'a1-furong', 'q1', 1, true), {});
        await store.appendReport(report('r2', 'a1-lead', 'q2', 2, true), {});
        await store.appendReport(report('r3', 'a2-furong', 'q3', 3, false), {});
        const all = await store.listPendingReports({}, { offset: 0, limit: 100 });
        expect(all.items.map((i) => i.report.id)).toEqual(['r1', 'r2']);
        const lead = await store.listPendingReports(
          { leadUnitId: 'u-bianban', excludeUnitId: 'u-bianban' },
          { offset: 0, limit: 100 },
        );
        expect(lead.total).toBe(1);
        expect(lead.items[0]).toMatchObject({
          report: { id: 'r1' },
          assignment: { id: 'a1-furong' },
          task: { id: 't1' },
        });
        expect((await store.listPendingReports({ leadUnitId: 'u-furong' }, { offset: 0, limit: 100 })).total).toBe(0);
      });
    });

    describe('extensions', () => {
      it('an approved extension moves only that assignment’s due date and keeps the old one', async () => {
        await withPlan();
        await store.addExtension({
          id: 'e1',
          assignmentId: 'a1-furong',
          requesterId: 'user-furong',
          oldDue: '2026-03-05',
          newDue: '2026-03-20',
          reason: '需协调省级系统对接',
          status: 'pending',
          deciderId: null,
          decisionNote: null,
          createdAt: at(1),
          decidedAt: null,
        });
        expect((await store.listPendingExtensions({ offset: 0, limit: 100 })).items[0]).toMatchObject({
          extension: { id: 'e1' },
          task: { id: 't1' },
        });
        const decided = await store.decideExtension('e1', {
          status: 'approved',
          deciderId: 'sup',
          note: '同意',
          at: at(2),
        });
        expect(decided).toMatchObject({ status: 'approved', oldDue: '2026-03-05', decidedAt: at(2) });
        expect(await store.getAssignment('a1-furong')).toMatchObject({
          dueDate: '2026-03-20',
          originalDueDate: '2026-03-05',
        });
        expect((await store.getAssignment('a1-tianxin'))?.dueDate).toBe('2026-03-05');
        expect(
          await store.decideExtension('e1', { status: 'rejected', deciderId: 'sup', note: null, at: at(3) }),
        ).toBeNull();
        expect((await store.listExtensionsOfTask('t1')).map((e) => e.id)).toEqual(['e1']);
        expect((await store.listPendingExtensions({ offset: 0, limit: 100 })).total).toBe(0);
      });

      it('a rejected extension leaves the due date', async () => {
        await withPlan();
        await store.addExtension({
          id: 'e1',
          assignmentId: 'a1-furong',
          requesterId: 'user-furong',
          oldDue: '2026-03-05',
          newDue: '2026-03-20',
          reason: '理由',
          status: 'pending',
          deciderId: null,
          decisionNote: null,
          createdAt: at(1),
          decidedAt: null,
        });
        await store.decideExtension('e1', { status: 'rejected', deciderId: 'sup', note: '不同意', at: at(2) });
        expect((await store.getAssignment('a1-furong'))?.dueDate).toBe('2026-03-05');
        expect((await store.getExtension('e1'))?.decisionNote).toBe('不同意');
      });
    });

    it('records urges and lists them by task, newest first', async () => {
      await withPlan();
      await store.addUrges([
        { id: 'g1', assignmentId: 'a1-furong', urgerId: 'sup', message: '请抓紧办理', createdAt: at(1) },
        { id: 'g2', assignmentId: 'a1-tianxin', urgerId: 'sup', message: '请抓紧办理', createdAt: at(2) },
      ]);
      expect((await store.listUrgesOfTask('t1')).map((u) => u.id)).toEqual(['g2', 'g1']);
      expect(await store.listUrgesOfTask('t2')).toEqual([]);
    });

    describe('the supervisor’s desk', () => {
      const bands = lightBands('2026-03-01', 7); // t1 (03-05) yellow, t2 (04-30) green, t3 ongoing green

      it('lists task summaries with light counts, filtered, in plan order, paged', async () => {
        await withPlan();
        const all = await store.listTaskSummaries({}, bands, { offset: 0, limit: 10 });
        expect(all.total).toBe(3);
        expect(all.items.map((i) => [i.task.id, i.counts])).toEqual([
          ['t1', { green: 0, yellow: 3, red: 0, done: 0 }],
          ['t2', { green: 2, yellow: 0, red: 0, done: 0 }],
          ['t3', { green: 2, yellow: 0, red: 0, done: 0 }],
        ]);
        const ids = async (q: Parameters<Store['listTaskSummaries']>[0]) =>
          (await store.listTaskSummaries(q, bands, { offset: 0, limit: 10 })).items.map((i) => i.task.id);
        expect(await ids({ q: '最多跑一次' })).toEqual(['t1']);
        expect(await ids({ q: '优化办事' })).toEqual(['t2', 't3']);
        expect(await ids({ q: '%' })).toEqual([]);
        expect(await ids({ stage: '优化办事流程' })).toEqual(['t2', 't3']);
        expect(await ids({ stage: null })).toEqual([]);
        expect(await ids({ planId: 'p1' })).toEqual(['t1', 't2', 't3']);
        expect(await ids({ planId: 'p-none' })).toEqual([]);
        expect(await ids({ leadUnitId: 'u-bianban' })).toEqual(['t1', 't2', 't3']);
        expect(await ids({ leadUnitId: 'u-furong' })).toEqual([]);
        expect(await ids({ unitId: 'u-tianxin' })).toEqual(['t1']);
        expect(await ids({ light: 'yellow' })).toEqual(['t1']);
        expect(await ids({ light: 'green' })).toEqual(['t2', 't3']);
        await store.updateAssignment('a3-lead', { status: 'closed' });
        await store.updateAssignment('a3-furong', { status: 'closed' });
        expect(await ids({ light: 'done' })).toEqual(['t3']);
        const page = await store.listTaskSummaries({ light: 'green' }, bands, { offset: 0, limit: 1 });
        expect([page.total, page.items.map((i) => i.task.id)]).toEqual([1, ['t2']]);
        const second = await store.listTaskSummaries({}, bands, { offset: 2, limit: 2 });
        expect([second.total, second.items.map((i) => i.task.id)]).toEqual([3, ['t3']]);
      });

      it('counts only the assignments of the units given (a district’s subtree), keeping every task’s row', async () => {
        await withPlan();
        const counted = async (countUnitIds: string[], q: { unitId?: string; light?: 'green' | 'yellow' } = {}) =>
          (await store.listTaskSummaries({ ...q, countUnitIds }, bands, { offset: 0, limit: 10 })).items.map((i) => [
            i.task.id,
            i.counts,
          ]);
        expect(await counted(['u-furong'])).toEqual([
          ['t1', { green: 0, yellow: 1, red: 0, done: 0 }],
          ['t2', { green: 1, yellow: 0, red: 0, done: 0 }],
          ['t3', { green: 1, yellow: 0, red: 0, done: 0 }],
        ]);
        expect(await counted(['u-furong', 'u-tianxin'], { unitId: 'u-tianxin' })).toEqual([
          ['t1', { green: 0, yellow: 2, red: 0, done: 0 }],
        ]);
        await store.updateAssignment('a2-furong', { status: 'closed' });
        expect(await counted(['u-furong'], { light: 'green' })).toEqual([
          ['t3', { green: 1, yellow: 0, red: 0, done: 0 }],
        ]);
        expect((await counted([])).map(([id]) => id)).toEqual(['t1', 't2', 't3']);
      });

      it('counts urges per assignment, marks them read, lists a unit’s unread ones', async () => {
        await withPlan();
        await store.addUrges([
          { id: 'g1', assignmentId: 'a1-furong', urgerId: 'sup', message: '一催', createdAt: at(1) },
          { id: 'g2', assignmentId: 'a1-furong', urgerId: 'sup', message: '二催', createdAt: at(3) },
          { id: 'g3', assignmentId: 'a2-furong', urgerId: 'sup', message: '三催', createdAt: at(2) },
          { id: 'g4', assignmentId: 'a1-tianxin', urgerId: 'sup', message: '四催', createdAt: at(4) },
        ]);
        expect(await store.urgeStats(['a1-furong', 'a2-lead'])).toEqual({
          'a1-furong': { count: 2, lastAt: at(3), unread: 2 },
        });
        const unread = await store.listUnreadUrges('u-furong', { offset: 0, limit: 10 });
        expect([unread.total, unread.items.map((i) => [i.urge.id, i.task.id, i.assignment.unitId])]).toEqual([
          3,
          [
            ['g2', 't1', 'u-furong'],
            ['g3', 't2', 'u-furong'],
            ['g1', 't1', 'u-furong'],
          ],
        ]);
        expect(await store.markUrgesRead(['a1-furong'], at(5))).toBe(2);
        expect(await store.markUrgesRead(['a1-furong'], at(6))).toBe(0);
        expect((await store.urgeStats(['a1-furong']))['a1-furong'].unread).toBe(0);
        expect((await store.listUrgesOfTask('t1')).map((u) => [u.id, u.readAt ?? null])).toEqual([
          ['g4', null],
          ['g2', at(5)],
          ['g1', at(5)],
        ]);
        expect((await store.listUnreadUrges('u-furong', { offset: 0, limit: 10 })).total).toBe(1);
      });

      it('finds the latest report of each assignment', async () => {
        await withPlan();
        await store.appendReport(report('r1', 'a1-furong', 'q1', 1), {});
        await store.appendReport(report('r2', 'a1-furong', 'q2', 2), {});
        await store.appendReport(report('r3', 'a2-furong', 'q3', 1), {});
        const latest = await store.latestReports(['a1-furong', 'a2-furong', 'a3-furong']);
        expect(Object.fromEntries(Object.entries(latest).map(([k, r]) => [k, r.id]))).toEqual({
          'a1-furong': 'r2',
          'a2-furong': 'r3',
        });
        expect(await store.latestReports([])).toEqual({});
        expect(Object.keys(await store.latestReports(['a2-furong', 'a2-furong']))).toEqual(['a2-furong']);
      });
    });

    describe('people and invites', () => {
      const invite = (code: string, unitId: string, expiresAt = at(60 * 24 * 7)) => ({
        code,
        unitId,
        role: 'contact' as const,
        createdBy: 'admin',
        createdAt: at(0),
        expiresAt,
        usedBy: null,
        usedAt: null,
        revokedAt: null,
      });

      it('an invite is consumed once; the user it makes is found by id, principal and unit', async () => {
        await withDirectory();
        await store.createInvite(invite('ABCDEFGH', 'u-furong'));
        const first = await consume(store, 'ABCDEFGH', at(1), user('user-1', 'openid-1', 'ignored'));
        expect(first.outcome).toBe('ok');
        expect(first.user).toMatchObject({ id: 'user-1', unitId: 'u-furong', role: 'contact' });
        expect((await store.getInvite('ABCDEFGH'))?.usedBy).toBe('user-1');
        expect((await consume(store, 'ABCDEFGH', at(2), user('user-2', 'openid-2', 'x'))).outcome).toBe('used');
        expect(await store.getUserByPrincipal('openid-1')).toEqual(first.user);
        expect(await store.getUser('user-1')).toEqual(first.user);
        expect(await store.getUsers(['user-1', 'nobody', 'user-1'])).toEqual([first.user]);
        expect(await store.listUsersOfUnit('u-furong')).toEqual([first.user]);
        expect(await store.listUsersOfUnit('u-furong', 'admin')).toEqual([]);
      });

      it('a removed user acts no more, stays in history, and the person may bind again as someone new', async () => {
        await withDirectory();
        await store.createInvite(invite('RMVA2222', 'u-furong'));
        const first = await consume(store, 'RMVA2222', at(1), user('user-r', 'openid-r', 'x'));
        expect(first.outcome).toBe('ok');
        expect(await store.removeUser('user-r', at(2))).toEqual(first.user);
        expect(await store.removeUser('user-r', at(3))).toBeNull();
        expect(await store.removeUser('nobody', at(3))).toBeNull();
        expect(await store.getUserByPrincipal('openid-r')).toBeNull();
        expect(await store.whenRemoved('openid-r')).toBe(at(2));
        expect(await store.whenRemoved('openid-never')).toBeNull();
        expect(await store.listUsersOfUnit('u-furong')).toEqual([]);
        expect((await store.getUser('user-r'))?.name).toBe(first.user?.name);
        expect(await store.getUsers(['user-r'])).toHaveLength(1);
        await store.createInvite(invite('RMVB2222', 'u-furong'));
        const again = await consume(store, 'RMVB2222', at(4), user('user-r2', 'openid-r', 'y'));
        expect(again.outcome).toBe('ok');
        expect((await store.getUserByPrincipal('openid-r'))?.id).toBe('user-r2');
      });

      it('of two concurrent consumers of one code only one gets it', async () => {
        await withDirectory();
        await store.createInvite(invite('ZZZZ2222', 'u-furong'));
        const outcomes = await Promise.all([
          consume(store, 'ZZZZ2222', at(1), user('a', 'pa', 'x')),
          consume(store, 'ZZZZ2222', at(1), user('b', 'pb', 'x')),
        ]);
        expect(outcomes.map((o) => o.outcome).sort()).toEqual(['ok', 'used']);
      });

      it('says why a code cannot be used: unknown, expired, revoked', async () => {
        await withDirectory();
        await store.createInvite(invite('EXPIRED2', 'u-furong', at(10)));
        await store.createInvite(invite('REVOKED2', 'u-furong'));
        expect(await store.revokeInvite('REVOKED2', at(1))).toBe(true);
        expect(await store.revokeInvite('REVOKED2', at(2))).toBe(false);
        expect(await store.revokeInvite('NOSUCH22', at(2))).toBe(false);
        expect((await consume(store, 'NOSUCH22', at(1), user('a', 'pa', 'x'))).outcome).toBe('invalid');
        expect((await consume(store, 'EXPIRED2', at(10), user('a', 'pa', 'x'))).outcome).toBe('expired');
        expect((await consume(store, 'REVOKED2', at(2), user('a', 'pa', 'x'))).outcome).toBe('revoked');
        expect(await store.getUserByPrincipal('pa')).toBeNull();
      });

      it('a bound principal using a new code moves to its unit and role, keeping its id', async () => {
        await withDirectory();
        await store.createInvite(invite('FIRST222', 'u-furong'));
        await store.createInvite({ ...invite('SECOND22', 'u-bianban'), role: 'supervisor' });
        await consume(store, 'FIRST222', at(1), { ...user('user-1', 'openid-1', 'x'), name: '张三' });
        const moved = await consume(store, 'SECOND22', at(2), user('user-new', 'openid-1', 'x'));
        expect(moved.user).toMatchObject({ id: 'user-1', unitId: 'u-bianban', role: 'supervisor', name: '张三' });
      });

      it('lists invites newest first, by unit, paged', async () => {
        await withDirectory();
        await store.createInvite(invite('AAAA2222', 'u-furong'));
        await store.createInvite({ ...invite('BBBB2222', 'u-tianxin'), createdAt: at(5) });
        expect((await store.listInvites({}, { offset: 0, limit: 10 })).items.map((i) => i.code)).toEqual([
          'BBBB2222',
          'AAAA2222',
        ]);
        const furong = await store.listInvites({ unitId: 'u-furong' }, { offset: 0, limit: 10 });
        expect(furong).toMatchObject({ total: 1, items: [{ code: 'AAAA2222' }] });
        await expect(store.createInvite(invite('AAAA2222', 'u-furong'))).rejects.toMatchObject({ code: 'CONFLICT' });
      });

      it('remembers failed attempts per caller', async () => {
        await store.recordFailedAttempt('ip-1', at(1), at(-60));
        await store.recordFailedAttempt('ip-1', at(20), at(-60));
        await store.recordFailedAttempt('ip-2', at(21), at(-60));
        expect(await store.failedAttemptsSince('ip-1', at(10))).toEqual([at(20)]);
        expect(await store.failedAttemptsSince('ip-1', at(0))).toEqual([at(1), at(20)]);
      });

      it('recording an attempt forgets every caller’s attempts before the instant core gives (distinct keys too)', async () => {
        await store.recordFailedAttempt('ip-1', at(1), at(-60));
        await store.recordFailedAttempt('ip-2', at(2), at(-60));
        await store.recordFailedAttempt('ip-3', at(25), at(-60));
        await store.recordFailedAttempt('ip-1', at(30), at(20));
        expect(await store.failedAttemptsSince('ip-1', at(-100))).toEqual([at(30)]);
        expect(await store.failedAttemptsSince('ip-2', at(-100))).toEqual([]);
        expect(await store.failedAttemptsSince('ip-3', at(-100))).toEqual([at(25)]);
      });

      it('consumes as core decides: shows it the invite and the bound user, writes only on ok', async () => {
        await withDirectory();
        await store.createInvite(invite('RULE2222', 'u-furong'));
        const seen: unknown[] = [];
        const refused = await store.consumeInvite('RULE2222', at(1), 'openid-9', (inv, prior) => {
          seen.push([inv?.code, prior]);
          return { outcome: 'expired', user: null };
        });
        expect(refused).toEqual({ outcome: 'expired', user: null });
        expect(seen).toEqual([['RULE2222', null]]);
        expect((await store.getInvite('RULE2222'))?.usedBy).toBeNull();
        expect(await store.getUserByPrincipal('openid-9')).toBeNull();
        const unknown = await store.consumeInvite('NOSUCH99', at(1), 'openid-9', (inv) => {
          seen.push(inv);
          return { outcome: 'invalid', user: null };
        });
        expect(unknown.outcome).toBe('invalid');
        expect(seen[1]).toBeNull();
        const decided = { ...user('user-9', 'openid-9', 'x'), unitId: 'u-tianxin', role: 'viewer' as const };
        const ok = await store.consumeInvite('RULE2222', at(2), 'openid-9', () => ({ outcome: 'ok', user: decided }));
        expect(ok).toEqual({ outcome: 'ok', user: decided });
        expect(await store.getUser('user-9')).toEqual(decided);
        expect(await store.getInvite('RULE2222')).toMatchObject({ usedBy: 'user-9', usedAt: at(2) });
        await store.createInvite(invite('RULE3333', 'u-furong'));
        await store.consumeInvite('RULE3333', at(3), 'openid-9', (_inv, prior) => {
          seen.push(prior);
          return { outcome: 'ok', user: { ...decided, unitId: 'u-furong', name: '李四' } };
        });
        expect(seen[2]).toEqual(decided);
        expect(await store.getUser('user-9')).toEqual({ ...decided, unitId: 'u-furong', name: '李四' });
        expect(await store.getInvite('RULE3333')).toMatchObject({ usedBy: 'user-9' });
      });
    });

    describe('plans: revision, withdrawal, archive (issue 9)', () => {
      function revision(over: Partial<Parameters<Store['applyRevision']>[0]> = {}) {
        return {
          planId: 'p1',
          title: '测试方案（修订）',
          fingerprint: 'fp-2',
          updatedTasks: [],
          newTasks: [],
          newAssignments: [],
          assignmentChanges: [],
          withdraw: { assignmentIds: [], at: at(5) },
          removedTaskIds: [],
          newUnits: [],
          audit: audit('audit-revision', 5, 'applyRevision'),
          ...over,
        };
      }

      it('lists a plan’s tasks, and filters assignments and light counts by plan', async () => {
        await withPlan();
        const second = contractPlan('fp-b');
        second.plan = { ...second.plan, id: 'p2' };
        second.tasks = [{ ...task('tb', 1, '第二阶段', '第二张表的任务', '2026-03-20'), planId: 'p2' }];
        second.assignments = [assignment('b-tianxin', 'tb', 'u-tianxin', 'lead', '2026-03-20')];
        second.audit = audit('audit-b', 1, 'confirmImport');
        await store.importPlan(second);
        expect((await store.listTasksOfPlan('p1')).map((t) => t.id)).toEqual(['t1', 't2', 't3']);
        expect((await store.listTasksOfPlan('p2')).map((t) => t.id)).toEqual(['tb']);
        expect(await store.listTasksOfPlan('none')).toEqual([]);
        const ofP2 = await store.listAssignments({ planId: 'p2' }, { offset: 0, limit: 100 });
        expect(ofP2.items.map((i) => i.assignment.id)).toEqual(['b-tianxin']);
        expect((await store.listAssignments({ planId: 'p1' }, { offset: 0, limit: 100 })).total).toBe(7);
        const bands = lightBands('2026-03-10', 7);
        expect(await store.lightCounts(bands, { planId: 'p2' })).toEqual([
          { stage: '第二阶段', unitId: 'u-tianxin', green: 1, yellow: 0, red: 0, done: 0 },
        ]);
        expect(await store.lightCounts(bands, { planId: 'none' })).toEqual([]);
      });

      it('applies a revision: tasks updated in place, new ones added, dropped ones withdrawn and kept', async () => {
        await withPlan();
        await store.saveUnit({ id: 'u-new', name: '市新单位', aliases: [], kind: 'city' });
        await store.appendReport({ ...report('r1', 'a1-furong', 'q1', 1, true) }, { status: 'claimed' });
        await store.applyRevision(
          revision({
            updatedTasks: [{ ...task('t1', 1, '梳理公布事项', '梳理公布“最多跑一次”事项清单（修订）', '2026-03-05') }],
            newTasks: [{ ...task('t4', 4, '新增阶段', '新增的任务', '2026-05-31') }],
            newAssignments: [
              assignment('a4-lead', 't4', 'u-zwzx', 'lead', '2026-05-31'),
              assignment('a1-zwzx', 't1', 'u-zwzx', 'responsible', '2026-03-05'),
            ],
            assignmentChanges: [
              { id: 'a2-furong', role: 'lead' },
              { id: 'a2-lead', dueDate: '2026-05-15' },
            ],
            withdraw: { assignmentIds: ['a1-furong', 'a3-furong', 'a3-lead'], at: at(5) },
            removedTaskIds: ['t3'],
          }),
        );
        expect(await store.getPlan('p1')).toMatchObject({ title: '测试方案（修订）', fingerprint: 'fp-2' });
        expect((await store.findPlanByFingerprint('fp-2'))?.id).toBe('p1');
        expect((await store.getTask('t1'))?.content).toBe('梳理公布“最多跑一次”事项清单（修订）');
        // t3 removed: kept, no longer listed
        expect((await store.listTasksOfPlan('p1')).map((t) => t.id)).toEqual(['t1', 't2', 't4']);
        expect((await store.getTask('t3'))?.content).toBe('长期坚持推进作风建设');
        expect((await store.listTasks({ offset: 0, limit: 100 })).items.map((t) => t.id)).toEqual(['t1', 't2', 't4']);
        expect((await store.listAssignmentsOfTask('t1')).map((a) => a.id).sort()).toEqual(
          ['a1-lead', 'a1-tianxin', 'a1-zwzx'].sort(),
        );
        expect(await store.getAssignment('a2-furong')).toMatchObject({ role: 'lead' });
        expect(await store.getAssignment('a2-lead')).toMatchObject({ dueDate: '2026-05-15' });
        // withdrawn: kept with its report, hidden everywhere, no longer changed
        const kept = await store.getAssignment('a1-furong');
        expect(kept).toMatchObject({ status: 'claimed', withdrawnAt: at(5), withdrawnReason: 'revision' });
        expect((await store.listReportsOfTask('t1')).map((r) => r.id)).toEqual(['r1']);
        expect(await store.updateAssignment('a1-furong', { status: 'closed' })).toBeNull();
        const furong = await store.listAssignments({ unitIds: ['u-furong'] }, { offset: 0, limit: 100 });
        expect(furong.items.map((i) => i.assignment.id)).toEqual(['a2-furong']);
        expect((await store.scanAssignments(null, 100)).map((a) => a.id)).not.toContain('a1-furong');
        expect((await store.listPendingReports({}, { offset: 0, limit: 100 })).total).toBe(0);
        const rows = await store.lightCounts(lightBands('2026-03-10', 7));
        const furongRows = rows.filter((r) => r.unitId === 'u-furong');
        expect(furongRows.reduce((n, r) => n + r.green + r.yellow + r.red + r.done, 0)).toBe(1);
        expect((await store.listAudit({ offset: 0, limit: 10 })).items[0].action).toBe('applyRevision');
      });

      it('refuses a revision of an unknown plan, or to a fingerprint another plan holds', async () => {
        await withPlan();
        await expect(store.applyRevision(revision({ planId: 'none' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
        const second = contractPlan('fp-b');
        second.plan = { ...second.plan, id: 'p2' };
        second.tasks = [{ ...task('tb', 1, '第二阶段', '第二张表的任务', '2026-03-20'), planId: 'p2' }];
        second.assignments = [];
        second.audit = audit('audit-b', 1, 'confirmImport');
        await store.importPlan(second);
        await expect(store.applyRevision(revision({ fingerprint: 'fp-b' }))).rejects.toMatchObject({
          code: 'CONFLICT',
        });
        expect((await store.getPlan('p1'))?.fingerprint).toBe('fp-1');
      });

      it('archives a plan: every assignment withdrawn and kept, nothing counted, archiving twice changes nothing', async () => {
        await withPlan();
        expect(await store.archivePlan('p1', at(6))).toBe(7);
        expect((await store.getPlan('p1'))?.archivedAt).toBe(at(6));
        expect((await store.listPlans()).map((p) => p.id)).toEqual(['p1']);
        expect((await store.listAssignments({}, { offset: 0, limit: 100 })).total).toBe(0);
        expect(await store.lightCounts(lightBands('2026-03-10', 7))).toEqual(
          expect.not.arrayContaining([expect.objectContaining({ green: expect.any(Number) })]),
        );
        expect(await store.unitLeadsAnyTask('u-bianban')).toBe(false);
        expect((await store.getAssignment('a1-lead'))?.withdrawnReason).toBe('archived');
        expect(await store.archivePlan('p1', at(7))).toBe(0);
        expect((await store.getPlan('p1'))?.archivedAt).toBe(at(6));
        await expect(store.archivePlan('none', at(7))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('deletes a plan only while untouched', async () => {
        await withPlan();
        expect(await store.deletePlanIfUntouched('none')).toBe('missing');
        await store.appendReport(report('r1', 'a2-furong', 'q1', 1), {});
        expect(await store.deletePlanIfUntouched('p1')).toBe('touched');
        expect(await store.getPlan('p1')).not.toBeNull();
        expect(await store.getAssignment('a2-furong')).not.toBeNull();

        store = await makeStore();
        await withPlan();
        expect(await store.deletePlanIfUntouched('p1')).toBe('deleted');
        expect(await store.getPlan('p1')).toBeNull();
        expect(await store.getTask('t1')).toBeNull();
        expect(await store.getAssignment('a1-lead')).toBeNull();
        expect(await store.findPlanByFingerprint('fp-1')).toBeNull();
        expect((await store.listAssignments({}, { offset: 0, limit: 100 })).total).toBe(0);
        // the same table may come in again
        const again = { ...contractPlan(), audit: audit('audit-import-again', 9, 'confirmImport') };
        expect(await store.importPlan(again)).toEqual({ planId: 'p1', created: true });
      });
    });

    describe('settings, audit and previews', () => {
      it('gives the default settings until some are saved', async () => {
        expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
        const changed = { ...DEFAULT_SETTINGS, yellowDays: 5, templates: { due: { templateId: 'T1', fields: [] } } };
        await store.saveSettings(changed);
        expect(await store.getSettings()).toEqual(changed);
      });

      it('lists audit entries newest first, paged', async () => {
        for (let i = 0; i < 5; i++) await store.appendAudit(audit(`e${i}`, i));
        const page = await store.listAudit({ offset: 1, limit: 2 });
        expect(page.total).toBe(5);
        expect(page.items.map((e) => e.id)).toEqual(['e3', 'e2']);
        expect(page.items[0].detail).toEqual({ n: 3 });
      });

      it('keeps an import preview until it is confirmed', async () => {
        const preview = {
          id: 'pv1',
          createdBy: 'admin',
          createdAt: at(0),
          fileName: 'plan.txt',
          fingerprint: 'fp',
          parsed: { title: null, format: 'table-text' as const, tasks: [], unknownUnits: ['某单位'], warnings: [] },
          preview: {
            previewId: 'pv1',
            title: null,
            format: 'table-text' as const,
            tasks: [],
            stages: [],
            unknownUnits: ['某单位'],
            warnings: [],
            assignmentCount: 0,
            duplicateOfPlanId: null,
            columns: null,
            allPast: null,
            revision: null,
          },
        };
        await store.savePreview(preview);
        expect(await store.getPreview('pv1')).toEqual(preview);
        // editPreview saves the corrected preview under the same id
        const corrected = { ...preview, fingerprint: 'fp2', preview: { ...preview.preview, title: '改后' } };
        await store.savePreview(corrected);
        expect(await store.getPreview('pv1')).toEqual(corrected);
        expect(await store.getPreview('nope')).toBeNull();
        // the cleanup removes previews made before the instant it is given, and only those
        await store.savePreview({ ...preview, id: 'pv2', createdAt: at(50) });
        expect(await store.purgePreviewsBefore(at(10))).toBe(1);
        expect(await store.getPreview('pv1')).toBeNull();
        expect(await store.getPreview('pv2')).not.toBeNull();
      });

      it('has no subscription credits for a user who never subscribed', async () => {
        expect(await store.creditsOf('nobody')).toEqual({});
      });
    });

    describe('circular issue numbers and photo evidence', () => {
      it("numbers a plan's circulars by day: the same day keeps its number, each plan counts alone", async () => {
        expect(await store.circularIssue('p1', '2026-03-01')).toBe(1);
        expect(await store.circularIssue('p1', '2026-03-01')).toBe(1);
        expect(await store.circularIssue('p1', '2026-03-08')).toBe(2);
        expect(await store.circularIssue('p2', '2026-03-08')).toBe(1);
        expect(await store.circularIssue('p1', '2026-03-15')).toBe(3);
      });

      const evidence = (reportId: string, fileId: string, hash: string | null, minutes: number) => ({
        reportId,
        fileId,
        displayId: hash ? `${fileId}-stamped` : null,
        hash,
        takenAt: hash ? at(minutes - 5) : null,
        receivedAt: at(minutes),
        unitId: 'u-furong',
        taskId: 't1',
        assignmentId: 'a1',
        reuseOf: null,
      });

      it("keeps each report's photo evidence once, and finds photos by a shared hash band, oldest first", async () => {
        const first = evidence('r1', 'f1', '0123456789abcdef', 0);
        const unread = evidence('r1', 'f2', null, 0);
        const later = {
          ...evidence('r2', 'f3', '0123456789abcdee', 10),
          reuseOf: { reportId: 'r1', fileId: 'f1', taskId: 't1', unitId: 'u-furong', at: at(0), distance: 1 },
        };
        const other = evidence('r3', 'f4', 'ffffffffffffffff', 20);
        await store.addPhotoEvidence([first, unread]);
        await store.addPhotoEvidence([later]);
        await store.addPhotoEvidence([other]);
        await store.addPhotoEvidence([first]); // again: kept once
        const byFile = (rows: { fileId: string }[]) => [...rows].sort((a, b) => a.fileId.localeCompare(b.fileId));
        expect(byFile(await store.photoEvidenceOfReports(['r1', 'r2']))).toEqual([first, unread, later]);
        expect(await store.photoEvidenceOfReports(['nope'])).toEqual([]);
        // bands of 0123456789abcdef: r1/f1 shares all, r2/f3 shares seven; r3 none
        const found = await store.photosSharingBands(['0:01', '7:ef'], 10);
        expect(found.map((e) => e.fileId)).toEqual(['f1', 'f3']);
        expect((await store.photosSharingBands(['7:ff'], 10)).map((e) => e.fileId)).toEqual(['f4']);
        expect(await store.photosSharingBands(['0:01'], 1)).toHaveLength(1);
        expect(await store.photosSharingBands([], 10)).toEqual([]);
      });
    });
    describe('reporting cycles and leaders’ instructions', () => {
      it('keeps a report’s kind and the instruction it acts on', async () => {
        await withPlan();
        await store.appendReport({ ...report('r1', 'a1-furong', 'q1', 1), kind: 'noChange', photos: [] }, {});
        await store.appendReport({ ...report('r2', 'a1-tianxin', 'q2', 2), kind: 'followUp', instructionId: 'i1' }, {});
        expect(await store.getReport('r1')).toMatchObject({ kind: 'noChange', instructionId: null });
        expect((await store.listReportsOfTask('t1'))[0]).toMatchObject({ kind: 'followUp', instructionId: 'i1' });
      });

      it('gives the first report of each assignment asked for within [from, to)', async () => {
        await withPlan();
        await store.appendReport(report('r1', 'a1-furong', 'q1', 10), {});
        await store.appendReport(report('r2', 'a1-furong', 'q2', 20), {});
        await store.appendReport(report('r3', 'a1-tianxin', 'q3', 5), {});
        await store.appendReport(report('r4', 'a2-furong', 'q4', 30), {});
        await store.appendReport(report('r5', 'a3-furong', 'q5', 60), {});
        const rows = await store.firstReportsBetween(
          ['a1-furong', 'a1-tianxin', 'a3-furong', 'a1-lead'],
          at(6),
          at(60),
        );
        expect(rows.sort((x, y) => x.assignmentId.localeCompare(y.assignmentId))).toEqual([
          { assignmentId: 'a1-furong', at: at(10) },
        ]);
        expect(await store.firstReportsBetween([], at(0), at(100))).toEqual([]);
      });

      it("counts and lists a period's report gaps per unit, filtering only what it is told", async () => {
        await withPlan();
        // the window is [at(10), at(100)); a first report at or after at(50) came after the due day
        const reportOn = async (id: string, assignmentId: string, minutes: number) =>
          store.appendReport(report(id, assignmentId, `q-${id}`, minutes), { lastReportAt: at(minutes) });
        await reportOn('r1', 'a1-furong', 20); // in time
        await reportOn('r6', 'a1-furong', 65); // its latest after the due day, its first in time: in time
        await reportOn('r2', 'a1-tianxin', 5); // before the window: none in it
        await reportOn('r3', 'a1-lead', 60); // after the due day
        await reportOn('r4', 'a1-lead', 70);
        await reportOn('r5', 'a2-furong', 120); // after the window: none in it
        await store.updateAssignment('a2-lead', { status: 'claimed' }); // not a status asked
        const q: ReportGapQuery = {
          taskIds: ['t1', 't2', 't1'],
          statuses: ['assigned', 'acknowledged', 'in_progress'],
          from: at(10),
          to: at(100),
          by: at(50),
        };
        expect(await store.reportGapCounts(q)).toEqual([
          { unitId: 'u-bianban', open: 1, none: 0, after: 1 },
          { unitId: 'u-furong', open: 2, none: 1, after: 0 },
          { unitId: 'u-tianxin', open: 1, none: 1, after: 0 },
        ]);
        const rows = await store.reportGapRows(q, null, 100);
        expect(rows).toEqual(
          [
            { assignmentId: 'a1-lead', taskId: 't1', unitId: 'u-bianban', firstAt: at(60) },
            { assignmentId: 'a1-tianxin', taskId: 't1', unitId: 'u-tianxin', firstAt: null },
            { assignmentId: 'a2-furong', taskId: 't2', unitId: 'u-furong', firstAt: null },
          ].sort((x, y) => (x.assignmentId < y.assignmentId ? -1 : 1)),
        );
        // keyset pages by id
        const first = await store.reportGapRows(q, null, 1);
        expect(first).toEqual(rows.slice(0, 1));
        expect(await store.reportGapRows(q, first[0].assignmentId, 100)).toEqual(rows.slice(1));
        // nothing asked, nothing answered
        expect(await store.reportGapCounts({ ...q, taskIds: [] })).toEqual([]);
        expect(await store.reportGapRows({ ...q, statuses: [] }, null, 100)).toEqual([]);
        expect(await store.reportGapCounts({ ...q, taskIds: ['t3'] })).toEqual([
          { unitId: 'u-bianban', open: 1, none: 1, after: 0 },
          { unitId: 'u-furong', open: 1, none: 1, after: 0 },
        ]);
        // a withdrawn assignment is counted nowhere
        await store.archivePlan('p1', at(200));
        expect(await store.reportGapCounts(q)).toEqual([]);
        expect(await store.reportGapRows(q, null, 100)).toEqual([]);
      });

      it("lists a plan's tasks light, by seq, leaving out those a revision removed", async () => {
        await withPlan();
        const heads = contractPlan().tasks.map((t) => ({
          id: t.id,
          planId: t.planId,
          seq: t.seq,
          stage: t.stage,
          content: t.content,
        }));
        expect(await store.listTaskHeadsOfPlan('p1')).toEqual(heads);
        expect(await store.listTaskHeadsOfPlan('p-unknown')).toEqual([]);
        const plan = (await store.getPlan('p1'))!;
        await store.applyRevision(
          revisionOf(plan, {
            withdraw: { assignmentIds: ['a3-lead', 'a3-furong'], at: at(4) },
            removedTaskIds: ['t3'],
            audit: audit('audit-heads', 4, 'applyRevision'),
          }),
        );
        expect(await store.listTaskHeadsOfPlan('p1')).toEqual(heads.slice(0, 2));
      });

      it('keeps instructions, by task newest first and all of them paged', async () => {
        await withPlan();
        const instruction = (
          id: string,
          minutes: number,
          taskId = 't1',
          assignmentId: string | null = null,
        ): Instruction => ({
          id,
          taskId,
          assignmentId,
          text: `批示 ${id}`,
          leaderName: '陈市长',
          authorId: 'viewer',
          createdAt: at(minutes),
        });
        await store.addInstruction(instruction('i1', 1));
        await store.addInstruction(instruction('i2', 2, 't1', 'a1-furong'));
        await store.addInstruction(instruction('i3', 3, 't2'));
        expect(await store.getInstruction('i2')).toEqual(instruction('i2', 2, 't1', 'a1-furong'));
        expect(await store.getInstruction('nope')).toBeNull();
        expect((await store.listInstructionsOfTask('t1')).map((i) => i.id)).toEqual(['i2', 'i1']);
        const page = await store.listInstructions({ offset: 1, limit: 1 });
        expect(page).toEqual({ items: [instruction('i2', 2, 't1', 'a1-furong')], total: 3 });
      });
    });
  });
}
