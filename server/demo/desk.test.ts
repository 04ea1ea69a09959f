/**
 * The supervisor's desk on the demo dataset, over HTTP (issue 10's done-when checks): the whole table, search,
 * a unit's page, the lead contact's inbox after a district claim, and the urge dedupe.
 */
import type { ActionOutput, AssignmentCard, Page } from '../../core/api/contract';
import { ok } from '../testing/http';
import { useServer } from '../testing/server';
import { createDemo } from './createDemo';

const NOW = '2026-11-24T02:00:00.000Z';
let now = NOW;
const http = useServer('desk', {
  demo: true,
  secret: 'demo-desk-secret-0123456789',
  async prepare({ dbPath, secret }) {
    await createDemo(dbPath, { now: NOW, secret });
  },
  clock: { now: () => now },
  timeoutMs: 60000,
});

const tokens = new Map<string, string>();
async function as(who: string): Promise<string> {
  if (!tokens.has(who)) tokens.set(who, (await ok<{ token: string }>(http.url, 'demoLogin', { as: who })).token);
  return tokens.get(who)!;
}
const call = async <A extends string>(who: string, action: A, payload: unknown) =>
  ok<A extends keyof import('../../core/api/contract').Actions ? ActionOutput<A> : never>(
    http.url,
    action,
    payload,
    await as(who),
  );

describe('the supervisor’s desk on the demo', () => {
  it('a supervisor’s listTasks returns all 32 tasks, and 政务云 finds tasks 2 and 5', async () => {
    const first = await call('supervisor', 'listTasks', {});
    expect(first.total).toBe(32);
    const second = await call('supervisor', 'listTasks', { cursor: first.nextCursor! });
    const all = [...first.items, ...second.items];
    expect(second.nextCursor).toBeNull();
    expect(all.map((t) => t.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect((await call('supervisor', 'listTasks', { q: '政务云' })).items.map((t) => t.seq)).toEqual([2, 5]);
    // the viewer too; tasks 21 and 29 are there
    expect((await call('viewer', 'listTasks', { cursor: '20' })).items.map((t) => t.seq)).toEqual(
      expect.arrayContaining([21, 29]),
    );
  });

  it('unitOverview of 芙蓉区人民政府 lists its 30 assignments', async () => {
    const cards = await call('district', 'listMyTasks', { pageSize: 1 });
    const unitId = (cards as Page<AssignmentCard>).items[0].unitId;
    const o = await call('supervisor', 'unitOverview', { unitId });
    expect(o.unit.name).toBe('芙蓉区人民政府');
    expect(o.assignments).toHaveLength(30);
    expect(o.counts.total).toBe(30);
  });

  it('a district claim on a task led by 市政务服务中心 raises the lead contact’s inbox review count by one', async () => {
    const before = (await call('lead', 'inbox', {})).counts.review;
    const mine = await call('district', 'listMyTasks', { pageSize: 100 });
    let claimed: string | null = null;
    for (const card of (mine as Page<AssignmentCard>).items) {
      if (card.status === 'closed' || card.status === 'claimed' || card.role !== 'responsible') continue;
      const detail = await call('district', 'getTask', { taskId: card.taskId });
      if (!detail.task.leadNames.includes('市政务服务中心') || !detail.can.claim) continue;
      await call('district', 'submitReport', {
        assignmentId: card.assignmentId,
        requestId: 'desk-claim-1',
        text: '已全部完成，请审核。',
        claimDone: true,
      });
      claimed = card.taskId;
      break;
    }
    expect(claimed).not.toBeNull();
    const after = await call('lead', 'inbox', {});
    expect(after.counts.review).toBe(before + 1);
    expect(after.items.some((i) => i.kind === 'review' && i.taskId === claimed)).toBe(true);
  });

  it('a second urge of the same assignment right after the first answers urged: 0', async () => {
    const board = await call('supervisor', 'dashboard', {});
    const row = board.overdue[0];
    const urgedBefore = row.urges?.count ?? 0;
    const first = await call('supervisor', 'urge', { assignmentIds: [row.assignmentId], message: '请抓紧办理' });
    expect(first.urged).toBe(1);
    now = new Date(Date.parse(NOW) + 2000).toISOString();
    const second = await call('supervisor', 'urge', { assignmentIds: [row.assignmentId], message: '请抓紧办理' });
    expect(second).toEqual({ urged: 0, alreadyUrged: 1 });
    const again = await call('supervisor', 'dashboard', {});
    expect(again.overdue.find((r) => r.assignmentId === row.assignmentId)?.urges).toMatchObject({
      count: urgedBefore + 1,
    });
  });
});
