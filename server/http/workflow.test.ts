/**
 * The whole workflow over a real port, as the h5 app drives it: an admin imports the 2018 table (uploaded as a
 * file), issues invite codes; contacts bind; a district contact lists its tasks, uploads a photo and claims
 * completion; the photo opens through its signed URL for those who may see the report and for nobody else; the
 * supervisor reviews it, decides an extension, urges, exports the circular; the workbook is read back.
 */
import ExcelJS from 'exceljs';
import type { AssignmentCard, ImportPreview, InviteView, MeView, Page, TaskDetail } from '../../core/api/contract';
import { seedDirectory } from '../../core/usecases/seedDirectory';
import { demoDirectory, seedTableText } from '../../data';
import { bootstrapUser } from '../../core/usecases/bootstrapUser';
import { issueToken } from '../auth/tokens';
import { demoPhoto } from '../demo/png';
import { ok, post } from '../testing/http';
import { useServer } from '../testing/server';

const http = useServer('workflow');

async function uploadForm(path: string, token: string, bytes: Buffer, fileName: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), fileName);
  const res = await fetch(`${http.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await res.json()) as { ok: boolean; data: { id: string; fileId: string; url?: string } };
  expect(res.status).toBe(200);
  return body.data;
}

async function bindWithCode(code: string, name: string): Promise<{ token: string; me: MeView }> {
  const preview = await ok<{ unitName: string }>(http.url, 'previewInvite', { code });
  expect(preview.unitName).toBeTruthy();
  const bound = await ok<{ me: MeView; token: string }>(http.url, 'bind', { code, name });
  expect(bound.token).toMatch(/\./);
  return bound;
}

it('runs the whole supervision workflow over HTTP', async () => {
  // ── an administrator imports the table ──────────────────────────────────────────
  const rt = http.server.runtime.rt;
  await seedDirectory(rt.store, demoDirectory());
  const units = await rt.store.listUnits();
  const unitId = (name: string): string => units.find((u) => u.name === name)?.id as string;
  await bootstrapUser(rt, 'wf-admin', unitId('市优化办'), 'admin', '管理员');
  const admin = issueToken(http.secret, 'wf-admin');

  const doc = await uploadForm(
    '/api/uploadDocument',
    admin,
    Buffer.from(seedTableText()),
    'changsha-2018.txt',
    'text/plain',
  );
  const preview = await ok<ImportPreview>(
    http.url,
    'importPlan',
    { fileName: 'changsha-2018.txt', fileId: doc.fileId },
    admin,
  );
  expect(preview.tasks).toHaveLength(32);
  const confirmed = await ok<{ planId: string; tasks: number; assignments: number }>(
    http.url,
    'confirmImport',
    { previewId: preview.previewId, createUnknown: true },
    admin,
  );
  expect(confirmed.tasks).toBe(32);

  // ── invites and binding ──────────────────────────────────────────────────────────
  const invite = async (unit: string, role: string): Promise<string> =>
    (await ok<InviteView>(http.url, 'createInvite', { unitId: unitId(unit), role }, admin)).code;
  const furong = await bindWithCode(await invite('芙蓉区人民政府', 'contact'), '刘联络');
  const tianxin = await bindWithCode(await invite('天心区人民政府', 'contact'), '周联络');
  const supervisor = await bindWithCode(await invite('市政府督查室', 'supervisor'), '李督查');
  expect(furong.me.user.unitName).toBe('芙蓉区人民政府');
  // Only administrators upload tables to import.
  const notAdmin = new FormData();
  notAdmin.append('file', new Blob([seedTableText()], { type: 'text/plain' }), 'changsha-2018.txt');
  const refused = await fetch(`${http.url}/api/uploadDocument`, {
    method: 'POST',
    headers: { authorization: `Bearer ${furong.token}` },
    body: notAdmin,
  });
  expect(refused.status).toBe(403);
  expect((await post(http.url, 'bind', { code: 'WRONGCODE9' })).status).toBe(400);

  // ── the district contact lists its tasks and reports with a photo ─────────────────
  const list = await ok<Page<AssignmentCard>>(http.url, 'listMyTasks', { pageSize: 50 }, furong.token);
  expect(list.total).toBeGreaterThan(20);
  expect(list.items.every((c) => c.unitName === '芙蓉区人民政府')).toBe(true);
  const card = list.items.find((c) => c.role === 'responsible') as AssignmentCard;
  await ok(http.url, 'acknowledge', { assignmentId: card.assignmentId }, furong.token);

  const photo = demoPhoto(11);
  const uploaded = await uploadForm('/api/upload', furong.token, photo, 'site.png', 'image/png');
  const submitted = await ok<{ created: boolean; report: { id: string } }>(
    http.url,
    'submitReport',
    {
      assignmentId: card.assignmentId,
      requestId: 'wf-1',
      text: '窗口改造已完成，综合受理试运行，申请办结。',
      photos: [uploaded.fileId],
      percent: 100,
      claimDone: true,
    },
    furong.token,
  );
  expect(submitted.created).toBe(true);

  // A text with a forbidden word is refused by the local content check (the stand-in for msgSecCheck), and a
  // unit cannot attach a photo another unit uploaded.
  // (on another assignment: a plain report on one whose claim waits for review is refused, lifecycle.ts)
  const second = list.items.find((c) => c.assignmentId !== card.assignmentId) as AssignmentCard;
  const risky = await post(
    http.url,
    'submitReport',
    { assignmentId: second.assignmentId, requestId: 'wf-risky', text: '可以代开发票，价格优惠' },
    furong.token,
  );
  expect([risky.status, risky.body.ok ? '' : risky.body.error.code]).toEqual([422, 'CONTENT_REJECTED']);
  const tianxinCard = (await ok<Page<AssignmentCard>>(http.url, 'listMyTasks', {}, tianxin.token)).items[0];
  const foreign = await post(
    http.url,
    'submitReport',
    { assignmentId: tianxinCard.assignmentId, requestId: 'wf-foreign', text: '进展', photos: [uploaded.fileId] },
    tianxin.token,
  );
  expect(foreign.status).toBeGreaterThanOrEqual(400);
  expect(foreign.status).toBeLessThan(500);

  // ── the photo opens through its signed URL, and only for who may see the report ──
  const detail = await ok<TaskDetail>(http.url, 'getTask', { taskId: card.taskId }, furong.token);
  const shown = detail.reports.find((r) => r.id === submitted.report.id);
  // the display copy carries the receive time and the unit burned in (a JPEG); the original is kept as uploaded
  const stamped = shown?.photos[0]?.url as string;
  expect(stamped).toMatch(/^\/files\/[0-9a-f]{64}\?exp=\d+&sig=/);
  const copy = await fetch(`${http.url}${stamped}`);
  expect(copy.status).toBe(200);
  expect(copy.headers.get('content-type')).toBe('image/jpeg');
  const url = shown?.photos[0]?.originalUrl as string;
  expect(url).toMatch(/^\/files\/[0-9a-f]{64}\?exp=\d+&sig=/);
  const res = await fetch(`${http.url}${url}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await res.arrayBuffer())).toEqual(photo);
  expect((await fetch(`${http.url}${url.split('?')[0]}`)).status).toBe(403);
  // the signature's first character changed (to another one whatever it was: a fixed '_' left one in 64 unchanged)
  const tampered = url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
  expect(tampered).not.toBe(url);
  expect((await fetch(`${http.url}${tampered}`)).status).toBe(403);
  const othersView = await ok<TaskDetail>(http.url, 'getTask', { taskId: card.taskId }, tianxin.token);
  expect(othersView.reports.some((r) => r.id === submitted.report.id)).toBe(false);
  expect(JSON.stringify(othersView)).not.toContain(uploaded.fileId);
  const supervisorsView = await ok<TaskDetail>(http.url, 'getTask', { taskId: card.taskId }, supervisor.token);
  const supervisorUrl = supervisorsView.reports.find((r) => r.id === submitted.report.id)?.photos[0]?.url as string;
  expect((await fetch(`${http.url}${supervisorUrl}`)).status).toBe(200);

  // ── review, extension, urge ──────────────────────────────────────────────────────
  const reviewed = await ok<{ report: { review: string } }>(
    http.url,
    'reviewReport',
    { reportId: submitted.report.id, decision: 'accept' },
    supervisor.token,
  );
  expect(reviewed.report.review).toBe('accepted');

  const other = list.items.find((c) => c.assignmentId !== card.assignmentId && c.dueDate) as AssignmentCard;
  const ext = await ok<{ extension: { id: string; status: string } }>(
    http.url,
    'requestExtension',
    { assignmentId: other.assignmentId, newDue: '2030-06-30', reason: '需省级平台配合，申请延期。' },
    furong.token,
  );
  expect(ext.extension.status).toBe('pending');
  const decided = await ok<{ extension: { status: string } }>(
    http.url,
    'decideExtension',
    { extensionId: ext.extension.id, approve: true, note: '同意' },
    supervisor.token,
  );
  expect(decided.extension.status).toBe('approved');
  const after = await ok<TaskDetail>(http.url, 'getTask', { taskId: other.taskId }, furong.token);
  const mine = after.assignments.find((a) => a.id === other.assignmentId);
  expect(mine?.dueDate).toBe('2030-06-30');
  expect(mine?.originalDueDate).toBe(other.dueDate);

  const urged = await ok<{ urged: number }>(
    http.url,
    'urge',
    { assignmentIds: [other.assignmentId], message: '请本周内报送进展。' },
    supervisor.token,
  );
  expect(urged.urged).toBe(1);
  const afterUrge = await ok<TaskDetail>(http.url, 'getTask', { taskId: other.taskId }, furong.token);
  expect(afterUrge.urges.map((u) => u.message)).toContain('请本周内报送进展。');
  // A contact may not urge, review or decide.
  expect(
    (await post(http.url, 'urge', { assignmentIds: [other.assignmentId], message: '催' }, furong.token)).status,
  ).toBe(403);

  // ── the circular ─────────────────────────────────────────────────────────────────
  const dashboard = await ok<{ counts: { done: number; total: number } }>(http.url, 'dashboard', {}, supervisor.token);
  expect(dashboard.counts.done).toBeGreaterThanOrEqual(1);
  // the Word circular by default, as a download
  const word = await ok<{ fileName: string; url: string }>(http.url, 'exportCircular', {}, supervisor.token);
  expect(word.fileName).toMatch(/第1期.*\.docx$/);
  const wordFile = await fetch(`${http.url}${word.url}`);
  expect(wordFile.status).toBe(200);
  expect(wordFile.headers.get('content-type')).toMatch(/wordprocessingml/);
  expect(wordFile.headers.get('content-disposition')).toMatch(/attachment/);
  // and its Excel annex
  const exported = await ok<{ fileName: string; url: string }>(
    http.url,
    'exportCircular',
    { format: 'xlsx' },
    supervisor.token,
  );
  expect(exported.fileName).toMatch(/\.xlsx$/);
  const download = await fetch(`${http.url}${exported.url}`);
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toMatch(/spreadsheetml/);
  expect(download.headers.get('content-disposition')).toMatch(/attachment/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await download.arrayBuffer());
  const names = workbook.worksheets.map((w) => w.name);
  expect(names).toEqual(['汇总', '单位情况', '逾期事项', '全部任务']);
  const cells = workbook.worksheets.flatMap((w) => {
    const out: string[] = [];
    w.eachRow((row) => row.eachCell((c) => out.push(String(c.text))));
    return out;
  });
  expect(cells).toContain('芙蓉区人民政府');
  expect(cells.some((c) => c.includes('互联网+政务服务'))).toBe(true);
});
