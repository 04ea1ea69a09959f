/**
 * Issue 9, parts 2 and 3, against the real store of the test world: the preview as the place of correction
 * (column roles, per-task edits, exclusion, the past-deadline notice and the whole-year shift), a revised table
 * applied to its plan (history kept, withdrawn assignments kept in the record), undo, archive, and the plan filter.
 */
import { breakStore, expectError, useWorld, type TestWorld } from '../testing/world';
import type { User } from '../model';
import { matchTasks, taskSimilarity } from './planRevision';
import { shiftDate } from './importPreview';

const {
  w,
  users: { admin, supervisor },
} = useWorld({
  users: { admin: ['city-ducha', 'admin', '管理员'], supervisor: ['city-ducha', 'supervisor', '督查员'] },
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const tsv = (rows: string[][]) => rows.map((r) => r.join('\t')).join('\n');

const HEAD = ['序号', '工作阶段', '目标任务', '牵头单位', '责任单位', '完成时间'];
const PLAN_A = tsv([
  HEAD,
  ['1', '试点', '建设全市统一的数据共享交换平台', '市编办', '芙蓉区人民政府', '2026年6月'],
  ['2', '试点', '推进政务服务事项“一网通办”全覆盖', '市政务服务中心', '芙蓉区人民政府、天心区人民政府', '2026年9月'],
  ['3', '推广', '开展“最多跑一次”改革第三方评估', '市绩效办', '市编办', '2026年12月'],
]);
/** PLAN_A revised: task 1 unchanged, task 2 reworded and 芙蓉区 dropped for 岳麓区, task 3 dropped, a new task. */
const PLAN_A2 = tsv([
  HEAD,
  ['1', '试点', '建设全市统一的数据共享交换平台', '市编办', '芙蓉区人民政府', '2026年6月'],
  ['2', '试点', '推进政务服务事项“一网通办”全面覆盖', '市政务服务中心', '天心区人民政府、岳麓区人民政府', '2026年10月'],
  ['3', '推广', '编制“最多跑一次”事项办事指南并公布', '市优化办', '市编办', '2026年11月'],
]);

async function preview(world: TestWorld, text: string, columns?: string[]) {
  return world.call(admin, 'importPlan', {
    fileName: 'plan.txt',
    base64: b64(text),
    ...(columns ? { columns: columns as never } : {}),
  });
}

async function importText(world: TestWorld, text: string) {
  const p = await preview(world, text);
  return world.call(admin, 'confirmImport', { previewId: p.previewId });
}

async function contact(world: TestWorld, unitId: string): Promise<User> {
  return world.addUser(unitId, 'contact');
}

describe('the preview as the place of correction', () => {
  const TWO_TASK_COLUMNS = tsv([
    ['序号', '重点任务', '具体措施', '牵头单位', '责任单位', '完成时限'],
    ['1', '优化营商环境', '压缩企业开办时间至1个工作日', '市市场监管局', '市编办', '2026年6月'],
    ['2', '优化营商环境', '推行工程建设项目审批“一张表单”', '市住建委', '市编办', '2026年8月'],
  ]);

  it('shows the role read from each column, and reads the file again with the roles the admin chose', async () => {
    const first = await preview(w, TWO_TASK_COLUMNS);
    expect(first.columns).toEqual({
      headers: ['序号', '重点任务', '具体措施', '牵头单位', '责任单位', '完成时限'],
      roles: ['seq', 'stage', 'content', 'lead', 'responsible', 'deadline'],
    });
    expect(first.tasks[0].content).toBe('压缩企业开办时间至1个工作日');
    // the admin says: the tasks are in 重点任务, 具体措施 is not read, and the unit columns are the other way round
    const again = await preview(w, TWO_TASK_COLUMNS, ['seq', 'content', 'ignore', 'responsible', 'lead', 'deadline']);
    expect(again.columns?.roles).toEqual(['seq', 'content', 'ignore', 'responsible', 'lead', 'deadline']);
    expect(again.tasks.map((t) => [t.content, t.lead, t.responsible])).toEqual([
      ['优化营商环境', ['市编办'], ['市市场监管局']],
      ['优化营商环境', ['市编办'], ['市住建委']],
    ]);
    expect(again.previewId).not.toBe(first.previewId);
    // what is confirmed is what the corrected preview showed
    const done = await w.call(admin, 'confirmImport', { previewId: again.previewId, createUnknown: true });
    const task = (await w.store.listTasksOfPlan(done.planId))[0];
    expect(task).toMatchObject({ content: '优化营商环境', leadNames: ['市编办'] });
  });

  it('refuses roles without exactly one task column, or of the wrong length', async () => {
    expect(
      (
        await expectError(
          preview(w, TWO_TASK_COLUMNS, ['seq', 'stage', 'ignore', 'lead', 'responsible', 'deadline']),
          'BAD_INPUT',
        )
      ).message,
    ).toMatch(/任务内容/);
    expect((await expectError(preview(w, TWO_TASK_COLUMNS, ['seq', 'content']), 'BAD_INPUT')).message).toMatch(/6 项/);
  });

  it('edits a task: content, units through the directory, the deadline read with its date beside it', async () => {
    const p = await preview(w, PLAN_A);
    const edited = await w.call(admin, 'editPreview', {
      previewId: p.previewId,
      edits: [
        { seq: 1, content: '建设全市数据共享交换平台（二期）', lead: '市政务服务中心', deadline: '2026年7月底前' },
      ],
    });
    expect(edited.previewId).toBe(p.previewId);
    expect(edited.tasks[0]).toMatchObject({
      content: '建设全市数据共享交换平台（二期）',
      lead: ['市政务服务中心'],
      responsible: ['芙蓉区人民政府'],
      deadline: { text: '2026年7月底前', due: '2026-07-31' },
      edited: true,
      excluded: false,
    });
    expect(edited.tasks[1].edited).toBe(false);
    const done = await w.call(admin, 'confirmImport', { previewId: p.previewId });
    const task = (await w.store.listTasksOfPlan(done.planId))[0];
    expect(task).toMatchObject({ content: '建设全市数据共享交换平台（二期）', leadNames: ['市政务服务中心'] });
    const lead = (await w.store.listAssignmentsOfTask(task.id)).find((a) => a.role === 'lead');
    expect(lead).toMatchObject({ unitId: 'city-zwfw', dueDate: '2026-07-31' });
  });

  it('an edited unit the directory does not know is an unknown unit; edited back, the warning goes', async () => {
    const p = await preview(w, PLAN_A);
    const unknown = await w.call(admin, 'editPreview', {
      previewId: p.previewId,
      edits: [{ seq: 1, responsible: '市大数据中心' }],
    });
    expect(unknown.unknownUnits).toEqual(['市大数据中心']);
    const known = await w.call(admin, 'editPreview', {
      previewId: p.previewId,
      edits: [{ seq: 1, responsible: '天心区人民政府' }],
    });
    expect(known.unknownUnits).toEqual([]);
    expect(known.tasks[0].responsible).toEqual(['天心区人民政府']);
  });

  it('excludes tasks: they are not imported, and can be taken back; not all of them', async () => {
    const p = await preview(w, PLAN_A);
    const full = p.assignmentCount;
    const out = await w.call(admin, 'editPreview', { previewId: p.previewId, edits: [{ seq: 2, excluded: true }] });
    expect(out.tasks.map((t) => t.excluded)).toEqual([false, true, false]);
    expect(out.assignmentCount).toBe(full - 3);
    expect(
      (
        await expectError(
          w.call(admin, 'editPreview', {
            previewId: p.previewId,
            edits: [
              { seq: 1, excluded: true },
              { seq: 3, excluded: true },
            ],
          }),
          'BAD_INPUT',
        )
      ).message,
    ).toMatch(/不能排除全部任务/);
    const done = await w.call(admin, 'confirmImport', { previewId: p.previewId });
    expect(done.tasks).toBe(2);
    expect((await w.store.listTasksOfPlan(done.planId)).map((t) => t.seq)).toEqual([1, 3]);
  });

  it('points each warning at its row and keeps it in the preview', async () => {
    const p = await preview(
      w,
      tsv([HEAD, ['1', '试点', '建设数据中台', '市大数据中心', '芙蓉区人民政府', '2026年6月']]),
    );
    expect(p.tasks[0].line).toBe(2);
    expect(p.warnings).toEqual([expect.objectContaining({ line: 2, code: 'UNKNOWN_UNIT' })]);
  });

  it('refuses an edit of a task that is not in the preview, and another admin’s preview', async () => {
    const p = await preview(w, PLAN_A);
    expect(
      (
        await expectError(
          w.call(admin, 'editPreview', { previewId: p.previewId, edits: [{ seq: 9, content: '无' }] }),
          'BAD_INPUT',
        )
      ).message,
    ).toMatch(/第 9 条/);
    const other = await w.addUser('city-youhua', 'admin', '另一位管理员');
    await expectError(w.call(other, 'editPreview', { previewId: p.previewId, edits: [] }), 'FORBIDDEN');
    await expectError(w.call(admin, 'editPreview', { previewId: 'none-such' }), 'NOT_FOUND');
  });

  it('an old table: says every deadline is past and moves them forward by whole years', async () => {
    const old = tsv([
      HEAD,
      ['1', '试点', '建设全市统一的数据共享交换平台', '市编办', '芙蓉区人民政府', '2018年4月'],
      ['2', '试点', '推进一网通办', '市政务服务中心', '天心区人民政府', '2018年11月底前'],
    ]);
    const p = await preview(w, old);
    // today is 2026-03-10: the latest, 2018-11-30, reaches today in 8 years
    expect(p.allPast).toEqual({ latestDue: '2018-11-30', years: 8 });
    const moved = await w.call(admin, 'editPreview', { previewId: p.previewId, shiftYears: 8 });
    expect(moved.allPast).toBeNull();
    expect(moved.tasks.map((t) => [t.deadline.text, t.deadline.due])).toEqual([
      ['2026年4月', '2026-04-30'],
      ['2026年11月底前', '2026-11-30'],
    ]);
    // a table with a current deadline is not old
    expect((await preview(w, PLAN_A)).allPast).toBeNull();
  });

  it('keeps the end of a month the end of its month when moving by years', () => {
    expect(shiftDate('2018-02-28', 2)).toBe('2020-02-29');
    expect(shiftDate('2020-02-29', 1)).toBe('2021-02-28');
    expect(shiftDate('2018-04-15', 8)).toBe('2026-04-15');
  });
});

describe('a revised table', () => {
  it('tells reworded tasks from new ones', () => {
    expect(taskSimilarity('推进政务服务事项“一网通办”全覆盖', '推进政务服务事项“一网通办”全面覆盖')).toBeGreaterThan(
      0.8,
    );
    expect(taskSimilarity('建设数据共享交换平台', '开展第三方评估')).toBeLessThan(0.3);
    expect(matchTasks(['甲乙丙丁戊', '子丑寅卯辰'], ['子丑寅卯辰巳', '庚辛壬癸'])).toEqual([[1, 0]]);
  });

  it('is recognised as a revision of its plan, with what changed', async () => {
    const first = await importText(w, PLAN_A);
    const p = await preview(w, PLAN_A2);
    expect(p.duplicateOfPlanId).toBeNull();
    expect(p.revision).toMatchObject({
      planId: first.planId,
      unchanged: 1,
      added: [{ seq: 3, content: '编制“最多跑一次”事项办事指南并公布' }],
      removed: [{ seq: 3, content: '开展“最多跑一次”改革第三方评估' }],
      changed: [
        {
          seq: 2,
          planSeq: 2,
          fields: ['内容', '责任单位', '完成时限'],
          addedUnits: ['岳麓区人民政府'],
          removedUnits: ['芙蓉区人民政府'],
        },
      ],
    });
    // an unrelated table is not a revision of anything
    const other = await preview(
      w,
      tsv([HEAD, ['1', '试点', '开展农村人居环境整治', '市农委', '芙蓉区人民政府', '2026年6月']]),
    );
    expect(other.revision).toBeNull();
  });

  it('applied to its plan: history kept, dropped units withdrawn but kept in the record, new ones created', async () => {
    const first = await importText(w, PLAN_A);
    const [t1, t2, t3] = await w.store.listTasksOfPlan(first.planId);
    const furong = await contact(w, 'district-furong');
    const a1 = (await w.store.listAssignmentsOfTask(t1.id)).find((a) => a.unitId === 'district-furong')!;
    const a2 = (await w.store.listAssignmentsOfTask(t2.id)).find((a) => a.unitId === 'district-furong')!;
    await w.call(furong, 'submitReport', { assignmentId: a1.id, requestId: 'r1', text: '平台已立项' });
    await w.call(furong, 'submitReport', { assignmentId: a2.id, requestId: 'r2', text: '已梳理事项清单' });
    const before = await w.call(supervisor, 'dashboard', {});

    const p = await preview(w, PLAN_A2);
    const out = await w.call(admin, 'confirmImport', { previewId: p.previewId, asRevision: true });
    expect(out).toMatchObject({
      planId: first.planId,
      duplicate: false,
      revision: { addedTasks: 1, assigned: 3, updated: 1, withdrawn: 3 },
    });
    expect(w.rows('plans')).toBe(1);

    // task 1 unchanged: the same assignment, its report still there
    const t1After = await w.call(admin, 'getTask', { taskId: t1.id });
    expect(t1After.assignments.map((a) => a.id)).toContain(a1.id);
    expect(t1After.reports.map((r) => r.text)).toEqual(['平台已立项']);
    // task 2 reworded, same record: 芙蓉区 withdrawn (kept, with its report), 岳麓区 new, due moved to October
    const t2After = await w.call(admin, 'getTask', { taskId: t2.id });
    expect(t2After.task.content).toBe('推进政务服务事项“一网通办”全面覆盖');
    expect(t2After.assignments.map((a) => a.unitName).sort()).toEqual(
      ['天心区人民政府', '岳麓区人民政府', '市政务服务中心'].sort(),
    );
    expect(t2After.assignments.every((a) => a.dueDate === '2026-10-31')).toBe(true);
    const kept = await w.store.getAssignment(a2.id);
    expect(kept).toMatchObject({ unitId: 'district-furong', withdrawnReason: 'revision' });
    expect(kept?.withdrawnAt).toBeTruthy();
    expect((await w.store.listReportsOfTask(t2.id)).map((r) => r.text)).toEqual(['已梳理事项清单']);
    expect(t2After.reports.map((r) => [r.unitName, r.text])).toEqual([['芙蓉区人民政府', '已梳理事项清单']]);
    // task 3 dropped: its assignments withdrawn, the task kept; a new task 3
    expect(await w.store.listAssignmentsOfTask(t3.id)).toEqual([]);
    expect(await w.store.getTask(t3.id)).not.toBeNull();
    const tasks = await w.store.listTasksOfPlan(first.planId);
    expect(tasks.map((t) => t.id)).not.toContain(t3.id);
    expect(tasks.map((t) => t.content)).toContain('编制“最多跑一次”事项办事指南并公布');

    // 芙蓉区 sees only task 1 now; its withdrawn assignment can no longer be reported on
    const mine = await w.call(furong, 'listMyTasks', {});
    expect(mine.items.map((i) => i.taskId)).toEqual([t1.id]);
    expect(
      (
        await expectError(
          w.call(furong, 'submitReport', { assignmentId: a2.id, requestId: 'r3', text: '继续推进' }),
          'NOT_FOUND',
        )
      ).message,
    ).toMatch(/撤回/);
    // the counts follow: 芙蓉区 -1, 市绩效办 -1, 市编办 (task 3) unchanged (withdrawn, then new), 岳麓区 +1, 市优化办 +1
    const after = await w.call(supervisor, 'dashboard', {});
    expect(after.counts.total).toBe(before.counts.total);
    expect(after.byUnit.find((u) => u.unitName === '芙蓉区人民政府')?.counts.total).toBe(1);
    expect(after.byUnit.find((u) => u.unitName === '市绩效办')).toBeUndefined();
    // audited
    expect((await w.call(admin, 'listAudit', {})).items[0]).toMatchObject({ action: 'applyRevision' });
    // the revised table is now recognised as that plan
    expect((await preview(w, PLAN_A2)).duplicateOfPlanId).toBe(first.planId);
  });

  it('a unit dropped by one revision and named again by the next has the task back', async () => {
    const first = await importText(w, PLAN_A);
    const t2 = (await w.store.listTasksOfPlan(first.planId))[1];
    const furong = await contact(w, 'district-furong');
    const revise = async (text: string) =>
      w.call(admin, 'confirmImport', { previewId: (await preview(w, text)).previewId, asRevision: true });
    await revise(PLAN_A2);
    expect((await w.call(furong, 'listMyTasks', {})).items.map((i) => i.taskId)).not.toContain(t2.id);
    // the next revision names 芙蓉区 on task 2 again
    const again = PLAN_A2.replace('天心区人民政府、岳麓区人民政府', '天心区人民政府、芙蓉区人民政府');
    // the task the first revision removed is not found removed again
    expect((await preview(w, again)).revision).toMatchObject({ removed: [], added: [], unchanged: 2 });
    const out = await revise(again);
    expect(out.planId).toBe(first.planId);
    expect((await w.call(furong, 'listMyTasks', {})).items.map((i) => i.taskId)).toContain(t2.id);
    const units = (await w.store.listAssignmentsOfTask(t2.id)).map((a) => a.unitId).sort();
    expect(units).toEqual(['city-zwfw', 'district-furong', 'district-tianxin'].sort());
  });

  it('refuses to apply as a revision a table that revises nothing', async () => {
    const p = await preview(w, PLAN_A);
    await expectError(w.call(admin, 'confirmImport', { previewId: p.previewId, asRevision: true }), 'BAD_INPUT');
  });
});

describe('undo and archive', () => {
  it('withdraws an import nobody has acted on: plan, tasks and assignments go, the audit stays', async () => {
    const first = await importText(w, PLAN_A);
    const out = await w.call(admin, 'withdrawImport', { planId: first.planId });
    expect(out).toEqual({ planId: first.planId, tasks: 3, assignments: first.assignments });
    expect([w.rows('plans'), w.rows('tasks'), w.rows('assignments')]).toEqual([0, 0, 0]);
    expect((await w.call(admin, 'listAudit', {})).items[0]).toMatchObject({ action: 'withdrawImport' });
    expect((await w.call(supervisor, 'dashboard', {})).counts.total).toBe(0);
    // the same table may be imported again
    expect((await importText(w, PLAN_A)).duplicate).toBe(false);
    await expectError(w.call(admin, 'withdrawImport', { planId: first.planId }), 'NOT_FOUND');
  });

  it('never deletes a plan with reports: it says to archive it, and archiving hides it, keeping the record', async () => {
    const first = await importText(w, PLAN_A);
    const [t1] = await w.store.listTasksOfPlan(first.planId);
    const furong = await contact(w, 'district-furong');
    const a1 = (await w.store.listAssignmentsOfTask(t1.id)).find((a) => a.unitId === 'district-furong')!;
    await w.call(furong, 'submitReport', { assignmentId: a1.id, requestId: 'r1', text: '平台已立项' });
    expect((await expectError(w.call(admin, 'withdrawImport', { planId: first.planId }), 'CONFLICT')).message).toMatch(
      /归档/,
    );
    expect(w.rows('assignments')).toBe(first.assignments);

    const out = await w.call(admin, 'archivePlan', { planId: first.planId });
    expect(out.withdrawn).toBe(first.assignments);
    expect(w.rows('assignments')).toBe(first.assignments); // kept
    expect((await w.call(furong, 'listMyTasks', {})).total).toBe(0);
    expect((await w.call(supervisor, 'dashboard', {})).counts.total).toBe(0);
    expect(await w.call(admin, 'listPlans', {})).toEqual([]);
    expect((await w.call(admin, 'listPlans', { archived: true }))[0]).toMatchObject({ id: first.planId, tasks: 3 });
    expect((await w.store.getPlan(first.planId))?.archivedAt).toBeTruthy();
    expect((await w.store.getAssignment(a1.id))?.withdrawnReason).toBe('archived');
    expect((await w.store.listReportsOfTask(t1.id)).length).toBe(1);
    // no reminders for an archived plan's work
    const open = await w.reminders.openAssignments({}, { cursor: null, limit: 100 });
    expect(open.items).toEqual([]);
    // archiving again changes nothing more
    expect((await w.call(admin, 'archivePlan', { planId: first.planId })).withdrawn).toBe(0);
    // an archived plan is not a revision candidate
    expect((await preview(w, PLAN_A2)).revision).toBeNull();
  });
});

describe('several plans', () => {
  const PLAN_B = tsv([
    HEAD,
    ['1', '民生', '新建城区公办幼儿园10所', '市教育局', '芙蓉区人民政府', '2026年8月'],
    ['2', '民生', '改造老旧小区50个', '市住建委', '芙蓉区人民政府', '2026年3月'],
  ]);

  it('filters the lists, the review queue, the dashboard and the circular by plan', async () => {
    const a = await importText(w, PLAN_A);
    const b = await importText(w, PLAN_B);
    const furong = await contact(w, 'district-furong');
    expect((await w.call(furong, 'listMyTasks', {})).total).toBe(4);
    const onlyB = await w.call(furong, 'listMyTasks', { planId: b.planId });
    expect(onlyB.items.map((i) => i.content)).toEqual(['改造老旧小区50个', '新建城区公办幼儿园10所']);
    expect((await w.call(furong, 'listMyTasks', { planId: a.planId })).total).toBe(2);

    const all = await w.call(supervisor, 'dashboard', {});
    const dashB = await w.call(supervisor, 'dashboard', { planId: b.planId });
    expect(dashB.counts.total).toBe(b.assignments);
    expect(all.counts.total).toBe(a.assignments + b.assignments);
    expect(dashB.byStage.map((s) => s.stage)).toEqual(['民生']);
    const contentOf = new Map(dashB.tasks.map((t) => [t.taskId, t.content]));
    expect(dashB.overdue.every((r) => contentOf.get(r.taskId) === '改造老旧小区50个')).toBe(true);

    const a2 = (await w.store.listTasksOfPlan(a.planId))[0];
    const claim = (await w.store.listAssignmentsOfTask(a2.id)).find((x) => x.unitId === 'district-furong')!;
    await w.call(furong, 'submitReport', { assignmentId: claim.id, requestId: 'c1', text: '已完成', claimDone: true });
    expect((await w.call(supervisor, 'reviewQueue', { planId: a.planId })).reports).toHaveLength(1);
    expect((await w.call(supervisor, 'reviewQueue', { planId: b.planId })).reports).toHaveLength(0);

    const plans = await w.call(furong, 'listPlans', {});
    expect(plans.map((p) => [p.id, p.tasks])).toEqual([
      [a.planId, 3],
      [b.planId, 2],
    ]);
    const circular = await w.call(supervisor, 'exportCircular', { planId: b.planId });
    expect(circular.fileName).toMatch(/第1期.*\.docx$/);
    const annex = await w.call(supervisor, 'exportCircular', { planId: b.planId, format: 'xlsx' });
    expect(annex.fileName).toMatch(/\.xlsx$/);
    await expectError(w.call(supervisor, 'exportCircular', { planId: 'none-such' }), 'NOT_FOUND');
  });
});

describe('bad input and failures', () => {
  it('refuses bad input, unknown plans, and turns a store failure into an internal error', async () => {
    const p = await preview(w, PLAN_A);
    await expectError(w.call(admin, 'editPreview', { previewId: p.previewId, shiftYears: 1.5 }), 'BAD_INPUT');
    await expectError(
      w.call(admin, 'importPlan', { fileName: 'a.txt', base64: b64(PLAN_A), columns: ['bogus' as never] }),
      'BAD_INPUT',
    );
    await expectError(w.call(admin, 'archivePlan', { planId: 'none-such' }), 'NOT_FOUND');
    await expectError(w.call(admin, 'archivePlan', {} as never), 'BAD_INPUT');
    await expectError(w.call(admin, 'withdrawImport', { planId: '' }), 'BAD_INPUT');
    const first = await importText(w, PLAN_A);
    const revised = await preview(w, PLAN_A2);
    breakStore(w, 'applyRevision');
    await expectError(w.call(admin, 'confirmImport', { previewId: revised.previewId, asRevision: true }), 'INTERNAL');
    expect((await w.store.listTasksOfPlan(first.planId)).map((t) => t.content)).not.toContain(
      '编制“最多跑一次”事项办事指南并公布',
    );
    breakStore(w, 'archivePlan');
    await expectError(w.call(admin, 'archivePlan', { planId: first.planId }), 'INTERNAL');
  });
});
