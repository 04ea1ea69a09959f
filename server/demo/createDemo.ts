/**
 * The demo dataset: Changsha's directory, the 2018 table moved to the present (see seedText.ts), the demo people,
 * and a few weeks of history made through the use cases themselves: acknowledgements, progress reports with real
 * photos, completion claims accepted (closed), one returned, one waiting for review, extension requests (one
 * approved, one pending) and urges. Deterministic for a given `now` (apart from random ids).
 *
 * A user belongs to one unit (User.unitId; a principal is one user), so "a contact for several units" is shown
 * the way the model allows it: several demo contacts, one per unit, which the supervisor and lead contact see at
 * work side by side.
 */
import { existsSync } from 'node:fs';
import type { Assignment, Instant, Task, Unit } from '../../core/model';
import type { Dashboard } from '../../core/api/contract';
import type { Messenger } from '../../core/ports/messenger';
import type { SqliteStore } from '../store/sqlite';
import { dispatch, type Caller, type Runtime } from '../../core/usecases';
import { demoDirectory, seedTableText } from '../../data';
import { bootstrapUser } from '../../core/usecases/bootstrapUser';
import type { DiskFiles } from '../files/diskFiles';
import { createRuntime } from '../runtime';
import { seedDemoReminders } from '../scheduler/demoReminders';
import { seedDirectory } from '../../core/usecases/seedDirectory';
import { DEMO_IDENTITIES, type DemoAs } from './identities';
import { demoPhoto } from './png';
import { bandOf, EARLY_DONE, moveSeedTable } from './seedText';
import { addDays } from '../../core/time';

export interface DemoOptions {
  /** The present the demo is built around. */
  now: Instant;
  /** Where messages go while the history is made (urges, reviews); default: recorded nowhere. */
  messenger?: Messenger | ((store: SqliteStore) => Messenger);
  filesDir?: string;
  secret?: string;
}

export interface DemoSummary {
  tasks: number;
  assignments: number;
  reports: number;
  contacts: number;
  /** Contacts made so that small tasks could be closed by every unit. */
  extraContacts: number;
  /** Parts 芙蓉区 split from its assignments to its own units (分解下达): extra to the table's assignments. */
  parts: number;
  counts: Dashboard['counts'];
}

/** Units that get a demo contact besides the lead (市政务服务中心) and district (芙蓉区) identities. */
const CONTACT_UNITS = [
  '市编办',
  '市电子政务办',
  '市优化办',
  '市政府法制办',
  '市新闻中心',
  '市政府督查室',
  '市监察委',
  '市绩效办',
  '市质监局',
  '天心区人民政府',
  '岳麓区人民政府',
  '开福区人民政府',
  '雨花区人民政府',
  '望城区人民政府',
  '长沙县人民政府',
  '浏阳市人民政府',
  '宁乡市人民政府',
];

const SURNAMES = '赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施';

const DAY = 86400000;

/** Messages made while building the demo are dropped: the reminder engine's outbox starts empty. */
const quietMessenger: Messenger = { send: async () => undefined };

export async function createDemo(dbPath: string, options: DemoOptions): Promise<DemoSummary> {
  if (existsSync(dbPath)) throw new Error(`数据库 ${dbPath} 已经存在：请换一个路径，或先备份并删除它。`);
  const nowMs = Date.parse(options.now);
  if (Number.isNaN(nowMs)) throw new Error(`时间 ${options.now} 不是有效的 ISO 时间。`);
  // The history is made on a moving clock: the import six weeks ago, the latest steps today.
  let at = nowMs - 42 * DAY;
  const clock = { now: (): Instant => new Date(at).toISOString() };
  // Each step a minute after the one before, so the history reads in order.
  const tick = (): void => {
    at = Math.min(nowMs, at + 60000);
  };
  const moveTo = (daysBeforeNow: number, hour = 10): void => {
    const day = nowMs - daysBeforeNow * DAY;
    at = Math.min(nowMs, day - (day % DAY) + (hour - 8) * 3600 * 1000);
  };
  const server = createRuntime({
    dbPath,
    demo: true,
    messenger: options.messenger ?? quietMessenger,
    clock,
    filesDir: options.filesDir,
    secret: options.secret,
  });
  try {
    const summary = await buildHistory(server.rt, server.files, options.now, moveTo, tick);
    // Template ids and credits for every demo contact, so that the first reminder pass sends real messages.
    moveTo(0, 9);
    await seedDemoReminders(server.store, clock.now());
    return summary;
  } finally {
    server.close();
  }
}

async function buildHistory(
  rt: Runtime,
  files: DiskFiles,
  now: Instant,
  moveTo: (daysBeforeNow: number, hour?: number) => void,
  tick: () => void,
): Promise<DemoSummary> {
  const run = (caller: Caller, action: string, payload: Record<string, unknown>): Promise<unknown> => {
    tick();
    return dispatch(rt, caller, action, payload);
  };

  await seedDirectory(rt.store, demoDirectory());
  const units = await rt.store.listUnits();
  const unitNamed = (name: string): Unit => {
    const u = units.find((x) => x.name === name);
    if (!u) throw new Error(`演示名录里没有 ${name}`);
    return { ...u, aliases: [...u.aliases] };
  };

  // ── people ──────────────────────────────────────────────────────────────────
  const adminIdentity = DEMO_IDENTITIES.find((d) => d.as === 'admin');
  if (!adminIdentity) throw new Error('no demo admin');
  const admin = await bootstrapUser(
    rt,
    adminIdentity.principal,
    unitNamed(adminIdentity.unitName).id,
    'admin',
    adminIdentity.name,
  );
  const callers = new Map<DemoAs, Caller>([['admin', admin]]);
  const bindAs = async (principal: string, unitId: string, role: string, name: string): Promise<Caller> => {
    const invite = (await run(admin, 'createInvite', { unitId, role })) as { code: string };
    await run({ principal, throttleKey: `demo:${principal}`, user: null }, 'bind', { code: invite.code, name });
    const user = await rt.store.getUserByPrincipal(principal);
    if (!user) throw new Error(`binding ${principal} failed`);
    return { principal, throttleKey: `demo:${principal}`, user };
  };
  for (const d of DEMO_IDENTITIES) {
    if (d.as === 'admin') continue;
    callers.set(d.as, await bindAs(d.principal, unitNamed(d.unitName).id, d.role, d.name));
  }
  const contactsByUnit = new Map<string, Caller>();
  contactsByUnit.set(unitNamed('市政务服务中心').id, callers.get('lead') as Caller);
  contactsByUnit.set(unitNamed('芙蓉区人民政府').id, callers.get('district') as Caller);
  for (const [i, name] of CONTACT_UNITS.entries()) {
    const unit = unitNamed(name);
    const caller = await bindAs(`demo-contact-${unit.id}`, unit.id, 'contact', `${SURNAMES[i]}联络员`);
    contactsByUnit.set(unit.id, caller);
  }
  const supervisor = callers.get('supervisor') as Caller;
  const lead = callers.get('lead') as Caller;
  const district = callers.get('district') as Caller;

  // ── the table ───────────────────────────────────────────────────────────────
  const moved = moveSeedTable(seedTableText(), now);
  const preview = (await run(admin, 'importPlan', {
    fileName: '长沙市推进“最多跑一次”改革工作责任分解表.txt',
    base64: Buffer.from(moved, 'utf8').toString('base64'),
  })) as { previewId: string };
  const imported = (await run(admin, 'confirmImport', { previewId: preview.previewId, createUnknown: true })) as {
    planId: string;
  };
  // The offices report 每月28日前 (定期报送), from the day the table was handed out.
  await run(admin, 'setCycle', {
    planId: imported.planId,
    rule: { every: 'month', day: 28 },
    start: new Date(Date.parse(now) - 42 * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10),
  });

  const tasks: Task[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await rt.store.listTasks({ offset, limit: 100 });
    tasks.push(...page.items);
    if (tasks.length >= page.total || page.items.length === 0) break;
  }
  const assignmentsOf = new Map<string, Assignment[]>();
  for (const t of tasks) assignmentsOf.set(t.id, await rt.store.listAssignmentsOfTask(t.id));
  const assignmentOf = (task: Task, unitId: string): Assignment | undefined =>
    assignmentsOf.get(task.id)?.find((a) => a.unitId === unitId);

  // ── week 1: units acknowledge ───────────────────────────────────────────────
  moveTo(40, 9);
  for (const t of tasks) {
    if (t.seq > 24) continue;
    for (const a of assignmentsOf.get(t.id) ?? []) {
      const contact = contactsByUnit.get(a.unitId);
      if (contact && (t.seq + a.unitId.length) % 4 !== 0) await run(contact, 'acknowledge', { assignmentId: a.id });
    }
  }

  let photoSeed = 0;
  const photos = async (caller: Caller, n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(await files.savePhoto(demoPhoto(photoSeed++), caller.principal as string));
    }
    return ids;
  };
  let requestSeq = 0;
  const report = async (
    caller: Caller,
    assignment: Assignment,
    text: string,
    extra: { photos?: number; percent?: number | null; claimDone?: boolean } = {},
  ): Promise<string> => {
    const out = (await run(caller, 'submitReport', {
      assignmentId: assignment.id,
      requestId: `demo-${++requestSeq}`,
      text,
      photos: await photos(caller, extra.photos ?? 0),
      percent: extra.percent ?? null,
      claimDone: extra.claimDone ?? false,
    })) as { report: { id: string } };
    return out.report.id;
  };
  const leadUnitId = unitNamed('市政务服务中心').id;
  const ledByCentre = (t: Task): boolean =>
    (assignmentsOf.get(t.id) ?? []).some((a) => a.unitId === leadUnitId && a.role === 'lead');
  const reviewerFor = (t: Task, a: Assignment): Caller =>
    a.role === 'responsible' && ledByCentre(t) && a.unitId !== leadUnitId ? lead : supervisor;

  // ── weeks 2–4: the tasks due a month or two ago are done (entirely for the small ones: every unit gets a
  // contact; for task 6 only by the units that have contacts), and a few units finish green tasks early ──────
  const units2 = new Map(units.map((u) => [u.id, u]));
  let extra = 0;
  const ensureContact = async (unitId: string): Promise<Caller> => {
    const existing = contactsByUnit.get(unitId);
    if (existing) return existing;
    const caller = await bindAs(
      `demo-contact-${unitId}`,
      unitId,
      'contact',
      `${units2.get(unitId)?.name ?? ''}联络员`.slice(-12),
    );
    extra += 1;
    contactsByUnit.set(unitId, caller);
    return caller;
  };
  const closeBy = async (t: Task, day: number, everyUnit: boolean): Promise<void> => {
    moveTo(day, 10);
    const claims: { id: string; reviewer: Caller }[] = [];
    for (const a of assignmentsOf.get(t.id) ?? []) {
      const contact = everyUnit ? await ensureContact(a.unitId) : contactsByUnit.get(a.unitId);
      if (!contact) continue;
      const id = await report(contact, a, `已按要求完成：${t.content.slice(0, 18)}……相关材料已报送，请审核。`, {
        photos: a.role === 'lead' ? 2 : a.unitId.length % 2,
        percent: 100,
        claimDone: true,
      });
      claims.push({ id, reviewer: reviewerFor(t, a) });
    }
    moveTo(day - 1, 15);
    for (const c of claims) await run(c.reviewer, 'reviewReport', { reportId: c.id, decision: 'accept' });
  };
  let day = 32;
  for (const t of tasks.filter((x) => bandOf(x.seq) === 'done')) {
    await closeBy(t, day, (assignmentsOf.get(t.id) ?? []).length <= 30);
    day -= 3;
  }
  for (const t of tasks.filter((x) => EARLY_DONE.includes(x.seq))) {
    await closeBy(t, day, false);
    day -= 2;
  }

  // ── progress reports with photos on current tasks ─────────────────────────────
  const furong = unitNamed('芙蓉区人民政府').id;
  const currentWithFurong = tasks.filter(
    (t) =>
      (bandOf(t.seq) === 'green' || bandOf(t.seq) === 'yellow') &&
      !EARLY_DONE.includes(t.seq) &&
      assignmentOf(t, furong),
  );
  const progressTexts = [
    '已召开专题会议部署，明确分管领导和责任科室，正在梳理区级事项清单。',
    '完成区政务服务大厅窗口改造，综合受理窗口已试运行，附现场照片。',
    '已与市平台完成接口联调，第一批 46 个事项上线试运行。',
  ];
  for (const [i, t] of currentWithFurong.slice(0, 3).entries()) {
    moveTo(20 - i * 5, 11);
    await report(district, assignmentOf(t, furong) as Assignment, progressTexts[i], {
      photos: 1 + i,
      percent: 30 + i * 20,
    });
  }
  // Other units report progress too, so the timeline of a task is not one unit's alone.
  for (const [i, name] of ['市编办', '市电子政务办', '天心区人民政府'].entries()) {
    const unitId = unitNamed(name).id;
    const t = currentWithFurong.find((x) => assignmentOf(x, unitId));
    if (!t) continue;
    moveTo(12 - i * 2, 16);
    await report(
      contactsByUnit.get(unitId) as Caller,
      assignmentOf(t, unitId) as Assignment,
      '按计划推进，已完成阶段目标的六成，下周报送阶段小结。',
      {
        photos: 1,
        percent: 60,
      },
    );
  }

  // ── 分解下达: 芙蓉区 splits two of its current tasks to its own departments and streets, with earlier dates;
  // they sign, report with photos, one part is claimed and accepted by the district, one is urged ─────────────
  const street = callers.get('street') as Caller;
  contactsByUnit.set(unitNamed('芙蓉区定王台街道').id, street);
  const subContact = async (name: string, person: string): Promise<Caller> => {
    const unit = unitNamed(name);
    const caller = await bindAs(`demo-contact-${unit.id}`, unit.id, 'contact', person);
    contactsByUnit.set(unit.id, caller);
    return caller;
  };
  const fagai = await subContact('芙蓉区发展和改革局', '郑联络员');
  const zhengwu = await subContact('芙蓉区政务服务中心', '冯联络员');
  const wenyilu = await subContact('芙蓉区文艺路街道', '褚联络员');
  let partCount = 0;
  const splitDemo = async (
    t: Task,
    parts: { unit: string; earlier: number; role?: 'lead' | 'responsible'; note?: string }[],
  ): Promise<Map<string, Assignment>> => {
    const parent = assignmentOf(t, furong) as Assignment;
    const out = (await run(district, 'splitAssignment', {
      assignmentId: parent.id,
      parts: parts.map((p) => ({
        unitId: unitNamed(p.unit).id,
        role: p.role,
        due: parent.dueDate ? addDays(parent.dueDate, -p.earlier) : undefined,
        note: p.note,
      })),
    })) as { parts: { id: string; unitName: string }[] };
    partCount += out.parts.length;
    const byUnit = new Map<string, Assignment>();
    for (const p of out.parts) byUnit.set(p.unitName, (await rt.store.getAssignment(p.id)) as Assignment);
    return byUnit;
  };
  const [splitA, splitB] = currentWithFurong.filter((t) => bandOf(t.seq) === 'green');
  if (splitA) {
    moveTo(18, 9);
    const parts = await splitDemo(splitA, [
      { unit: '芙蓉区发展和改革局', earlier: 10, role: 'lead', note: '牵头梳理本区事项清单，汇总各街道情况' },
      { unit: '芙蓉区政务服务中心', earlier: 7, note: '负责窗口设置和系统对接' },
      { unit: '芙蓉区定王台街道', earlier: 7, note: '负责街道便民服务站落实' },
    ]);
    moveTo(17, 10);
    for (const [name, caller] of [
      ['芙蓉区发展和改革局', fagai],
      ['芙蓉区定王台街道', street],
    ] as const) {
      await run(caller, 'acknowledge', { assignmentId: (parts.get(name) as Assignment).id });
    }
    moveTo(12, 15);
    await report(street, parts.get('芙蓉区定王台街道') as Assignment, '街道便民服务站已完成窗口改造，附现场照片。', {
      photos: 2,
      percent: 60,
    });
    moveTo(9, 11);
    const claimId = await report(
      fagai,
      parts.get('芙蓉区发展和改革局') as Assignment,
      '本区事项清单已梳理完毕并公布，共 312 项，附清单和公布截图，申请办结。',
      { photos: 2, percent: 100, claimDone: true },
    );
    moveTo(8, 16);
    await run(district, 'reviewReport', { reportId: claimId, decision: 'accept' });
    moveTo(4, 10);
    await run(district, 'urge', {
      assignmentIds: [(parts.get('芙蓉区政务服务中心') as Assignment).id],
      message: '窗口设置进度滞后，请于本周内报送进展。',
    });
  }
  if (splitB) {
    moveTo(10, 9);
    const parts = await splitDemo(splitB, [
      { unit: '芙蓉区政务服务中心', earlier: 5 },
      { unit: '芙蓉区文艺路街道', earlier: 5, note: '请结合社区服务站一并推进' },
    ]);
    moveTo(9, 10);
    await run(zhengwu, 'acknowledge', { assignmentId: (parts.get('芙蓉区政务服务中心') as Assignment).id });
    moveTo(6, 14);
    await report(wenyilu, parts.get('芙蓉区文艺路街道') as Assignment, '已召开街道部署会，明确各社区责任人。', {
      photos: 1,
      percent: 30,
    });
  }

  // ── a completion claim returned by the lead unit, and one waiting for review ───────────────
  const centreTasks = tasks.filter((t) => bandOf(t.seq) === 'green' && !EARLY_DONE.includes(t.seq) && ledByCentre(t));
  const returnedOn = centreTasks.find((t) => assignmentOf(t, furong));
  if (returnedOn) {
    moveTo(6, 10);
    const id = await report(
      district,
      assignmentOf(returnedOn, furong) as Assignment,
      '本区相关工作已全部完成，申请办结。',
      {
        photos: 1,
        percent: 100,
        claimDone: true,
      },
    );
    moveTo(5, 15);
    await run(lead, 'reviewReport', {
      reportId: id,
      decision: 'return',
      reason: '照片未体现办结情况，请补充系统上线截图和验收材料后重新提交。',
    });
  }
  const tianxin = unitNamed('天心区人民政府').id;
  const pendingOn = centreTasks.find((t) => t !== returnedOn && assignmentOf(t, tianxin));
  if (pendingOn) {
    moveTo(2, 10);
    await report(
      contactsByUnit.get(tianxin) as Caller,
      assignmentOf(pendingOn, tianxin) as Assignment,
      '天心区已完成全部事项梳理和窗口设置，验收材料见附件照片，申请办结。',
      {
        photos: 2,
        percent: 100,
        claimDone: true,
      },
    );
  }

  // ── extensions: one approved, one waiting ─────────────────────────────────────
  const yuhua = unitNamed('雨花区人民政府').id;
  const red = tasks.filter((t) => bandOf(t.seq) === 'red');
  const approvedOn = red.find((t) => assignmentOf(t, yuhua));
  if (approvedOn) {
    moveTo(9, 10);
    const ext = (await run(contactsByUnit.get(yuhua) as Caller, 'requestExtension', {
      assignmentId: (assignmentOf(approvedOn, yuhua) as Assignment).id,
      newDue: new Date(Date.parse(rt.clock.now()) + 30 * DAY).toISOString().slice(0, 10),
      reason: '系统对接需省级平台配合，省平台接口 12 月上线，申请延期一个月。',
    })) as { extension: { id: string } };
    moveTo(8, 15);
    await run(supervisor, 'decideExtension', {
      extensionId: ext.extension.id,
      approve: true,
      note: '同意，请按新时限完成。',
    });
  }
  const pendingExtOn = red.find((t) => t !== approvedOn && assignmentOf(t, furong));
  if (pendingExtOn) {
    moveTo(3, 9);
    await run(district, 'requestExtension', {
      assignmentId: (assignmentOf(pendingExtOn, furong) as Assignment).id,
      newDue: new Date(Date.parse(rt.clock.now()) + 21 * DAY).toISOString().slice(0, 10),
      reason: '涉及街道（社区）便民服务站改造，施工期需三周，申请延期。',
    });
  }

  // ── late completions: some units have caught up on part of their overdue work (none of the two tasks urged
  // below), so the units' ranking on the dashboard tells them apart ───────────────────────────────────────────
  const catchingUp = CONTACT_UNITS.map((name) => unitNamed(name).id).filter((id) => id !== yuhua && id !== furong);
  for (const [i, unitId] of catchingUp.entries()) {
    const caller = contactsByUnit.get(unitId) as Caller;
    const late = red
      .slice(2)
      .filter((t) => t !== approvedOn && t !== pendingExtOn && assignmentOf(t, unitId))
      .slice(0, i % 4);
    for (const t of late) {
      const a = assignmentOf(t, unitId) as Assignment;
      moveTo(7 - (i % 5), 10);
      const id = await report(caller, a, '已补办完成（逾期办结），相关材料已补充报送，请审核。', {
        photos: 1,
        percent: 100,
        claimDone: true,
      });
      moveTo(6 - (i % 5), 16);
      await run(reviewerFor(t, a), 'reviewReport', { reportId: id, decision: 'accept' });
    }
  }

  // ── urges on overdue work ──────────────────────────────────────────────────────
  moveTo(1, 10);
  const urged = red
    .slice(0, 2)
    .flatMap((t) =>
      (assignmentsOf.get(t.id) ?? []).filter((a) => a.status !== 'closed' && a.unitId !== yuhua).slice(0, 3),
    );
  if (urged.length > 0) {
    await run(supervisor, 'urge', {
      assignmentIds: urged.map((a) => a.id),
      message: '该项工作已逾期，请于本周五前报送进展并说明原因。',
    });
  }

  // ── a leader's instruction (领导批示) on a task 芙蓉区 works on ───────────────────
  const instructed = currentWithFurong[0];
  if (instructed) {
    moveTo(1, 15);
    await run(callers.get('viewer') as Caller, 'writeInstruction', {
      taskId: instructed.id,
      text: '请各责任单位对照时间节点加快推进，月底前报送阶段成效。',
    });
  }

  moveTo(0, 9);
  const dashboard = (await run(supervisor, 'dashboard', {})) as Dashboard;
  return {
    tasks: tasks.length,
    assignments: [...assignmentsOf.values()].reduce((n, list) => n + list.length, 0),
    reports: requestSeq,
    contacts: contactsByUnit.size,
    extraContacts: extra,
    parts: partCount,
    counts: dashboard.counts,
  };
}
