/**
 * Walks the WHOLE permission table: every action for every role, on a record in the caller's scope (allowed
 * exactly when the table says so), and, for the scoped rows, on a record outside it (refused).
 */
import type { ActionName } from '../api/contract';
import type { User } from '../model';
import { makeTestRuntime, type SmallPlan, type TestWorld } from '../testing/world';
import {
  mayAttempt,
  PERMISSIONS,
  refuse,
  RUNTIME_ACTIONS,
  ROLES,
  type PermissionAction,
  type Role,
} from './permissions';
import { servedActions } from './index';

interface Scene {
  w: TestWorld;
  plan: SmallPlan;
  users: Record<Exclude<Role, 'unbound'>, User>;
  admin: User;
}

const TABLE_TSV = [
  '工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间',
  '试点推进\t开展权限测试专项工作\t市编办\t芙蓉区人民政府\t2026年6月',
].join('\n');

async function scene(): Promise<Scene> {
  const w = await makeTestRuntime();
  const plan = await w.importSmallPlan();
  const users = {
    // 天心区 is responsible on t1 only and leads nothing
    contact: await w.addUser('district-tianxin', 'contact', '天心联络员'),
    // 市编办 leads t1 and t3, and is responsible on t2
    leadContact: await w.addUser('city-bianban', 'contact', '编办联络员'),
    supervisor: await w.addUser('city-ducha', 'supervisor', '督查室'),
    admin: await w.addUser('city-ducha', 'admin', '管理员'),
    viewer: await w.addUser('city-youhua', 'viewer', '领导'),
  };
  return { w, plan, users, admin: users.admin };
}

async function invite(s: Scene): Promise<string> {
  return (await s.w.call(s.admin, 'createInvite', { unitId: 'district-yuelu', role: 'contact' })).code;
}

async function claim(s: Scene, unitId: string, taskKey: 't1' | 't2' | 't3'): Promise<string> {
  const contact = await s.w.addUser(unitId, 'contact');
  const { report } = await s.w.call(contact, 'submitReport', {
    assignmentId: s.plan.a[`${taskKey}:${unitId}`],
    requestId: `claim-${unitId}-${taskKey}`,
    text: '已完成，请审核',
    claimDone: true,
  });
  return report.id;
}

/** A unit below `parentId` (分解下达 needs a subtree), made once per scene. */
async function subUnit(s: Scene, parentId: string, id: string): Promise<string> {
  if (!(await s.w.store.getUnit(id))) {
    await s.w.store.saveUnit({ id, name: `下级单位${id}`, aliases: [], kind: 'other', parentId });
  }
  return id;
}

/**
 * A part 市编办 (the lead contact's unit) split from its t1 assignment to a unit below it, due 2026-03-20 (before
 * t1's own date): the record the `parts` scope covers.
 */
async function bianbanPart(s: Scene): Promise<string> {
  const unitId = await subUnit(s, 'city-bianban', 'sub-bianban');
  const { parts } = await s.w.call(s.users.leadContact, 'splitAssignment', {
    assignmentId: s.plan.a['t1:city-bianban'],
    parts: [{ unitId, due: '2026-03-20' }],
  });
  return parts[0].id;
}

/** The caller's own assignment for the assignment-scoped actions. */
function own(s: Scene, role: Role): string {
  if (role === 'leadContact') return s.plan.a['t1:city-bianban'];
  return s.plan.a['t1:district-tianxin'];
}

/** A valid payload for each action, on a record in scope for `role`. */
const PAYLOADS: Record<Exclude<ActionName, 'demoLogin'>, (s: Scene, role: Role) => Promise<unknown>> = {
  previewInvite: async (s) => ({ code: await invite(s) }),
  bind: async (s) => ({ code: await invite(s) }),
  me: async () => ({}),
  listMyTasks: async () => ({ light: 'overdue' }),
  getTask: async () => ({ taskId: 't1' }),
  acknowledge: async (s, role) => ({ assignmentId: own(s, role) }),
  submitReport: async (s, role) => ({ assignmentId: own(s, role), requestId: 'r1', text: '推进中' }),
  reviewQueue: async () => ({}),
  reviewReport: async (s) => ({ reportId: await claim(s, 'district-furong', 't1'), decision: 'accept' }),
  requestExtension: async (s, role) => ({ assignmentId: own(s, role), newDue: '2026-12-31', reason: '需协调' }),
  decideExtension: async (s, role) => {
    if (role === 'leadContact') {
      // the unit that split a part decides its request within its own due date
      const part = await bianbanPart(s);
      const partContact = await s.w.addUser('sub-bianban', 'contact');
      const { extension } = await s.w.call(partContact, 'requestExtension', {
        assignmentId: part,
        newDue: '2026-03-25',
        reason: '需协调',
      });
      return { extensionId: extension.id, approve: true };
    }
    const contact = await s.w.addUser('district-furong', 'contact');
    const { extension } = await s.w.call(contact, 'requestExtension', {
      assignmentId: s.plan.a['t1:district-furong'],
      newDue: '2026-12-31',
      reason: '需协调',
    });
    return { extensionId: extension.id, approve: true };
  },
  // a lead unit urges a unit of a task it leads (市编办 leads t3)
  urge: async (s, role) => ({
    assignmentIds: [s.plan.a[role === 'leadContact' ? 't3:district-furong' : 't2:district-furong']],
    message: '请抓紧办理',
  }),
  dashboard: async () => ({}),
  exportCircular: async () => ({}),
  importPlan: async () => ({ fileName: 'plan.txt', base64: Buffer.from(TABLE_TSV).toString('base64') }),
  confirmImport: async (s) => {
    const preview = await s.w.call(s.admin, 'importPlan', {
      fileName: 'plan.txt',
      base64: Buffer.from(TABLE_TSV).toString('base64'),
    });
    return { previewId: preview.previewId };
  },
  listDirectory: async () => ({}),
  saveUnit: async () => ({ name: '市新设单位' }),
  addAlias: async () => ({ targetId: 'city-bianban', alias: '长沙编办' }),
  setGroupMembers: async () => ({ groupId: 'group-parks', members: ['park-jingkai'] }),
  narrowTaskGroup: async () => ({ taskId: 't1', groupId: 'group-districts', keepUnitIds: ['district-furong'] }),
  createInvite: async () => ({ unitId: 'district-furong', role: 'contact' }),
  listInvites: async () => ({}),
  revokeInvite: async (s) => ({ code: await invite(s) }),
  getSettings: async () => ({}),
  updateSettings: async () => ({ yellowDays: 5 }),
  previewTemplate: async () => ({
    kind: 'due',
    template: { templateId: 'T', fields: [{ key: 'thing1', value: 'task' }] },
  }),
  listAudit: async () => ({}),
  recordSubscription: async () => ({ results: {} }),
  myMessages: async () => ({}),
  editPreview: async (s) => {
    const preview = await s.w.call(s.admin, 'importPlan', {
      fileName: 'plan.txt',
      base64: Buffer.from(TABLE_TSV).toString('base64'),
    });
    return { previewId: preview.previewId, edits: [{ seq: 1, deadline: '2026年9月' }] };
  },
  listPlans: async () => ({}),
  withdrawImport: async (s) => ({ planId: s.plan.planId }),
  archivePlan: async (s) => ({ planId: s.plan.planId }),
  listCycles: async () => ({}),
  // a lead contact sets the cycle of a task its unit leads (市编办 leads t1), everyone else a plan's
  setCycle: async (s, role) =>
    role === 'leadContact'
      ? { taskId: 't1', rule: { every: 'week', weekday: 5 }, start: '2026-01-01' }
      : { planId: s.plan.planId, rule: { every: 'month', day: 28 }, start: '2026-01-01' },
  removeCycle: async (s, role) => {
    const c = await s.w.call(s.admin, 'setCycle', {
      planId: s.plan.planId,
      taskId: role === 'leadContact' ? 't1' : 't2',
      rule: { every: 'week', weekday: 5 },
      start: '2026-01-01',
    });
    return { cycleId: c.id };
  },
  writeInstruction: async () => ({ taskId: 't1', text: '请加快推进', leaderName: '陈市长' }),
  listTasks: async () => ({ q: '专项' }),
  unitOverview: async () => ({ unitId: 'district-furong' }),
  inbox: async () => ({}),
  listUnitUsers: async () => ({ unitId: 'district-furong' }),
  removeUser: async (s) => ({ userId: (await s.w.addUser('district-furong', 'contact')).id }),
  splitAssignment: async (s, role) => {
    const mine = own(s, role);
    const unitId = await subUnit(s, role === 'leadContact' ? 'city-bianban' : 'district-tianxin', `sub-${role}`);
    return { assignmentId: mine, parts: [{ unitId }] };
  },
  withdrawPart: async (s) => ({ assignmentId: await bianbanPart(s) }),
  storageUsage: async () => ({}),
  // the caller's own upload (a role refused never gets to the ownership check)
  noteUploads: async (s, role) => ({
    fileIds: [s.w.files.put(`uploads/${role}/a.jpg`, callerFor(s, role)?.principal ?? 'nobody')],
  }),
  listTaskUnits: async () => ({ taskId: 't1' }),
};

/** For scoped rows: a payload on a record OUTSIDE the role's scope. */
const OUT_OF_SCOPE: Partial<Record<ActionName, (s: Scene, role: Role) => Promise<unknown>>> = {
  // a contact acting on another unit's assignment
  acknowledge: async (s) => ({ assignmentId: s.plan.a['t1:district-furong'] }),
  submitReport: async (s) => ({ assignmentId: s.plan.a['t1:district-furong'], requestId: 'x', text: '代报' }),
  requestExtension: async (s) => ({
    assignmentId: s.plan.a['t1:district-furong'],
    newDue: '2026-12-31',
    reason: '代为申请',
  }),
  // a task the caller's unit has no part in (天心区 is not on t2; 市编办 is not on… every task, so use t2 for 天心)
  getTask: async (s, role) => ({ taskId: role === 'contact' ? 't2' : 'none-such' }),
  listTaskUnits: async (s, role) => ({ taskId: role === 'contact' ? 't2' : 'none-such' }),
  // a lead contact reviewing its own unit's claim (市编办 on t2) or a claim of a task it does not lead
  reviewReport: async (s) => ({ reportId: await claim(s, 'city-bianban', 't2'), decision: 'accept' }),
  // 分解下达: splitting another unit's assignment; urging, deciding for or withdrawing what the caller did not split
  splitAssignment: async (s) => ({
    assignmentId: s.plan.a['t1:district-furong'],
    parts: [{ unitId: await subUnit(s, 'district-furong', 'sub-furong') }],
  }),
  urge: async (s) => ({ assignmentIds: [s.plan.a['t2:district-furong']], message: '请抓紧办理' }),
  decideExtension: async (s) => {
    const contact = await s.w.addUser('district-furong', 'contact');
    const { extension } = await s.w.call(contact, 'requestExtension', {
      assignmentId: s.plan.a['t1:district-furong'],
      newDue: '2026-12-31',
      reason: '需协调',
    });
    return { extensionId: extension.id, approve: true };
  },
  // a lead contact on a task its unit is on but does not lead (市编办 on t2), and on a whole plan's cycle
  setCycle: async () => ({ taskId: 't2', rule: { every: 'week', weekday: 5 }, start: '2026-01-01' }),
  removeCycle: async (s) => {
    const c = await s.w.call(s.admin, 'setCycle', {
      planId: s.plan.planId,
      rule: { every: 'month', day: 28 },
      start: '2026-01-01',
    });
    return { cycleId: c.id };
  },
  withdrawPart: async (s) => {
    const furong = await s.w.addUser('district-furong', 'contact');
    const unitId = await subUnit(s, 'district-furong', 'sub-furong');
    const { parts } = await s.w.call(furong, 'splitAssignment', {
      assignmentId: s.plan.a['t1:district-furong'],
      parts: [{ unitId }],
    });
    return { assignmentId: parts[0].id };
  },
};

function rowFor(action: ActionName, role: Role): string {
  return PERMISSIONS[action][role];
}

function callerFor(s: Scene, role: Role): User | null {
  return role === 'unbound' ? null : s.users[role];
}

/**
 * The policy (who may do what, as the README's "Who uses it" describes the roles), written out independently of
 * permissions.ts so that a change to the table is a deliberate change here too. Order: unbound, contact,
 * leadContact, supervisor, admin, viewer.
 */
const POLICY: Record<PermissionAction, string> = {
  previewInvite: 'all all all all all all',
  bind: 'all all all all all all',
  demoLogin: 'all all all all all all',
  me: 'none self self self self self',
  listMyTasks: 'none self self self self self',
  getTask: 'none ownUnit ownUnit all all all',
  acknowledge: 'none ownUnit ownUnit none none none',
  submitReport: 'none ownUnit ownUnit none none none',
  reviewQueue: 'none none ledTasks all none none',
  reviewReport: 'none none ledTasks all none none',
  requestExtension: 'none ownUnit ownUnit none none none',
  decideExtension: 'none none parts all none none',
  urge: 'none none ledTasks all none none',
  dashboard: 'none none none all all all',
  exportCircular: 'none none none all all all',
  importPlan: 'none none none none all none',
  confirmImport: 'none none none none all none',
  listDirectory: 'none all all all all all',
  saveUnit: 'none none none none all none',
  addAlias: 'none none none none all none',
  setGroupMembers: 'none none none none all none',
  narrowTaskGroup: 'none none none all all none',
  createInvite: 'none none none none all none',
  listInvites: 'none none none none all none',
  revokeInvite: 'none none none none all none',
  getSettings: 'none none none all all none',
  updateSettings: 'none none none none all none',
  previewTemplate: 'none none none none all none',
  listAudit: 'none none none none all none',
  recordSubscription: 'none self self self self self',
  myMessages: 'none self self self self self',
  editPreview: 'none none none none all none',
  listPlans: 'none all all all all all',
  withdrawImport: 'none none none none all none',
  archivePlan: 'none none none none all none',
  listCycles: 'none none none all all none',
  setCycle: 'none none ledTasks none all none',
  removeCycle: 'none none ledTasks none all none',
  writeInstruction: 'none none none all none all',
  listTasks: 'none none ledTasks all all all',
  unitOverview: 'none none ledTasks all all all',
  inbox: 'none self self self self self',
  listUnitUsers: 'none none none none all none',
  removeUser: 'none none none none all none',
  // the runtimes' own actions
  upload: 'none self self self self self',
  uploadDocument: 'none none none none all none',
  uploadPrefix: 'all all all all all all',
  bootstrap: 'all all all all all all',
  splitAssignment: 'none ownUnit ownUnit none none none',
  withdrawPart: 'none none parts none none none',
  storageUsage: 'none none none none all none',
  noteUploads: 'none self self self self none',
  listTaskUnits: 'none ownUnit ownUnit all all all',
};

describe('the permission table', () => {
  it('is the written policy, role by role', () => {
    for (const action of Object.keys(POLICY) as PermissionAction[]) {
      expect([action, ROLES.map((r) => PERMISSIONS[action][r]).join(' ')]).toEqual([action, POLICY[action]]);
    }
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(POLICY).sort());
  });

  it('lists every action of the API contract, and dispatch serves all but the runtime’s demoLogin', () => {
    const served = servedActions().sort();
    const runtimeOnly: readonly string[] = RUNTIME_ACTIONS;
    const table = Object.keys(PERMISSIONS)
      .filter((a) => a !== 'demoLogin' && !runtimeOnly.includes(a))
      .sort();
    expect(served).toEqual(table);
    expect(Object.keys(PAYLOADS).sort()).toEqual(table);
    for (const a of RUNTIME_ACTIONS) expect([a, (served as string[]).includes(a)]).toEqual([a, false]);
  });

  describe('the runtime-only actions (checked by the runtime with mayAttempt)', () => {
    for (const action of RUNTIME_ACTIONS) {
      it(`${action}: every role as its row says`, async () => {
        const s = await scene();
        try {
          for (const role of ROLES.filter((r) => r !== 'leadContact')) {
            const caller = callerFor(s, role);
            const allowed = PERMISSIONS[action][role] !== 'none';
            expect([action, role, mayAttempt(action, caller)]).toEqual([action, role, allowed]);
            if (!allowed) {
              expect(() => refuse(action, caller)).toThrow(
                expect.objectContaining({ code: role === 'unbound' ? 'NOT_BOUND' : 'FORBIDDEN' }),
              );
            }
          }
        } finally {
          s.w.close();
        }
      });
    }

    it('a refusal addresses the user as 您', () => {
      expect(() => refuse('uploadDocument', null)).toThrow(/您/);
    });
  });

  const actions = Object.keys(PAYLOADS) as Exclude<ActionName, 'demoLogin'>[];
  for (const action of actions) {
    describe(action, () => {
      for (const role of ROLES) {
        const scope = rowFor(action, role);
        it(`${role}: ${scope === 'none' ? 'refused' : `allowed (${scope})`}`, async () => {
          const s = await scene();
          try {
            const payload = await PAYLOADS[action](s, role);
            const call = s.w.call(callerFor(s, role), action, payload);
            if (scope === 'none') {
              await expect(call).rejects.toMatchObject({ code: role === 'unbound' ? 'NOT_BOUND' : 'FORBIDDEN' });
            } else {
              await expect(call).resolves.toBeDefined();
            }
          } finally {
            s.w.close();
          }
        });
        const outside = OUT_OF_SCOPE[action];
        if (outside && (scope === 'ownUnit' || scope === 'ledTasks' || scope === 'parts')) {
          it(`${role}: refused outside its scope`, async () => {
            const s = await scene();
            try {
              const payload = await outside(s, role);
              await expect(s.w.call(callerFor(s, role), action, payload)).rejects.toMatchObject({
                code: payload && (payload as { taskId?: string }).taskId === 'none-such' ? 'NOT_FOUND' : 'FORBIDDEN',
              });
            } finally {
              s.w.close();
            }
          });
        }
      }
    });
  }

  it('a viewer cannot write anything', async () => {
    const writes = actions.filter(
      (a) =>
        ![
          'previewInvite',
          'bind',
          'me',
          'listMyTasks',
          'getTask',
          'reviewQueue',
          'dashboard',
          'exportCircular',
          'listDirectory',
          'listInvites',
          'getSettings',
          'listAudit',
          'recordSubscription',
          'myMessages',
          'listPlans',
          'listCycles',
          // the one thing a leader writes: a 批示 (issue 11)
          'writeInstruction',
          'listTasks',
          'unitOverview',
          'inbox',
          'listUnitUsers',
          'storageUsage',
          'listTaskUnits',
        ].includes(a),
    );
    for (const a of writes) expect([a, PERMISSIONS[a].viewer]).toEqual([a, 'none']);
    expect(PERMISSIONS.writeInstruction.viewer).toBe('all');
  });

  it('demoLogin is not something dispatch runs: the runtime answers it in demo mode only', async () => {
    const s = await scene();
    await expect(s.w.call(null, 'demoLogin', { as: 'admin' })).rejects.toMatchObject({ code: 'UNKNOWN_ACTION' });
    s.w.close();
  });
});
