/**
 * The built bundles (`npm run build:cloud`) loaded as CloudBase loads them: `require('cloudfunctions/<name>/index.js')`
 * with `require('wx-server-sdk')` answered by the in-memory cloud double, and with the globals Node 17+ added
 * taken away (the runtime is Node 16). Each function is driven only through its exported `main`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'acorn'; // webpack's parser, already installed: used here to check the syntax level
import { buildCloud, LAZY_LIBRARIES, LAZY_ON_FIRST_CALL } from '../../../scripts/build-cloud';
import { workbook } from '../../../core/importer/testFixtures';
import { beijingDate } from '../../../core/time';
import type { CloudDatabase, CloudSdk } from './cloud';
import { C } from './collections';
import { CloudStore } from './store';
import { FakeCloud, type FakeDatabase } from './testing/fakeCloud';
import { WireServer } from './testing/wireServer';
import sharp from 'sharp';
import { dHash, HASH_HEIGHT, HASH_WIDTH, hammingDistance } from '../../../core/evidence/phash';
import { SharpPhotos } from '../../../server/photos/sharpPhotos';
import { resizedCopy, scene } from '../../../server/photos/testImages';

type Main = (
  event: unknown,
  context?: unknown,
) => Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>;

const SUPERVISION = 'city-ducha';
const ROOT = resolve(__dirname, '../../..');

/** Globals and methods Node 16 does not have. */
const NODE17_PLUS: [object, string][] = [
  [globalThis, 'structuredClone'],
  [globalThis, 'fetch'],
  [Array.prototype, 'findLast'],
  [Array.prototype, 'findLastIndex'],
  [Array.prototype, 'toSorted'],
  [Array.prototype, 'toReversed'],
  [Array.prototype, 'toSpliced'],
  [Array.prototype, 'with'],
  [Object, 'groupBy'],
  [Array, 'fromAsync'],
];
const saved: [object, string, PropertyDescriptor][] = [];

function loadBundle(name: 'api' | 'remind', cloud: CloudSdk): Main {
  let main: Main | undefined;
  jest.isolateModules(() => {
    jest.doMock('wx-server-sdk', () => cloud);
    main = (require(resolve(ROOT, 'cloudfunctions', name, 'index.js')) as { main: Main }).main;
  });
  return main!;
}

let built: { name: string; bytes: number; lazy: { library: string; file: string }[] }[];

beforeAll(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  built = await buildCloud(ROOT);
  for (const [owner, key] of NODE17_PLUS) {
    const d = Object.getOwnPropertyDescriptor(owner, key);
    if (d) {
      saved.push([owner, key, d]);
      delete (owner as Record<string, unknown>)[key];
    }
  }
}, 120_000);

afterAll(() => {
  jest.restoreAllMocks();
  for (const [owner, key, d] of saved) Object.defineProperty(owner, key, d);
});

const PLAN = [
  '工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间',
  '建立台账\t建立全市督办事项台账，按月更新\t市政府督查室\t芙蓉区人民政府\t2030年12月',
].join('\n');

interface Deployment {
  /** WeChat's side: who calls, storage, msgSecCheck and subscribeMessage (the double). */
  cloud: FakeCloud;
  /** Where the documents end up. */
  data: FakeDatabase;
  /** The database handle as the functions get it. */
  database: CloudDatabase;
  api: Main;
  remind: Main;
}

const BOOTSTRAP_CODE = 'first-admin-code-7';

/** Bootstrap, import, bind, report with photos, settings, subscriptions, urge and the timer's pass, through `main`. */
async function workflow(env: Deployment): Promise<void> {
  const { cloud } = env;
  await cloud.serveFiles();
  try {
    await steps(env);
  } finally {
    await cloud.close();
  }
}

async function steps(env: Deployment): Promise<void> {
  const { cloud, data, api, remind } = env;
  const code = BOOTSTRAP_CODE;
  const as = (openid: string | null) => {
    cloud.context = openid ? { OPENID: openid, SOURCE: 'wx_client' } : { SOURCE: 'wx_trigger' };
  };
  // nobody: a call without WeChat identity is refused
  as(null);
  expect((await api({ action: 'me', payload: {} })).error?.code).toBe('UNAUTHENTICATED');

  // the first admin binds with the deployment's code; the collections and the directory come with it
  as('o-admin');
  expect((await api({ action: 'bootstrap', payload: { code: 'wrong' } })).error?.code).toBe('INVITE_INVALID');
  const boot = await api({ action: 'bootstrap', payload: { code, name: '王督查' } });
  expect(boot).toMatchObject({ ok: true, data: { me: { user: { role: 'admin', unitName: '市政府督查室' } } } });
  expect(data.all(C.units).length).toBeGreaterThan(50);
  as('o-intruder');
  expect((await api({ action: 'bootstrap', payload: { code } })).error?.code).toBe('FORBIDDEN');
  expect((await api({ action: 'me', payload: {} })).error?.code).toBe('NOT_BOUND');

  // the admin imports a one-task table uploaded to their own folder
  as('o-admin');
  const prefix = ((await api({ action: 'uploadPrefix' })).data as { prefix: string }).prefix;
  expect(prefix).toBe('uploads/o-admin/');
  const planFile = cloud.putFile(`${prefix}imports/20300101/plan.txt`, PLAN);
  const preview = await api({ action: 'importPlan', payload: { fileName: 'plan.txt', fileId: planFile } });
  expect(preview).toMatchObject({ ok: true, data: { assignmentCount: 2 } });
  const previewId = (preview.data as { previewId: string }).previewId;
  const confirmed = await api({ action: 'confirmImport', payload: { previewId } });
  expect(confirmed).toMatchObject({ ok: true, data: { tasks: 1, assignments: 2, duplicate: false } });

  // a contact of 芙蓉区人民政府 binds with an invite and sees the task
  const invite = await api({ action: 'createInvite', payload: { unitId: 'district-furong', role: 'contact' } });
  const inviteCode = (invite.data as { code: string }).code;
  expect(data.all(C.invites).map((d) => d._id)).toContain(inviteCode);
  as('o-furong');
  expect(await api({ action: 'bind', payload: { code: inviteCode, name: '李联络' } })).toMatchObject({ ok: true });
  const mine = await api({ action: 'listMyTasks', payload: {} });
  expect(mine).toMatchObject({ ok: true, data: { total: 1 } });
  const card = (mine.data as { items: { assignmentId: string; taskId: string }[] }).items[0];

  // a report with a photo from the contact's own folder is taken, once per request id; someone else's is not
  const photo = cloud.putFile('uploads/o-furong/photos/20300101/a.jpg', 'jpeg');
  const foreign = cloud.putFile('uploads/o-admin/photos/20300101/b.jpg', 'jpeg');
  const report = { assignmentId: card.assignmentId, requestId: 'req-1', text: '台账已建立', photos: [photo] };
  expect(await api({ action: 'submitReport', payload: report })).toMatchObject({ ok: true, data: { created: true } });
  expect(await api({ action: 'submitReport', payload: report })).toMatchObject({
    ok: true,
    data: { created: false },
  });
  expect(data.all(C.reports).map((d) => d._id)).toEqual([`${card.assignmentId}:req-1`]);
  const stolen = await api({ action: 'submitReport', payload: { ...report, requestId: 'req-2', photos: [foreign] } });
  expect(stolen.error?.code).toBe('FORBIDDEN');
  // every free text through msgSecCheck with its author's openid: the names bound with, then the report (once)
  expect(cloud.checks.map((c) => [c.openid, c.content])).toEqual([
    ['o-admin', '王督查'],
    ['o-furong', '李联络'],
    ['o-furong', '台账已建立'],
  ]);
  const task = await api({ action: 'getTask', payload: { taskId: card.taskId } });
  expect(JSON.stringify(task.data)).toContain('/uploads/o-furong/photos/20300101/a.jpg?sign=test');

  // the app notes what it uploaded straight to storage (noteUploads): its size read from storage (HEAD), someone
  // else's file refused; an upload no report uses is an orphan, removed by the cleanup once old enough
  const orphan = cloud.putFile('uploads/o-furong/photos/20300101/c.jpg', 'orphan photo');
  expect(await api({ action: 'noteUploads', payload: { fileIds: [photo, orphan] } })).toEqual({
    ok: true,
    data: { noted: [photo, orphan] },
  });
  expect(cloud.fileRequests).toEqual(expect.arrayContaining(['HEAD /uploads/o-furong/photos/20300101/c.jpg']));
  expect((await api({ action: 'noteUploads', payload: { fileIds: [foreign] } })).error?.code).toBe('FORBIDDEN');
  const noted = data.all(C.uploads).filter((d) => d.kind === 'upload');
  expect(noted.map((d) => [d.fileId, d.bytes]).sort()).toEqual([
    [photo, 4],
    [orphan, 12],
  ]);
  as('o-admin');
  const usage = await api({ action: 'storageUsage', payload: {} });
  expect(usage).toMatchObject({
    ok: true,
    data: {
      counted: 'recorded',
      orphans: { due: { count: 0 }, waiting: { count: 1, bytes: 12 } },
      limits: { uploadsPerMinute: 30 },
    },
  });
  const orphanDoc = data.all(C.uploads).find((d) => d.fileId === orphan)!;
  await env.database
    .collection(C.uploads)
    .doc(orphanDoc._id)
    .update({ data: { storedAt: new Date(Date.now() - 73 * 3_600_000).toISOString() } });
  as(null);
  expect(await remind({ action: 'cleanup' })).toMatchObject({ ok: true, data: { orphans: 1, orphanBytes: 12 } });
  expect([cloud.files.has(orphan), cloud.files.has(photo)]).toEqual([false, true]);
  expect(data.all(C.uploads).map((d) => d.fileId)).not.toContain(orphan);
  as('o-furong');

  // a user cannot start a reminder pass
  expect((await remind({ Type: 'Timer' })).error?.code).toBe('FORBIDDEN');

  // settings and subscriptions through the api; the task falls due today; an urge is queued
  as('o-admin');
  const fields = [
    { key: 'thing1', value: 'task' },
    { key: 'date2', value: 'due' },
    { key: 'phrase3', value: 'status' },
  ];
  const settings = await api({
    action: 'updateSettings',
    payload: {
      sendFromHour: 0,
      sendToHour: 24,
      templates: { due: { templateId: 'TMPL-DUE', fields }, urge: { templateId: 'TMPL-URGE', fields } },
    },
  });
  expect(settings).toMatchObject({ ok: true });
  const store = new CloudStore(env.database);
  await store.updateAssignment(card.assignmentId, { dueDate: beijingDate(new Date()) });
  const sup = await api({ action: 'createInvite', payload: { unitId: SUPERVISION, role: 'supervisor' } });
  as('o-super');
  expect(await api({ action: 'bind', payload: { code: (sup.data as { code: string }).code } })).toMatchObject({
    ok: true,
  });
  const urged = await api({
    action: 'urge',
    payload: { assignmentIds: [card.assignmentId], message: '请本周内报送' },
  });
  expect(urged).toEqual({ ok: true, data: { urged: 1, alreadyUrged: 0 } });
  expect(cloud.sent).toHaveLength(0); // queued for the timer, not sent by the api
  as('o-furong');
  const sub = await api({
    action: 'recordSubscription',
    payload: { results: { 'TMPL-DUE': 'accept', 'TMPL-URGE': 'accept' } },
  });
  expect(sub).toMatchObject({ ok: true, data: { credits: { 'TMPL-DUE': 1, 'TMPL-URGE': 1 } } });

  // the timer's pass sends both, each once, and a second run sends nothing more
  as(null);
  const first = await remind({ Type: 'Timer', TriggerName: 'remind' }, { time_limit_in_ms: 20_000 });
  expect(first).toMatchObject({ ok: true, data: { sent: 2, budgetMs: 15_000 } });
  expect(cloud.sent.map((m) => [m.touser, m.templateId, m.miniprogramState]).sort()).toEqual([
    ['o-furong', 'TMPL-DUE', 'formal'],
    ['o-furong', 'TMPL-URGE', 'formal'],
  ]);
  expect(cloud.sent.every((m) => m.page.includes(card.taskId))).toBe(true);
  expect(await remind({ Type: 'Timer', TriggerName: 'remind' })).toMatchObject({ ok: true, data: { sent: 0 } });
  expect(cloud.sent).toHaveLength(2);
  const keys = data.all(C.reminders).map((d) => d._id);
  expect(keys.sort()).toEqual(
    expect.arrayContaining([expect.stringMatching(/^due:/), expect.stringMatching(/^urge:/)]),
  );
}

describe('the bundled cloud functions on the cloud double', () => {
  let cloud: FakeCloud;
  let env: Deployment;

  beforeAll(() => {
    process.env.DUBAN_BOOTSTRAP_CODE = BOOTSTRAP_CODE;
    cloud = new FakeCloud({ requireCollections: true });
    env = {
      cloud,
      data: cloud.db,
      database: cloud.db,
      api: loadBundle('api', cloud),
      remind: loadBundle('remind', cloud),
    };
  });
  afterAll(() => {
    delete process.env.DUBAN_BOOTSTRAP_CODE;
  });

  it('are single files in ES2021 (what Node 16 parses) that initialise the SDK on the current environment', () => {
    expect(built.map((b) => b.name)).toEqual(['api', 'remind']);
    for (const b of built) {
      expect(b.bytes).toBeLessThan(5 * 1024 * 1024);
      const code = readFileSync(resolve(ROOT, 'cloudfunctions', b.name, 'index.js'), 'utf8');
      expect(() => parse(code, { ecmaVersion: 2021, sourceType: 'script', allowHashBang: true })).not.toThrow();
      expect(code).toMatch(/require\("wx-server-sdk"\)/);
    }
    expect(cloud.initCalls).toEqual([{ env: cloud.DYNAMIC_CURRENT_ENV }, { env: cloud.DYNAMIC_CURRENT_ENV }]);
  });

  it('load the workbook and document libraries only when an import or the circular needs them', () => {
    const api = built.find((b) => b.name === 'api')!;
    const onFirstCall = Object.values(LAZY_ON_FIRST_CALL).map((l) => l.library);
    expect(api.lazy.map((l) => l.library)).toEqual([...LAZY_LIBRARIES, ...onFirstCall].sort());
    // with them inside, index.js is 2.1 MB; without, about 400 KB (core, zod, the adapters, the directory)
    expect(api.bytes).toBeLessThan(600 * 1024);
    for (const l of api.lazy) {
      const code = readFileSync(l.file, 'utf8');
      expect(() => parse(code, { ecmaVersion: 2021, sourceType: 'script', allowHashBang: true })).not.toThrow();
    }
    // a cold start in a fresh process (the real wx-server-sdk, offline): none of them is read
    const loaded = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-e',
          `require(${JSON.stringify(resolve(ROOT, 'cloudfunctions/api/index.js'))});` +
            'process.stdout.write(JSON.stringify(Object.keys(require.cache)))',
        ],
        { cwd: ROOT, encoding: 'utf8' },
      ),
    ) as string[];
    expect(loaded.some((f) => f.endsWith('cloudfunctions/api/index.js'))).toBe(true);
    expect(
      loaded.filter((f) =>
        /cloudfunctions\/api\/lib\/|node_modules\/(exceljs|jszip|mammoth|unzipper|docx|exifr|sharp|opencc-js)\//.test(
          f,
        ),
      ),
    ).toEqual([]);
  });

  it('run a fresh environment from the first admin to a report with a photo, then remind by the timer', async () => {
    await workflow(env);
    // what the functions asked of the database stayed within CloudBase's rules
    const log = cloud.db.log;
    expect(log.filter((c) => c.op === 'get').every((c) => (c.limit ?? 100) <= 100 && (c.n ?? 0) <= 100)).toBe(true);
    const creditIncs = log.filter((c) => c.collection === C.credits && c.op === 'doc.update');
    expect(creditIncs.length).toBeGreaterThan(0);
    expect(JSON.stringify(creditIncs[0].data)).toContain('"$inc":1');
    for (const tx of cloud.db.transactions) {
      expect(tx.ops.every((o) => ['doc.get', 'doc.set', 'doc.update', 'doc.remove', 'add'].includes(o.op))).toBe(true);
    }
    expect(cloud.db.transactions.some((t) => t.ops.some((o) => o.collection === C.reports && o.op === 'add'))).toBe(
      true,
    );
  });

  it('fold traditional characters for the content check with the OpenCC tables from lib/, loaded on the first check', async () => {
    cloud.context = { OPENID: 'o-furong', SOURCE: 'wx_client' };
    const mine = await env.api({ action: 'listMyTasks', payload: {} });
    const card = (mine.data as { items: { assignmentId: string }[] }).items[0];
    const verdict = cloud.verdict;
    cloud.verdict = (content) => (content.includes('代开发票') ? 'risky' : 'pass');
    try {
      const refused = await env.api({
        action: 'submitReport',
        payload: { assignmentId: card.assignmentId, requestId: 'req-t2cn', text: '可以代開發票', photos: [] },
      });
      expect(refused.error?.code).toBe('CONTENT_REJECTED');
      expect(cloud.checks.map((c) => c.content).slice(-2)).toEqual(['可以代開發票', '可以代开发票']);
    } finally {
      cloud.verdict = verdict;
    }
  });

  it('read an Excel table and write the circular and its annex, loading exceljs, jszip and docx from lib/ on first use', async () => {
    cloud.context = { OPENID: 'o-admin', SOURCE: 'wx_client' };
    const bytes = await workbook((wb) => {
      const sheet = wb.addWorksheet('分解表');
      sheet.addRow(['工作阶段', '目标任务', '牵头部门', '责任部门', '完成时间']);
      sheet.addRow(['深化改革', '推进政务服务一网通办', '市政府督查室', '芙蓉区人民政府', '2030年11月']);
    });
    const file = cloud.putFile('uploads/o-admin/imports/20300102/plan.xlsx', Buffer.from(bytes));
    const preview = await env.api({ action: 'importPlan', payload: { fileName: 'plan.xlsx', fileId: file } });
    expect(preview).toMatchObject({ ok: true, data: { assignmentCount: 2 } });
    // the Word circular (docx from lib/) and its Excel annex
    const circular = await env.api({ action: 'exportCircular', payload: {} });
    expect(circular).toMatchObject({
      ok: true,
      data: { fileName: expect.stringMatching(/第1期.*\.docx$/), format: 'docx' },
    });
    const annex = await env.api({ action: 'exportCircular', payload: { format: 'xlsx' } });
    expect(annex).toMatchObject({ ok: true, data: { fileName: expect.stringMatching(/\.xlsx$/), format: 'xlsx' } });
  });

  it('stamp a photo, record its hash (as sharp hashes it) and flag a resized copy, loading the photo libraries from lib/', async () => {
    // after the workflow: 芙蓉区's contact is bound and has the task
    cloud.context = { OPENID: 'o-furong', SOURCE: 'wx_client' };
    const mine = await env.api({ action: 'listMyTasks', payload: {} });
    const card = (mine.data as { items: { assignmentId: string }[] }).items[0];
    const original = await scene(1);
    const first = cloud.putFile('uploads/o-furong/photos/20300102/p1.jpg', Buffer.from(original));
    const copy = cloud.putFile('uploads/o-furong/photos/20300102/p2.jpg', Buffer.from(await resizedCopy(original)));
    const other = cloud.putFile('uploads/o-furong/photos/20300102/p3.jpg', Buffer.from(await scene(5)));
    const submit = (requestId: string, photos: string[]) =>
      env.api({
        action: 'submitReport',
        payload: { assignmentId: card.assignmentId, requestId, text: '现场照片', photos },
      });
    expect(await submit('photo-1', [first])).toMatchObject({ ok: true, data: { created: true } });
    expect(await submit('photo-2', [copy, other])).toMatchObject({ ok: true, data: { created: true } });

    const evidence = env.data.all(C.photoEvidence);
    const of = (fileId: string) => evidence.find((d) => d.fileId === fileId)!;
    const firstReport = String(of(first).reportId);
    // the hash agrees with the local server's (sharp) within the reuse distance
    const sharpHash = dHash(await new SharpPhotos().grey(original, HASH_WIDTH, HASH_HEIGHT));
    expect(String(of(first).hash)).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(String(of(first).hash), sharpHash)).toBeLessThanOrEqual(2);
    // the resized copy is flagged with a link to the first report; a different photo is not
    expect(JSON.parse(String(of(copy).reuseJson))).toMatchObject({ reportId: firstReport, fileId: first });
    expect(of(other).reuseJson ?? null).toBeNull();
    // the display copy is stored: a JPEG with the band burned in where the original had none
    const display = cloud.files.get(String(of(first).displayId))!;
    expect([...display.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const band = async (bytes: Uint8Array) =>
      sharp(bytes).extract({ left: 0, top: 650, width: 300, height: 60 }).greyscale().raw().toBuffer();
    const [stamped, plain] = [await band(display), await band(original)];
    expect(Math.max(...stamped)).toBeGreaterThan(200); // white text
    const meanDiff = stamped.reduce((sum, v, i) => sum + Math.abs(v - plain[i]), 0) / stamped.length;
    expect(meanDiff).toBeGreaterThan(20);
    // the libraries came from lib/ (the bundles), not node_modules
    const loaded = Object.keys(require.cache);
    expect(loaded.some((f) => f.endsWith('cloudfunctions/api/lib/jpeg-decode.js'))).toBe(true);
    expect(loaded.some((f) => f.endsWith('cloudfunctions/api/lib/resvg-wasm.js'))).toBe(true);
  }, 120_000);
});

describe('the bundled cloud functions on the real wx-server-sdk database layer', () => {
  it('run the same workflow with every query serialised and answered through the SDK', async () => {
    process.env.DUBAN_BOOTSTRAP_CODE = BOOTSTRAP_CODE;
    const server = new WireServer({ requireCollections: true });
    const cloud = new FakeCloud();
    const real = jest.requireActual('wx-server-sdk') as CloudSdk & { init(config: Record<string, unknown>): void };
    real.init({ env: cloud.env, secretId: 'offline', secretKey: 'offline' });
    const database = real.database({ throwOnNotFound: false });
    const { Db } = jest.requireActual('@cloudbase/database') as {
      Db: { reqClass: { prototype: { send(api: string, params?: Record<string, unknown>): Promise<unknown> } } };
    };
    Db.reqClass.prototype.send = async (api: string, params?: Record<string, unknown>) => server.handle(api, params);
    // WeChat's side from the double; the database from the real SDK
    const hybrid: CloudSdk = {
      DYNAMIC_CURRENT_ENV: cloud.DYNAMIC_CURRENT_ENV,
      init: (config) => cloud.init(config),
      database: (config) => {
        expect(config).toEqual({ throwOnNotFound: false });
        return database;
      },
      getWXContext: () => cloud.getWXContext(),
      uploadFile: (p) => cloud.uploadFile(p),
      downloadFile: (p) => cloud.downloadFile(p),
      getTempFileURL: (p) => cloud.getTempFileURL(p),
      deleteFile: (p) => cloud.deleteFile(p),
      openapi: cloud.openapi,
    };
    try {
      await workflow({
        cloud,
        data: server.db,
        database,
        api: loadBundle('api', hybrid),
        remind: loadBundle('remind', hybrid),
      });
      expect(server.requests.filter((r) => r.api === 'database.addCollection').length).toBeGreaterThanOrEqual(18);
      expect(server.requests.some((r) => r.api === 'database.commitTransaction')).toBe(true);
    } finally {
      delete process.env.DUBAN_BOOTSTRAP_CODE;
    }
  });
});
