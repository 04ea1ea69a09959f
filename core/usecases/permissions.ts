/**
 * Who may do what: ONE table of every action for every role. `dispatch` checks the role here before a use case
 * runs; the use case then checks the scope against the record acted on (whose unit, who leads the task) with
 * `requireScope`. A test walks the whole table (permissions.test.ts).
 *
 * Roles: `unbound` (nobody has bound an invite code), `contact` (联络员 of a unit), `leadContact` (a contact whose
 * unit leads the record at hand: its unit leads the task, or split the assignment at hand to its own units (分解下达):
 * derived per record, not stored), `supervisor` (督查室), `admin`, `viewer` (领导, read-only).
 *
 * Levels: `all` for a supervisor, admin or viewer means all within its reach (core/org/levels.ts `reachOf`): the
 * whole table for one bound at the city, its own subtree for one bound to a district (ScopeTarget.inReach).
 */
import type { ActionName } from '../api/contract';
import type { Instant, User } from '../model';
import { notAllowed, notBound, outOfScope, userRemoved } from '../errors';

export type Role = 'unbound' | 'contact' | 'leadContact' | 'supervisor' | 'admin' | 'viewer';
export const ROLES: readonly Role[] = ['unbound', 'contact', 'leadContact', 'supervisor', 'admin', 'viewer'];

/**
 * - `all`: on anything;
 * - `ownUnit`: only on the caller's own unit's assignments (and the tasks they belong to);
 * - `ledTasks`: only on other units' assignments of tasks the caller's unit leads, and on the parts its unit split;
 * - `parts`: only on the parts the caller's unit split from its own assignments (分解下达), not on a task it leads;
 * - `self`: only about the caller itself;
 * - `none`: refused.
 */
export type Scope = 'all' | 'ownUnit' | 'ledTasks' | 'parts' | 'self' | 'none';

type Row = Record<Role, Scope>;

/**
 * Actions a runtime serves itself, outside `dispatch` (they carry files or open a fresh environment), checked
 * against the same table by the runtime with `mayAttempt`:
 * - `upload` (local server): a photo for a report;
 * - `uploadDocument` (local server): a responsibility table for `importPlan`;
 * - `uploadPrefix` (CloudBase): the storage folder the caller uploads photos and tables into;
 * - `bootstrap` (CloudBase): the first administrator of a fresh environment, gated by DUBAN_BOOTSTRAP_CODE.
 */
export const RUNTIME_ACTIONS = ['upload', 'uploadDocument', 'uploadPrefix', 'bootstrap'] as const;
export type RuntimeAction = (typeof RUNTIME_ACTIONS)[number];
/** Every action the table has a row for: the contract's and the runtimes' own. */
export type PermissionAction = ActionName | RuntimeAction;

const open: Row = {
  unbound: 'all',
  contact: 'all',
  leadContact: 'all',
  supervisor: 'all',
  admin: 'all',
  viewer: 'all',
};
const anyBoundSelf: Row = {
  unbound: 'none',
  contact: 'self',
  leadContact: 'self',
  supervisor: 'self',
  admin: 'self',
  viewer: 'self',
};
const anyBoundAll: Row = {
  unbound: 'none',
  contact: 'all',
  leadContact: 'all',
  supervisor: 'all',
  admin: 'all',
  viewer: 'all',
};
const contactsOwnUnit: Row = {
  unbound: 'none',
  contact: 'ownUnit',
  leadContact: 'ownUnit',
  supervisor: 'none',
  admin: 'none',
  viewer: 'none',
};
const supervisorOnly: Row = {
  unbound: 'none',
  contact: 'none',
  leadContact: 'none',
  supervisor: 'all',
  admin: 'none',
  viewer: 'none',
};
const adminOnly: Row = {
  unbound: 'none',
  contact: 'none',
  leadContact: 'none',
  supervisor: 'none',
  admin: 'all',
  viewer: 'none',
};
const overseers: Row = {
  unbound: 'none',
  contact: 'none',
  leadContact: 'none',
  supervisor: 'all',
  admin: 'all',
  viewer: 'all',
};

/** The supervisors, and a lead unit on the tasks it leads (a unit on the parts it split: `ledTasks` covers both). */
const supervisorsAndLeads: Row = {
  unbound: 'none',
  contact: 'none',
  leadContact: 'ledTasks',
  supervisor: 'all',
  admin: 'none',
  viewer: 'none',
};
const supervisorsAndAdmins: Row = {
  unbound: 'none',
  contact: 'none',
  leadContact: 'none',
  supervisor: 'all',
  admin: 'all',
  viewer: 'none',
};

function deskReaders(): Row {
  return {
    unbound: 'none',
    contact: 'none',
    leadContact: 'ledTasks',
    supervisor: 'all',
    admin: 'all',
    viewer: 'all',
  };
}

/** Who may open a task (getTask, and its units on demand: listTaskUnits): its own units' contacts, the overseers. */
const taskReaders: Row = {
  unbound: 'none',
  contact: 'ownUnit',
  leadContact: 'ownUnit',
  supervisor: 'all',
  admin: 'all',
  viewer: 'all',
};

export const PERMISSIONS: Record<PermissionAction, Row> = {
  // binding: anyone may look at and use a code (a bound user rebinding moves to the code's unit and role)
  previewInvite: open,
  bind: open,
  demoLogin: open, // exists only in demo mode (the runtime refuses it otherwise)
  me: anyBoundSelf,
  // tasks: contacts see their unit's; supervisors, admins and viewers see all
  listMyTasks: anyBoundSelf,
  getTask: taskReaders,
  acknowledge: contactsOwnUnit,
  // reports: a unit reports on its own assignments; a lead unit reviews the responsible units of its tasks
  submitReport: contactsOwnUnit,
  reviewQueue: supervisorsAndLeads,
  reviewReport: supervisorsAndLeads,
  // extensions: a supervisor decides, and so does a unit on the parts it split (within its own due date)
  requestExtension: contactsOwnUnit,
  decideExtension: { ...supervisorOnly, leadContact: 'parts' },
  // urging: supervisors any open assignment (within their reach); a lead unit the other units of the tasks it leads;
  // a unit the parts it split (ledTasks covers both)
  urge: supervisorsAndLeads,
  // dashboard and circular: the overseers
  dashboard: overseers,
  exportCircular: overseers,
  // administration
  importPlan: adminOnly,
  confirmImport: adminOnly,
  listDirectory: anyBoundAll,
  saveUnit: adminOnly,
  addAlias: adminOnly,
  setGroupMembers: adminOnly,
  narrowTaskGroup: supervisorsAndAdmins,
  createInvite: adminOnly,
  listInvites: adminOnly,
  revokeInvite: adminOnly,
  getSettings: supervisorsAndAdmins,
  updateSettings: adminOnly,
  previewTemplate: adminOnly,
  listAudit: adminOnly,
  // reminders
  recordSubscription: anyBoundSelf,
  myMessages: anyBoundSelf,
  // plans (issue 9): correcting an import, withdrawing it, archiving a plan; any bound user may list them to filter
  editPreview: adminOnly,
  listPlans: anyBoundAll,
  withdrawImport: adminOnly,
  archivePlan: adminOnly,
  // reporting cycles and leaders' instructions
  listCycles: supervisorsAndAdmins,
  // a task's own cycle also by its lead unit (it answers for the whole task); plans and stages by admins only
  setCycle: { ...adminOnly, leadContact: 'ledTasks' },
  removeCycle: { ...adminOnly, leadContact: 'ledTasks' },
  writeInstruction: {
    unbound: 'none',
    contact: 'none',
    leadContact: 'none',
    supervisor: 'all',
    admin: 'none',
    viewer: 'all',
  },
  // the supervisor's desk: the whole table and a unit's page for the overseers; a lead unit sees the tasks it leads
  listTasks: deskReaders(),
  unitOverview: deskReaders(),
  inbox: anyBoundSelf,
  // offboarding
  listUnitUsers: adminOnly,
  removeUser: adminOnly,
  // runtime-only actions (RUNTIME_ACTIONS)
  upload: anyBoundSelf, // a photo lands in the caller's own files; submitReport accepts only the caller's photos
  uploadDocument: adminOnly, // only importPlan reads it
  uploadPrefix: open, // derived from the caller's OPENID alone: it reveals nothing and grants nothing by itself
  bootstrap: open, // the runtime opens it only while DUBAN_BOOTSTRAP_CODE is set and no admin exists
  // 分解下达: a unit gives its own assignment on to units of its subtree, and withdraws a part it gave
  splitAssignment: contactsOwnUnit,
  withdrawPart: { ...contactsOwnUnit, contact: 'none', leadContact: 'parts' },
  // disk usage: the whole deployment's admins (the use case refuses one bound to a district)
  storageUsage: adminOnly,
  // CloudBase: what a person uploaded straight to storage, their own files only (the use case checks the folder)
  // (a viewer writes nothing but 批示, and reports nothing)
  noteUploads: { ...anyBoundSelf, viewer: 'none' },
  // a task's units on demand (getTask's `others`): whoever may open the task, by the same rule
  listTaskUnits: taskReaders,
};

/** The stored role of a caller, as the table names it (a contact is `contact` until a task makes it a lead). */
export function baseRole(user: User | null): Role {
  return user ? user.role : 'unbound';
}

/**
 * The role-level gate `dispatch` applies: a contact passes when either contact role may act
 * (whether it leads the task at hand is checked by the use case).
 */
export function mayAttempt(action: PermissionAction, user: User | null): boolean {
  const row = PERMISSIONS[action];
  const role = baseRole(user);
  if (role === 'contact') return row.contact !== 'none' || row.leadContact !== 'none';
  return row[role] !== 'none';
}

/** Refuses a caller the table does not let through, with the error a user understands. */
export function refuse(action: PermissionAction, user: User | null, removedAt?: Instant | null): never {
  if (!user && removedAt) throw userRemoved({ action });
  if (!user) throw notBound({ action });
  throw notAllowed({ action });
}

/** `mayAttempt`, or the refusal a user understands (NOT_BOUND, USER_REMOVED or FORBIDDEN). */
export function requireAttempt(action: PermissionAction, user: User | null, removedAt?: Instant | null): void {
  if (!mayAttempt(action, user)) refuse(action, user, removedAt);
}

/**
 * The scope of a bound caller for an action, given whether its unit leads the record at hand (leads its task, or
 * split it: a part of the caller's unit's own assignment).
 */
export function scopeOf(action: ActionName, user: User, leadsTask: boolean, splitByCaller = false): Scope {
  const role: Role = user.role === 'contact' && (leadsTask || splitByCaller) ? 'leadContact' : user.role;
  return PERMISSIONS[action][role];
}

/**
 * Checks a bound caller against the record acted on: `unitId` is the unit the record belongs to,
 * `leadsTask` whether the caller's unit leads the record's task. Throws FORBIDDEN otherwise.
 */
export function requireScope(action: ActionName, user: User, target: ScopeTarget): Scope {
  const scope = scopeOf(action, user, target.leadsTask, target.splitByCaller);
  if (!scopeCovers(scope, user, target)) throw outOfScope({ action, scope });
  return scope;
}

export interface ScopeTarget {
  unitId: string | null;
  /** Whether the caller's unit leads the record's task (for a part: never; its splitting unit leads it). */
  leadsTask: boolean;
  /** Whether the record is a part the caller's unit split from its own assignment (分解下达). */
  splitByCaller?: boolean;
  /**
   * Whether the record lies within the reach of a supervisor, admin or viewer (core/org/levels.ts: the whole table
   * at the city, the district's subtree for one bound to a district). Contacts ignore it: their scopes say more.
   */
  inReach: boolean;
}

/** Whether `requireScope` would let the caller through (for the `can` flags of getTask: the same rule, no throw). */
export function inScope(action: ActionName, user: User, target: ScopeTarget): boolean {
  return scopeCovers(scopeOf(action, user, target.leadsTask, target.splitByCaller), user, target);
}

function scopeCovers(scope: Scope, user: User, target: ScopeTarget): boolean {
  const other = target.unitId !== user.unitId;
  return (
    (scope === 'all' && (user.role === 'contact' || target.inReach)) ||
    scope === 'self' ||
    (scope === 'ownUnit' && target.unitId === user.unitId) ||
    (scope === 'ledTasks' && (target.leadsTask || target.splitByCaller === true) && other) ||
    (scope === 'parts' && target.splitByCaller === true && other)
  );
}
