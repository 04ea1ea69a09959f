/**
 * The test world every use-case test runs in: a whole Runtime on a real store, with a fixed clock, sequential ids,
 * a recording Messenger, a ContentCheck double, Files in memory and the Changsha directory seeded. The store comes
 * from a factory core does not know: jest registers the SQLite one (server/store/sqlite/worldSetup.ts, listed in
 * jest.config.js), so core never imports server/ or cloudfunctions/.
 *
 *   const { w, plan, users } = useWorld({ smallPlan: true, users: { furong: ['district-furong', 'contact'] } });
 *   it('…', async () => {
 *     await w.call(users.furong, 'acknowledge', { assignmentId: plan.a['t1:district-furong'] });
 *   });
 *
 * `useWorld` makes a fresh world before each test of the file (or of the describe it is called in) and closes it
 * after; `w`, `plan` and each user are live handles on the current test's world, safe to destructure at the top.
 * `makeTestRuntime()` makes one world by hand (close it yourself).
 */
import { newAssignment } from '../assign/lifecycle';
import type { ActionName, ActionOutput } from '../api/contract';
import type { Assignment, Directory, Instant, Task, User, UserRole } from '../model';
import type { ReminderStore } from '../ports/reminders';
import type { Store } from '../ports/store';
import { addDays, beijingDate } from '../time';
import { dispatch, type Caller, type Runtime } from '../usecases';
import { seedDirectory } from '../usecases/seedDirectory';
import {
  FixedClock,
  MemoryFiles,
  RecordingMessenger,
  ScriptedContentCheck,
  SequentialIds,
  undecodablePhotos,
} from '../usecases/testing';
import { consumeInvite } from '../usecases/inviteRules';
import { demoDirectory } from '../../data';
import {
  registeredFactory,
  registeredPhotoProcessor,
  type StoreFactory,
  type StoreFactoryOptions,
  type WorldStores,
} from './stores';

export { registerStoreFactory, type StoreFactory, type StoreFactoryOptions, type WorldStores } from './stores';

/** 2026-03-10 10:00 Beijing time. */
export const TEST_NOW = '2026-03-10T02:00:00.000Z';

export interface TestWorld<S extends Store = Store> {
  rt: Runtime;
  store: S;
  reminders: ReminderStore;
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
  rows: WorldStores['rows'];
  insertAssignment: WorldStores['insertAssignment'];
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

export interface WorldOptions {
  now?: Instant;
  directory?: Directory;
  store?: StoreFactoryOptions;
}

/** One world on the registered store. */
export function makeTestRuntime(options: WorldOptions = {}): Promise<TestWorld> {
  return makeWorld(registeredFactory(), options);
}

/** One world on the stores a factory makes. */
export async function makeWorld<S extends Store>(
  factory: StoreFactory<S>,
  options: WorldOptions = {},
): Promise<TestWorld<S>> {
  const stores = factory(options.store ?? {});
  const { store, reminders } = stores;
  const clock = new FixedClock(options.now ?? TEST_NOW);
  const ids = new SequentialIds();
  const messenger = new RecordingMessenger();
  const contentCheck = new ScriptedContentCheck();
  const files = new MemoryFiles();
  const photos = registeredPhotoProcessor() ?? undecodablePhotos;
  const rt: Runtime = { store, reminders, files, messenger, contentCheck, photos, clock, ids, demo: false };
  await seedDirectory(store, options.directory ?? demoDirectory());
  let users = 0;

  const callerOf = (user: User | null, throttleKey = 'test-ip'): Caller => ({
    principal: user ? user.principal : `anon-${ids.id()}`,
    throttleKey,
    user,
  });

  return {
    rt,
    store,
    reminders,
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
    importSmallPlan: () => importSmallPlan(store, clock, ids),
    rows: (table) => stores.rows(table),
    insertAssignment: (a) => stores.insertAssignment(a),
    close: () => stores.close(),
  };
}

async function importSmallPlan(store: Store, clock: FixedClock, ids: SequentialIds): Promise<SmallPlan> {
  const today = beijingDate(clock.now());
  const task = (id: string, seq: number, stage: string, content: string, due: string, lead: string[], resp: string[]) =>
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
    return newAssignment({ id, taskId: t.id, unitId, role, dueDate: t.deadline.due });
  });
  await store.importPlan({
    plan: { id: 'plan-small', title: '测试方案', fingerprint: 'small', importedAt: clock.now(), importedBy: 'test' },
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
}

const broken = async () => {
  throw new Error('SQLITE_IOERR: disk I/O error');
};

/** Makes one store method fail like a broken disk, for the "unexpected failure" outcome of a use case. */
export function breakStore(world: TestWorld, method: keyof Store): void {
  Object.defineProperty(world.store, method, { value: broken, configurable: true });
}

/** Makes one reminder store method fail like a broken disk. */
export function breakReminders(world: TestWorld, method: keyof ReminderStore): void {
  Object.defineProperty(world.reminders, method, { value: broken, configurable: true });
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

/** The users a test file wants in each world, by the name it uses: `[unit id, role, display name?]`. */
export type UserSpecs = Record<string, [unitId: string, role: UserRole, name?: string]>;

export interface UseWorldOptions<U extends UserSpecs> extends WorldOptions {
  /** Import the small plan (before the users are added). */
  smallPlan?: boolean;
  /** Users added in this order, after the small plan. */
  users?: U;
  /** One world for all the tests (beforeAll / afterAll) instead of a fresh one for each. */
  shared?: boolean;
}

export interface WorldHandles<U extends UserSpecs> {
  /** The current test's world. */
  w: TestWorld;
  /** The current world's small plan (with `smallPlan: true`). */
  plan: SmallPlan;
  /** The current world's users, by the names given in `users`. */
  users: { [K in keyof U]: User };
}

/**
 * Registers the set-up and tear-down of a world for each test (see the module comment) and answers live handles
 * on it. More set-up goes in a `beforeEach` after this call (hooks run in the order they are registered).
 */
export function useWorld<U extends UserSpecs = Record<never, never>>(
  options: UseWorldOptions<U> = {},
): WorldHandles<U> {
  let current: { w: TestWorld; plan: SmallPlan | null; users: Record<string, User> } | null = null;
  const now = () => {
    if (!current) throw new Error('the test world exists only inside a test (useWorld)');
    return current;
  };
  const before = options.shared ? beforeAll : beforeEach;
  const after = options.shared ? afterAll : afterEach;
  before(async () => {
    const w = await makeTestRuntime(options);
    const plan = options.smallPlan ? await w.importSmallPlan() : null;
    const users: Record<string, User> = {};
    for (const [key, [unitId, role, name]] of Object.entries(options.users ?? {})) {
      users[key] = await w.addUser(unitId, role, name);
    }
    current = { w, plan, users };
  });
  after(() => {
    current?.w.close();
    current = null;
  });
  const users = Object.fromEntries(
    Object.keys(options.users ?? {}).map((key) => [key, live(() => now().users[key])]),
  ) as { [K in keyof U]: User };
  return {
    w: live(() => now().w),
    plan: live(() => {
      const { plan } = now();
      if (!plan) throw new Error('no small plan in this world: useWorld({ smallPlan: true })');
      return plan;
    }),
    users,
  };
}

/** An object that reads every property from `target()` at the moment it is read. */
function live<T extends object>(target: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const t = target() as Record<PropertyKey, unknown>;
      const value = t[key];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
    set(_, key, value) {
      (target() as Record<PropertyKey, unknown>)[key] = value;
      return true;
    },
    has: (_, key) => key in target(),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_, key) {
      const d = Reflect.getOwnPropertyDescriptor(target(), key);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}
