/**
 * 分解下达 across levels, against the real store (and, with DUBAN_TEST_STORE=cloud, the CloudBase adapters): two
 * splits racing to one unit, a district's parts on the unit page for the city, the inbox counting the parts a unit
 * split (the review queue's scope), and a district supervisor's task counts from its own subtree only.
 */
import type { User } from '../model';
import { partIdOf } from '../org/levels';
import { claimDone, SPLIT_USERS } from '../testing/split';
import { expectError, useWorld } from '../testing/world';

const { w, plan, users } = useWorld({
  smallPlan: true,
  users: { ...SPLIT_USERS, cityAdmin: ['city-youhua', 'admin', '王管理'] },
});

const T1_FURONG = () => plan.a['t1:district-furong'];

async function split(unitIds: string[], assignmentId = T1_FURONG()) {
  return w.call(users.furong, 'splitAssignment', { assignmentId, parts: unitIds.map((unitId) => ({ unitId })) });
}

function claim(user: User, assignmentId: string) {
  return claimDone(w, user, assignmentId);
}

describe('one part per unit', () => {
  it('two splits racing to the same unit make one part; the other is told the unit already holds it', async () => {
    const results = await Promise.allSettled([split(['furong-fagai']), split(['furong-fagai'])]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(refused.reason).toMatchObject({ code: 'CONFLICT' });
    expect(refused.reason.message).toContain('已经承担这项任务');
    const held = (await w.store.listAssignmentsOfTask('t1')).filter((a) => a.unitId === 'furong-fagai');
    expect(held.map((a) => a.id)).toEqual([partIdOf(T1_FURONG(), 'furong-fagai')]);
  });

  it('a withdrawn part can be given again to the same unit', async () => {
    const { parts } = await split(['furong-fagai']);
    await w.call(users.furong, 'withdrawPart', { assignmentId: parts[0].id });
    const again = await split(['furong-fagai']);
    expect(again.parts[0].id).toBe(parts[0].id);
    await expectError(split(['furong-fagai']), 'CONFLICT');
  });
});

describe('task counts per level', () => {
  it('a district’s supervisor counts its subtree’s assignments of each task; the city counts the table’s own', async () => {
    const table = (await w.store.listAssignmentsOfTask('t1')).length;
    const { parts } = await split(['furong-fagai', 'furong-dingwangtai']);
    const c = await claim(users.fagai, parts[0].id);
    await w.call(users.furong, 'reviewReport', { reportId: c.id, decision: 'accept' });
    const row = async (user: User) => (await w.call(user, 'listTasks', {})).items.find((r) => r.taskId === 't1')!;
    const district = await row(users.districtSup);
    expect(district.counts).toMatchObject({ units: 3, done: 1 });
    const city = await row(users.city);
    expect(city.counts.units).toBe(table);
    expect(city.counts.done).toBe(0);
    // the district's other tasks: its own assignment only (nothing split there)
    const other = (await w.call(users.districtSup, 'listTasks', {})).items.filter((r) => r.taskId !== 't1');
    expect(other.length).toBeGreaterThan(0);
    for (const r of other) expect(r.counts.units).toBe(1);
  });
});

describe('the inbox of a splitting unit', () => {
  it('counts its parts’ claims and extension requests, as its review queue lists them', async () => {
    const before = await w.call(users.furong, 'inbox', {});
    expect([before.counts.review, before.counts.extension]).toEqual([0, 0]);
    const { parts } = await split(['furong-fagai', 'furong-dingwangtai']);
    const c = await claim(users.fagai, parts[0].id);
    const ext = await w.call(users.dwt, 'requestExtension', {
      assignmentId: parts[1].id,
      newDue: '2026-04-10',
      reason: '需协调街道',
    });
    const inbox = await w.call(users.furong, 'inbox', {});
    expect([inbox.counts.review, inbox.counts.extension]).toEqual([1, 1]);
    expect(inbox.items.filter((i) => i.kind === 'review').map((i) => [i.id, i.unitName])).toEqual([
      [c.id, '芙蓉区发展和改革局'],
    ]);
    expect(inbox.items.filter((i) => i.kind === 'extension').map((i) => i.id)).toEqual([ext.extension.id]);
    const queue = await w.call(users.furong, 'reviewQueue', {});
    expect(queue.reports.map((r) => r.report.id)).toEqual([c.id]);
    expect(queue.extensions.map((e) => e.id)).toEqual([ext.extension.id]);
    // the city does not review a district's parts: neither its queue nor its inbox has them
    const city = await w.call(users.city, 'inbox', {});
    expect(city.items.map((i) => i.id)).not.toContain(c.id);
    expect(city.counts.review).toBe((await w.call(users.city, 'reviewQueue', {})).reports.length);
    // the district's supervisor does, within its subtree
    const districtSup = await w.call(users.districtSup, 'inbox', {});
    expect(districtSup.items.map((i) => i.id)).toEqual(expect.arrayContaining([c.id, ext.extension.id]));
    // the part's own contact has nothing to review
    expect((await w.call(users.fagai, 'inbox', {})).counts.review).toBe(0);
    // once reviewed, it leaves the count
    await w.call(users.furong, 'reviewReport', { reportId: c.id, decision: 'accept' });
    expect((await w.call(users.furong, 'inbox', {})).counts.review).toBe(0);
  });
});

describe('the unit page of a district', () => {
  it('shows the city each split assignment’s rollup and its parts, and the district’s supervisor the same', async () => {
    const { parts } = await split(['furong-fagai', 'furong-dingwangtai']);
    const c = await claim(users.fagai, parts[0].id);
    await w.call(users.furong, 'reviewReport', { reportId: c.id, decision: 'accept' });
    const page = await w.call(users.city, 'unitOverview', { unitId: 'district-furong' });
    const row = page.assignments.find((a) => a.assignmentId === T1_FURONG())!;
    expect(row.rollup).toEqual({ done: 1, total: 2, worstOpen: 'green' });
    // most urgent first, as the page lists assignments
    expect(row.parts.map((p) => [p.unitName, p.status, p.parentId])).toEqual([
      ['芙蓉区定王台街道', 'assigned', T1_FURONG()],
      ['芙蓉区发展和改革局', 'closed', T1_FURONG()],
    ]);
    // the district's other assignments were not split; the parts are not rows of the district's own
    for (const a of page.assignments.filter((x) => x.assignmentId !== T1_FURONG())) {
      expect([a.rollup, a.parts]).toEqual([null, []]);
    }
    expect(page.assignments.map((a) => a.unitId)).toEqual(page.assignments.map(() => 'district-furong'));
    const district = await w.call(users.districtSup, 'unitOverview', { unitId: 'district-furong' });
    expect(district.assignments.find((a) => a.assignmentId === T1_FURONG())?.rollup).toEqual(row.rollup);
    // a part's unit page lists the part itself, without parts of its own
    const fagai = await w.call(users.city, 'unitOverview', { unitId: 'furong-fagai' });
    expect(fagai.assignments.map((a) => [a.assignmentId, a.rollup])).toEqual([[parts[0].id, null]]);
    // …read-only for the city (the district chases it), not for the district's supervisor
    expect((await w.call(users.city, 'unitOverview', { unitId: 'furong-dingwangtai' })).canUrge).toBe(false);
    expect(page.canUrge).toBe(true);
    expect((await w.call(users.districtSup, 'unitOverview', { unitId: 'furong-dingwangtai' })).canUrge).toBe(true);
  });
});

describe('the short names of a district', () => {
  it('listDirectory gives a district’s contact its own short names and collectives; the city none', async () => {
    const mine = await w.call(users.dwt, 'listDirectory', {});
    const of = (id: string) => mine.levelNames.find((n) => n.id === id)?.spellings ?? [];
    expect(of('furong-fagai')).toEqual(expect.arrayContaining(['区发改局', '区发展和改革局']));
    expect(of('group-furong-streets')).toContain('各街道');
    expect(of('group-furong-depts')).toContain('区直各单位');
    expect(mine.levelNames.some((n) => n.id.startsWith('city-'))).toBe(false);
    expect((await w.call(users.city, 'listDirectory', {})).levelNames).toEqual([]);
    expect((await w.call(users.bianban, 'listDirectory', {})).levelNames).toEqual([]);
  });
});

describe('a district’s own table', () => {
  const table = [
    '芙蓉区推进“最多跑一次”改革工作责任分解表',
    '',
    '工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间',
    '梳理事项\t梳理本区“最多跑一次”事项清单并公布\t区发改局\t区政务服务中心、区市场监管局、各街道\t2026年6月',
    '\t区直各单位对照清单逐项落实\t区政务服务中心\t区直各单位\t2026年7月',
  ].join('\n');
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

  it('reads the district’s short names and collectives as its own when its administrator imports it', async () => {
    const preview = await w.call(users.districtAdmin, 'importPlan', { fileName: 'furong.txt', base64: b64(table) });
    expect(preview.unknownUnits).toEqual([]);
    expect(preview.tasks.map((t) => [t.lead, t.responsible])).toEqual([
      [['芙蓉区发展和改革局'], ['芙蓉区政务服务中心', '芙蓉区市场监督管理局', '芙蓉区各街道']],
      [['芙蓉区政务服务中心'], ['芙蓉区区直各单位']],
    ]);
    // 1 lead + 2 units + 5 streets; 1 lead + the 7 other departments
    expect(preview.assignmentCount).toBe(8 + 8);
    // the city's administrator reads the same table at the city's level: the short names are unknown there
    const city = await w.call(users.cityAdmin, 'importPlan', { fileName: 'furong.txt', base64: b64(table) });
    expect(city.unknownUnits).toEqual(expect.arrayContaining(['区发改局', '区政务服务中心', '区直各单位']));
  });
});
