/**
 * A whole use-case runtime on a real SQLite store for tests: fixed clock, sequential ids, a recording Messenger,
 * a ContentCheck double and Files in memory, with the Changsha directory seeded. Reuse it:
 *
 *   const w = await makeTestRuntime();                    // 2026-03-10 10:00 Beijing time
 *   const admin = await w.addUser('city-ducha', 'admin');
 *   await w.call(admin, 'createInvite', { unitId: 'district-furong', role: 'contact' });
 *   const plan = await w.importSmallPlan();               // three tasks: green, red, yellow
 */
import type { ActionName, ActionOutput } from '../../../core/api/contract';
import type { Assignment, Directory, Instant, Task, User, UserRole } from '../../../core/model';
import type { ReminderStore } from '../../../core/ports/reminders';
import { dispatch, type Caller, type Runtime } from '../../../core/usecases';
import { seedDirectory } from '../../../core/usecases/seedDirectory';
import { consumeInvite } from '../../../core/usecases/inviteRules';
import {
  FixedClock,
  MemoryFiles,
  RecordingMessenger,
  ScriptedContentCheck,
  SequentialIds,
} from '../../../core/usecases/testing';
import { addDays, beijingDate } from '../../../core/time';
import { demoDirectory } from '../../../data';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './index';

/** 2026-03-10 10:00 Beijing time. */
export const TEST_NOW = '2026-03-10T02:00:00.000Z';

export interface TestWorld {
  rt: Runtime;
  store: SqliteStore;
  clock: FixedClock;
  ids: SequentialIds;
  messenger: RecordingMessenger;
  contentCheck: ScriptedContentCheck;
  files: MemoryFiles;
  /** The caller a bound user is (principal = the user's principal). */
  callerOf(user: User | null, throttleKey?: string): Caller;
  /** Calls an action as `user` (null: an unbound caller). */
  call<A extends ActionName>(user: User | null, action: A, payload?: unknown): Promise<ActionOutput<A>>;
  /** A user bound to a unit with a role (through an invite written straight to the store). */
  addUser(unitId: string, role: UserRole, name?: string): Promise<User>;
  /** Imports three tasks straight into the store (see SmallPlan). */
  importSmallPlan(): Promise<SmallPlan>;
  close(): void;
}

/**
 * t1 (green, due in 20 days): 市编办 leads, 区县（市）人民政府 (相关: nine districts) responsible.
 * t2 (red, 3 days overdue): 市政务服务中心 leads, 市编办 and 芙蓉区人民政府 responsible.
 * t3 (yellow, due in 3 days): 市编办 leads, 芙蓉区人民政府 responsible.
 */
export interface SmallPlan {
  planId: string;
  tasks: { t1: Task; t2: Task; t3: Task };
  /** Assignment ids by `<task>:<unit id>`, e.g. `t1:district-furong`. */
  a: Record<string, string>;
}

export async function makeTestRuntime(
  options: {
    now?: Instant;
    directory?: Directory;
    path?: string;
    store?: SqliteStoreOptions;
    reminders?: (store: SqliteStore) => ReminderStore;
  } = {},
): Promise<TestWorld> {
  const store = openSqliteStore(options.path ?? ':memory:', options.store);
  const clock = new FixedClock(options.now ?? TEST_NOW);
  const ids = new SequentialIds();
  const messenger = new RecordingMessenger();
  const contentCheck = new ScriptedContentCheck();
  const files = new MemoryFiles();
  const rt: Runtime = {
    store,
    files,
    messenger,
    contentCheck,
    clock,
    ids,
    demo: false,
    reminders: options.reminders?.(store),
  };
  await seedDirectory(store, options.directory ?? demoDirectory());
  let users = 0;

  const callerOf = (user: User | null, throttleKey = 'test-ip'): Caller => ({
    principal: user ? user.principal : `anon-${ids.id()}`,
    throttleKey,
    user,
  });

  const world: TestWorld = {
    rt,
    store,
    clock,
    ids,
    messenger,
    contentCheck,
    files,
    callerOf,
    call: (user, action, payload = {}) => dispatch(rt, callerOf(user), action, payload),
    async addUser(unitId, role, name) {
      users += 1;
      const code = `TESTCODE${users}`;
      const at = clock.now();
      await store.createInvite({
        code,
        unitId,
        role,
        createdBy: 'test',
        createdAt: at,
        expiresAt: addDays(beijingDate(at), 7) + 'T00:00:00.000Z',
        usedBy: null,
        usedAt: null,
        revokedAt: null,
      });
      const { user } = await consumeInvite(store, code, at, {
        id: `user-${users}`,
        principal: `principal-${users}`,
        unitId,
        role,
        name: name ?? `${role}${users}`,
        createdAt: at,
      });
      if (!user) throw new Error('test user not created');
      return user;
    },
    async importSmallPlan() {
      const today = beijingDate(clock.now());
      const task = (
        id: string,
        seq: number,
        stage: string,
        content: string,
        due: string,
        lead: string[],
        resp: string[],
      ) =>
        ({
          id,
          planId: 'plan-small',
          seq,
          stage,
          content,
          deadline: { text: due, kind: 'date', start: null, due },
          leadNames: lead,
          responsibleNames: resp,
          relevantGroupIds: id === 't1' ? ['group-districts'] : [],
        }) satisfies Task;
      const t1 = task(
        't1',
        1,
        '建设平台',
        '建成“互联网+政务服务”平台',
        addDays(today, 20),
        ['市编办'],
        ['各相关区县（市）人民政府'],
      );
      const t2 = task(
        't2',
        2,
        '梳理事项',
        '梳理公布“最多跑一次”事项清单',
        addDays(today, -3),
        ['市政务服务中心'],
        ['市编办', '芙蓉区人民政府'],
      );
      const t3 = task('t3', 3, '梳理事项', '开展专项督查并通报', addDays(today, 3), ['市编办'], ['芙蓉区人民政府']);
      const districts = (await store.getGroup('group-districts'))?.members ?? [];
      const rows: [Task, string, Assignment['role']][] = [
        [t1, 'city-bianban', 'lead'],
        ...districts.map((d): [Task, string, Assignment['role']] => [t1, d, 'responsible']),
        [t2, 'city-zwfw', 'lead'],
        [t2, 'city-bianban', 'responsible'],
        [t2, 'district-furong', 'responsible'],
        [t3, 'city-bianban', 'lead'],
        [t3, 'district-furong', 'responsible'],
      ];
      const a: Record<string, string> = {};
      const assignments: Assignment[] = rows.map(([t, unitId, role]) => {
        const id = `a-${t.id}-${unitId}`;
        a[`${t.id}:${unitId}`] = id;
        return {
          id,
          taskId: t.id,
          unitId,
          role,
          status: 'assigned',
          dueDate: t.deadline.due,
          originalDueDate: t.deadline.due,
          acknowledgedAt: null,
          closedAt: null,
          lastReportAt: null,
          percent: null,
        };
      });
      await store.importPlan({
        plan: {
          id: 'plan-small',
          title: '测试方案',
          fingerprint: 'small',
          importedAt: clock.now(),
          importedBy: 'test',
        },
        tasks: [t1, t2, t3],
        assignments,
        newUnits: [],
        audit: {
          id: ids.id(),
          at: clock.now(),
          actorId: null,
          action: 'confirmImport',
          target: 'plan:plan-small',
          detail: {},
        },
      });
      return { planId: 'plan-small', tasks: { t1, t2, t3 }, a };
    },
    close: () => store.close(),
  };
  return world;
}

/** Makes one store method fail like a broken disk, for the "unexpected failure" outcome of a use case. */
export function breakStore(world: TestWorld, method: keyof SqliteStore): void {
  const broken = async () => {
    throw new Error('SQLITE_IOERR: disk I/O error');
  };
  Object.defineProperty(world.store, method, { value: broken, configurable: true });
}

/** Expects a call to fail with a DubanError of `code`; returns the error for further checks. */
export async function expectError(
  promise: Promise<unknown>,
  code: string,
): Promise<{ code: string; message: string; detail?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { code: string; message: string; detail?: Record<string, unknown> };
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/[\u4e00-\u9fff]/);
    return err;
  }
  throw new Error(`expected a ${code} error, but the call succeeded`);
}
