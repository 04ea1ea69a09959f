/**
 * The demo dataset, built around a fixed `now`: every light is present, the history has photos, a returned
 * report, a claim waiting for review, a pending extension and an urge, and each demo identity can log in
 * over HTTP in demo mode — and nobody can outside it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AssignmentCard, Dashboard, MeView, Page, TaskDetail } from '../../core/api/contract';
import { RecordingMessenger } from '../../core/usecases/testing';
import { serveDuban } from '../http/serve';
import { ok, post } from '../testing/http';
import { useServer } from '../testing/server';
import { createDemo, type DemoSummary } from './createDemo';
import { DEMO_IDENTITIES } from './identities';

const NOW = '2026-11-24T02:00:00.000Z';
let summary: DemoSummary;
const http = useServer('demo', {
  demo: true,
  secret: 'demo-test-secret-0123456789',
  async prepare({ dbPath, secret }) {
    summary = await createDemo(dbPath, { now: NOW, secret });
  },
  // the demo is built around NOW: the server must see the same present, whatever day the test runs
  clock: { now: () => NOW },
  timeoutMs: 180000, // the demo stamps and hashes each of its ~130 photos
});

async function login(as: string): Promise<{ me: MeView; token: string }> {
  return ok<{ me: MeView; token: string }>(http.url, 'demoLogin', { as });
}

describe('the demo dataset', () => {
  it('holds the 32 tasks of the 2018 table with green, yellow, red and done assignments', () => {
    expect(summary.tasks).toBe(32);
    const c = summary.counts;
    expect(c.green).toBeGreaterThan(0);
    expect(c.yellow).toBeGreaterThan(0);
    expect(c.red).toBeGreaterThan(0);
    expect(c.done).toBeGreaterThan(0);
    // Most work is still on schedule.
    expect(c.green).toBeGreaterThan(c.red);
    expect(c.total).toBe(summary.assignments);
  });

  it('has 芙蓉区 split two tasks to its own units (5 parts besides the 2,104), with history and a rollup', async () => {
    expect(summary.assignments).toBe(2104);
    expect(summary.parts).toBe(5);
    const { token } = await login('street');
    const mine = await ok<Page<AssignmentCard>>(http.url, 'listMyTasks', {}, token);
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0].path).toEqual(['芙蓉区人民政府']);
    const detail = await ok<TaskDetail>(http.url, 'getTask', { taskId: mine.items[0].taskId }, token);
    expect(detail.reports.map((r) => r.unitName)).toEqual(['芙蓉区定王台街道']);
    const district = await login('district');
    const seen = await ok<TaskDetail>(http.url, 'getTask', { taskId: mine.items[0].taskId }, district.token);
    const own = seen.assignments.find((a) => a.id === seen.myAssignmentId);
    expect(own?.rollup).toEqual({ done: 1, total: 3, worstOpen: expect.any(String) });
    expect(seen.urges.some((u) => u.unitName === '芙蓉区政务服务中心')).toBe(true);
  });

  it('keeps real photos on disk', () => {
    const files = join(http.dir, 'files');
    const stored = readdirSync(files).flatMap((d) =>
      readdirSync(join(files, d)).filter((f) => /^[0-9a-f]{62}$/.test(f)),
    );
    expect(stored.length).toBeGreaterThanOrEqual(5);
  });

  it('lets every demo identity log in, as the person the start banner names', async () => {
    for (const d of DEMO_IDENTITIES) {
      const { me, token } = await login(d.as);
      expect(token).toMatch(/\./);
      expect(me.user.unitName).toBe(d.unitName);
      expect(me.user.role).toBe(d.role);
      expect(me.demo).toBe(true);
    }
    // Contacts start with subscription credits, so that the first reminder pass sends real messages.
    const district = await login('district');
    expect(Object.values(district.me.credits).some((n) => n > 0)).toBe(true);
    const bad = await post(http.url, 'demoLogin', { as: 'root' });
    expect(bad.status).toBe(400);
  });

  it('gives the district contact tasks of every light, a returned report with its reason and a pending extension', async () => {
    const { token } = await login('district');
    const list = await ok<Page<AssignmentCard>>(http.url, 'listMyTasks', { pageSize: 100 }, token);
    expect(new Set(list.items.map((c) => c.light))).toEqual(new Set(['green', 'yellow', 'red', 'done']));
    let returned = 0;
    let pendingExtensions = 0;
    let photos = 0;
    for (const card of list.items) {
      const detail = await ok<TaskDetail>(http.url, 'getTask', { taskId: card.taskId }, token);
      returned += detail.reports.filter((r) => r.review === 'returned' && r.reviewReason).length;
      pendingExtensions += detail.extensions.filter((e) => e.status === 'pending').length;
      photos += detail.reports.reduce((n, r) => n + r.photos.length, 0);
    }
    expect(returned).toBe(1);
    expect(pendingExtensions).toBe(1);
    expect(photos).toBeGreaterThanOrEqual(3);
  });

  it('gives the lead contact a claim to review and the supervisor a pending extension and urged work', async () => {
    const lead = await login('lead');
    const queue = await ok<{ reports: unknown[] }>(http.url, 'reviewQueue', {}, lead.token);
    expect(queue.reports.length).toBeGreaterThanOrEqual(1);
    const supervisor = await login('supervisor');
    const supervisorQueue = await ok<{ extensions: unknown[] }>(http.url, 'reviewQueue', {}, supervisor.token);
    expect(supervisorQueue.extensions.length).toBeGreaterThanOrEqual(1);
    const dashboard = await ok<Dashboard>(http.url, 'dashboard', {}, supervisor.token);
    expect(dashboard.overdue.length).toBeGreaterThan(0);
    expect(dashboard.dueThisWeek.length).toBeGreaterThan(0);
  });

  it('reports 每月28日前 and has one leader’s instruction the district sees at the top of its task', async () => {
    const supervisor = await login('supervisor');
    const dashboard = await ok<Dashboard>(http.url, 'dashboard', {}, supervisor.token);
    expect(dashboard.openInstructions.total).toBe(1);
    // October (due the 28th) is the last period due on 11-24: units that reported nothing in it are listed
    expect(dashboard.missedReports.total).toBeGreaterThan(0);
    expect(dashboard.missedReports.periods[0]).toMatchObject({ periodName: '2026年10月', due: '2026-10-28' });
    const district = await login('district');
    const list = await ok<Page<AssignmentCard>>(http.url, 'listMyTasks', { pageSize: 50 }, district.token);
    expect(list.items.some((c) => c.reportDue?.periodName === '2026年11月')).toBe(true);
    const taskId = dashboard.openInstructions.items[0].taskId;
    const detail = await ok<TaskDetail>(http.url, 'getTask', { taskId }, district.token);
    expect(detail.instructions[0]).toMatchObject({ leaderName: '陈领导' });
  });

  it('has no demo login when the server is not in demo mode', async () => {
    const plain = await serveDuban({
      dbPath: join(http.dir, 'duban.db'),
      port: 0,
      demo: false,
      messenger: new RecordingMessenger(),
      secret: http.secret,
      silent: true,
    });
    try {
      const a = await post(plain.url, 'demoLogin', { as: 'admin' });
      expect(a.status).toBe(403);
    } finally {
      await plain.close();
    }
  });
});
