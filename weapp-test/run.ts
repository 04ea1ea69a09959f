/**
 * `npm run test:weapp`: the real mini program (dist/) in a WeChat host of our own (host.ts), against the built
 * `api` cloud function (cloudfunctions/api/index.js) over the project's CloudBase double.
 *
 * 1. builds dist/ (with a test DUBAN_CLOUD_ENV) and the cloud functions;
 * 2. compiles every WXML with WeChat's `wcc` and every WXSS with `wcsc` (miniprogram-compiler): a compile error
 *    fails the run;
 * 3. drives the flows below on four phones (one host each), failing on any runtime error, unhandled rejection,
 *    `console.error`, or `wx` API the host does not know; prints the `wx` APIs the app called.
 *
 * `--no-build` reuses dist/ and the bundles as they are.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { join, relative, resolve } from 'node:path';
import { buildCloud } from '../scripts/build-cloud';
import { C } from '../cloudfunctions/shared/src/collections';
import { FakeCloud } from '../cloudfunctions/shared/src/testing/fakeCloud';
import { WeappHost, type CloudSide } from './host';

const ROOT = resolve(__dirname, '..');
const DIST = join(ROOT, 'dist');
const CLOUD_ENV = 'duban-test-1g2h3j';
const BOOTSTRAP_CODE = 'weapp-host-first-admin';

type Main = (event: unknown, context?: unknown) => Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;

const failures: string[] = [];
process.on('unhandledRejection', (e) =>
  failures.push(`unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`),
);
process.on('uncaughtException', (e) => failures.push(`uncaught exception: ${e.stack ?? String(e)}`));

function step(name: string): void {
  console.log(`  · ${name}`);
}

function files(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (name.endsWith(ext)) out.push(relative(DIST, p).replace(/\\/g, '/'));
  }
  return out;
}

/** wcsc, called as the WeChat IDE calls it (`-db -pc <n>`), on every WXSS file; fails on any error. */
function compileWxss(list: string[]): void {
  const bin = join(ROOT, 'node_modules/miniprogram-compiler/bin/linux/wcsc');
  chmodSync(bin, 0o755); // the package ships its binaries without the execute bit (its own wrappers chmod them too)
  const r = spawnSync(bin, ['-db', '-pc', '0', ...list], { cwd: DIST, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`wcsc failed: ${r.stderr.toString() || r.error?.message}`);
  const out = r.stdout.toString();
  if (out.length < 1000) throw new Error(`wcsc produced almost nothing (${out.length} bytes)`);
}

function loadApi(cloud: FakeCloud): Main {
  // Loaded as CloudBase loads it, by a real require, so that its own import()s of lib/ resolve beside it; only
  // wx-server-sdk is answered by the double (for the rest of this run: the bundle may require it again later).
  const file = join(ROOT, 'cloudfunctions/api/index.js');
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = loader._load;
  loader._load = function (request: string, parent: unknown, isMain: boolean): unknown {
    return request === 'wx-server-sdk' ? cloud : load.call(this, request, parent, isMain);
  };
  delete require.cache[file];
  const exported = require(file) as { main?: Main };
  if (!exported.main) throw new Error('cloudfunctions/api/index.js exports no main');
  return exported.main;
}

/** The phone of one WeChat user: its `wx.cloud` calls reach the function as that user's OPENID. */
function phone(cloud: FakeCloud, api: Main, openid: string, wxml: string[]): WeappHost {
  const side: CloudSide = {
    async callFunction(name, data) {
      if (name !== 'api') throw new Error(`no cloud function ${name}`);
      cloud.context = { OPENID: openid, SOURCE: 'wx_client' };
      return api(data, { time_limit_in_ms: 20_000 });
    },
    async uploadFile(cloudPath, content) {
      return cloud.putFile(cloudPath, content);
    },
    async downloadFile(fileID) {
      return (await cloud.downloadFile({ fileID })).fileContent;
    },
  };
  return new WeappHost(DIST, ROOT, side, wxml);
}

const PLAN = [
  '工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间',
  '建立台账\t建立全市政务服务事项台账，按月更新\t市政务服务中心\t芙蓉区人民政府\t2030年12月',
].join('\n');

const PLAN_2 = [
  '工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间',
  '优化流程\t压减政务服务事项办理时限\t市政务服务中心\t天心区人民政府\t2030年10月',
].join('\n');

async function as(
  cloud: FakeCloud,
  api: Main,
  openid: string,
  action: string,
  payload: unknown = {},
): Promise<unknown> {
  cloud.context = { OPENID: openid, SOURCE: 'wx_client' };
  const r = await api({ action, payload });
  if (!r.ok) throw new Error(`${action} as ${openid}: ${JSON.stringify(r.error)}`);
  return r.data;
}

function check(cond: unknown, what: string): void {
  if (!cond) throw new Error(`expected: ${what}`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  if (!process.argv.includes('--no-build')) {
    console.log('building dist/ (weapp) and the cloud functions…');
    execFileSync('npx', ['taro', 'build', '--type', 'weapp'], {
      cwd: ROOT,
      env: { ...process.env, DUBAN_CLOUD_ENV: CLOUD_ENV, DUBAN_API_BASE: '', NODE_ENV: 'production' },
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
    const log = console.log;
    console.log = () => undefined;
    await buildCloud(ROOT);
    console.log = log;
  }
  const t1 = Date.now();
  const wxml = files(DIST, '.wxml').map((f) => f.replace(/\.wxml$/, ''));
  const wxss = files(DIST, '.wxss');
  compileWxss(wxss);
  console.log(`compiled ${wxml.length} WXML files with wcc and ${wxss.length} WXSS files with wcsc`);
  check(existsSync(join(DIST, 'sitemap.json')), 'dist/sitemap.json');
  const sitemap = JSON.parse(readFileSync(join(DIST, 'sitemap.json'), 'utf8')) as {
    rules: { action: string; page: string }[];
  };
  check(
    sitemap.rules.some((r) => r.action === 'disallow' && r.page === '*'),
    'the sitemap disallows every page',
  );

  process.env.DUBAN_BOOTSTRAP_CODE = BOOTSTRAP_CODE;
  const cloud = new FakeCloud({ requireCollections: true });
  await cloud.serveFiles(); // temp URLs over real HTTP: the function reads an upload's size with a HEAD request
  const api = loadApi(cloud);
  // the deployment: a first admin, a table, invites (what the admin pages do; the admin's own flow is below)
  await as(cloud, api, 'o-admin', 'bootstrap', { code: BOOTSTRAP_CODE, name: '王管理' });
  const prefix = ((await as(cloud, api, 'o-admin', 'uploadPrefix')) as { prefix: string }).prefix;
  const planFile = cloud.putFile(`${prefix}imports/20300101/plan.txt`, PLAN);
  const preview = (await as(cloud, api, 'o-admin', 'importPlan', { fileName: 'plan.txt', fileId: planFile })) as {
    previewId: string;
  };
  await as(cloud, api, 'o-admin', 'confirmImport', { previewId: preview.previewId });
  const fields = [
    { key: 'thing1', value: 'task' },
    { key: 'phrase2', value: 'status' },
  ];
  await as(cloud, api, 'o-admin', 'updateSettings', {
    templates: {
      due: { templateId: 'T-DUE', fields },
      overdue: { templateId: 'T-OVERDUE', fields },
      urge: { templateId: 'T-URGE', fields },
      returned: { templateId: 'T-RETURNED', fields },
      accepted: { templateId: 'T-ACCEPTED', fields },
      extension: { templateId: 'T-EXTENSION', fields },
      periodic: { templateId: 'T-PERIODIC', fields },
    },
  });
  const invite = async (unitId: string, role: string) =>
    ((await as(cloud, api, 'o-admin', 'createInvite', { unitId, role })) as { code: string }).code;
  const contactCode = await invite('district-furong', 'contact');
  await as(cloud, api, 'o-lead', 'bind', { code: await invite('city-zwfw', 'contact'), name: '张联络' });
  await as(cloud, api, 'o-super', 'bind', { code: await invite('city-ducha', 'supervisor'), name: '李督查' });

  const hosts: WeappHost[] = [];
  const REPORT = '台账已建立，覆盖全部事项';
  const RETURN_REASON = '请补充台账的更新记录';

  console.log('flow 1: a contact, cold start unbound → bind → task list → task → report with a photo');
  {
    const h = phone(cloud, api, 'o-furong', wxml);
    hosts.push(h);
    h.user.chooseMedia = () => [{ tempFilePath: h.localFile('site.jpg', Buffer.alloc(2048, 0xff)), size: 2048 }];
    step('cold start');
    await h.launch('pages/index/index');
    await h.waitForPage('pages/bind/index');
    await h.waitFor('请输入管理员发给您的邀请码');
    if (process.env.DEBUG_VTREE) console.log(JSON.stringify(h.render()).slice(0, 6000));
    step('bind with a code');
    await h.type('例如 7K3M-Q8PX', contactCode);
    await h.tap('查看邀请码');
    await h.waitFor('芙蓉区人民政府');
    await h.type('选填，便于督查室联系', '刘联络');
    const before = h.navigations.length;
    await h.tap('确认绑定');
    await h.waitForPage('pages/tasks/index');
    await h.settle(300);
    const relaunches = h.seen.get('reLaunch') ?? 0;
    check(relaunches === 1, `bind relaunches once (was ${relaunches})`);
    check(h.navigations.length === before + 1, `one navigation after bind (${h.navigations.slice(before).join(', ')})`);
    step('task list → task');
    await h.waitFor('建立全市政务服务事项台账');
    await h.tap('建立全市政务服务事项台账');
    await h.waitForPage('pages/task/index');
    await h.waitFor('建立全市政务服务事项台账');
    step('report with a photo, subscription asked in the tap');
    await h.tap('签收');
    await h.waitFor('已签收');
    check(
      JSON.stringify(h.subscribeRequests) === JSON.stringify([['T-DUE', 'T-OVERDUE', 'T-URGE']]),
      `the 签收 tap asks for the task's reminders (${JSON.stringify(h.subscribeRequests)})`,
    );
    await h.tap('提交进展');
    await h.waitForPage('pages/report/index');
    await h.type('写明做了什么', REPORT);
    await h.tapLabelled('nut-switch'); // the 申请办结 switch (NutUI drops its aria-label on weapp)
    await h.tap('添加照片');
    await h.settle(300);
    check(h.seen.get('chooseMedia') === 1 && h.seen.get('compressImage') === 1, 'chooseMedia then compressImage');
    check(
      h.uploads.length === 1 && h.uploads[0].startsWith('uploads/o-furong/photos/'),
      `upload into the caller's folder (${h.uploads.join(', ')})`,
    );
    // the app noted the upload to the function (noteUploads), which read its size from storage
    const note = cloud.db.all(C.uploads).find((d) => d.fileId === cloud.fileIdOf(h.uploads[0] ?? ''));
    check(
      note?.kind === 'upload' && note.bytes === 2048 && note.unitId === 'district-furong',
      `the upload is noted with its size and unit (${JSON.stringify(note)})`,
    );
    await h.tap(/^提交/);
    await h.waitForPage('pages/task/index', 8000);
    const reportAsk = h.subscribeRequests[1] ?? [];
    check(
      h.subscribeRequests.length === 2 && reportAsk.length <= 3 && reportAsk.includes('T-RETURNED'),
      `one subscription request in the submit tap, ≤ 3 ids, for the report's answer (${JSON.stringify(reportAsk)})`,
    );
    step('the timeline shows it');
    await h.waitFor(REPORT);
  }

  console.log('flow 2: the lead unit returns the report');
  {
    const h = phone(cloud, api, 'o-lead', wxml);
    hosts.push(h);
    await h.launch('pages/review/index');
    await h.waitFor(REPORT);
    await h.tap('退回');
    await h.type('写明需要补充或改正的内容', RETURN_REASON);
    await h.tap('退回', 150, true); // the dialog's button, after the list's
    await h.waitFor('没有待审核的事项');
    check(h.toasts.includes('已退回'), 'the toast says 已退回');
    const task = (await as(cloud, api, 'o-furong', 'listMyTasks', {})) as { items: { taskId: string }[] };
    const detail = JSON.stringify(await as(cloud, api, 'o-furong', 'getTask', { taskId: task.items[0].taskId }));
    check(detail.includes(RETURN_REASON), 'the contact sees the return reason');
  }

  console.log('flow 2b: the contact requests an extension; the tap asks for the decision message');
  {
    const h = phone(cloud, api, 'o-furong', wxml);
    hosts.push(h);
    const task = (await as(cloud, api, 'o-furong', 'listMyTasks', {})) as {
      items: { assignmentId: string; taskId: string }[];
    };
    await h.launch('pages/task/index', { id: task.items[0].taskId });
    await h.tap('申请延期');
    await h.waitForPage('pages/extension/index');
    await h.waitFor('请选择日期');
    await h.choose('请选择日期', '2031-03-31');
    await h.waitFor('2031年3月31日');
    await h.type('说明无法按期完成的原因', '需等待省里的系统对接');
    await h.tap('提交申请', 300);
    const ask = h.subscribeRequests[0] ?? [];
    check(
      h.subscribeRequests.length === 1 && ask.length <= 3 && ask.includes('T-EXTENSION'),
      `the extension tap asks for the extension kind (${JSON.stringify(h.subscribeRequests)})`,
    );
    check(
      h.toasts.some((t) => t.includes('延期申请已提交')),
      `the toast says it went in (${h.toasts.join(' | ')})`,
    );
  }

  console.log('flow 3: a supervisor exports the circular and it opens');
  {
    const h = phone(cloud, api, 'o-super', wxml);
    hosts.push(h);
    await h.launch('pages/dashboard/index');
    await h.waitFor('导出通报（Word）');
    await h.tap('导出通报（Word）', 600);
    await h.waitFor('导出通报（Word）');
    await h.settle(600);
    check(
      h.opened.length === 1 && h.opened[0].fileType === 'docx',
      `openDocument called once with docx (${JSON.stringify(h.opened)})`,
    );
    check(
      h.seen.get('cloud.downloadFile') === 1 && !h.seen.has('downloadFile'),
      'the circular comes by cloud.downloadFile',
    );
  }

  console.log('flow 4: an admin picks a table from a chat with chooseMessageFile and imports it');
  {
    const h = phone(cloud, api, 'o-admin', wxml);
    hosts.push(h);
    h.user.chooseMessageFile = () => [{ path: h.localFile('plan2.txt', PLAN_2), name: '分工方案.txt', size: 200 }];
    await h.launch('pages/admin/import/index');
    await h.waitFor(/选择|聊天/);
    await h.tap(/从聊天|选择/);
    await h.waitFor('确认导入并交办', 8000);
    check(
      h.uploads.some((u) => u.startsWith('uploads/o-admin/imports/')),
      "the table goes into the admin's folder",
    );
    await h.tap('确认导入并交办');
    await h.waitFor('已导入 1 项任务', 8000);
    check(
      cloud.db.all(C.uploads).some((d) => d.kind === 'document' && String(d.fileId).includes('/o-admin/imports/')),
      'the table is noted as a document',
    );
  }

  console.log('flow 4b: the admin sees the CloudBase storage figures (存储空间), an orphan among them');
  {
    const h = phone(cloud, api, 'o-furong', wxml);
    hosts.push(h);
    // a photo chosen for a report that was never sent: noted, not used by any report
    h.user.chooseMedia = () => [{ tempFilePath: h.localFile('left.jpg', Buffer.alloc(3000, 0xfe)), size: 3000 }];
    const task = (await as(cloud, api, 'o-furong', 'listMyTasks', {})) as { items: { assignmentId: string }[] };
    await h.launch('pages/report/index', { assignmentId: task.items[0].assignmentId });
    await h.tap('添加照片');
    await h.settle(300);
    check(
      cloud.db.all(C.uploads).some((d) => d.kind === 'upload' && d.bytes === 3000),
      'the second photo is noted too',
    );
    const a = phone(cloud, api, 'o-admin', wxml);
    hosts.push(a);
    await a.launch('pages/admin/storage/index');
    await a.waitFor('云开发环境：这里统计的是');
    await a.waitFor('暂时保留');
    const text = JSON.stringify(a.render());
    check(text.includes('1 个 · 3 KB'), 'the orphan waiting: 1 个 · 3 KB');
    check(!text.includes('云开发环境无法在这里统计文件'), 'figures, not "cannot list"');
  }

  console.log('flow 5: a privacy refusal (errno 112) tells the official what to do');
  {
    const h = phone(cloud, api, 'o-furong', wxml);
    hosts.push(h);
    h.user.chooseMedia = () => ({
      errno: 112,
      errMsg: 'chooseMedia:fail api scope is not declared in the privacy agreement',
    });
    const task = (await as(cloud, api, 'o-furong', 'listMyTasks', {})) as { items: { assignmentId: string }[] };
    await h.launch('pages/report/index', { assignmentId: task.items[0].assignmentId });
    await h.tap('添加照片');
    await h.settle(200);
    // a sentence this long opens in a dialog, not a two-second toast (src/lib/feedback.ts)
    const said = [...h.toasts, ...h.modals];
    check(
      said.some((t) => t.includes('用户隐私保护指引')),
      `a toast or dialog names the privacy guide (${said.join(' | ')})`,
    );
  }

  console.log(
    `\n${failures.length ? 'FAILED' : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s (build ${((t1 - t0) / 1000).toFixed(1)} s)`,
  );
  const seen = new Map<string, number>();
  for (const h of hosts) {
    for (const [k, n] of h.seen) seen.set(k, (seen.get(k) ?? 0) + n);
    failures.push(...h.errors);
    for (const u of h.unknown) failures.push(`wx API the host does not know: ${u}`);
  }
  console.log(
    `wx APIs the app called (${seen.size}): ${[...seen]
      .sort()
      .map(([k, n]) => `${k}×${n}`)
      .join(', ')}`,
  );
  if (failures.length) {
    for (const f of failures) console.error(`✗ ${f}`);
    process.exit(1);
  }
}

main().then(
  () => process.exit(failures.length ? 1 : 0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    for (const f of failures) console.error(`✗ ${f}`);
    process.exit(1);
  },
);
