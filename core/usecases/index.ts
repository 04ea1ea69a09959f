/**
 * The one entry of the use cases, for both runtimes: the local server (`POST /api/<action>`) and the `api` cloud
 * function (`{ action, payload }`). `dispatch` checks the caller's role against PERMISSIONS, validates the payload
 * with the use case's zod schema (BAD_INPUT naming the field), runs it, and turns unexpected failures into INTERNAL.
 *
 * Adding an action: the whole checklist (about ten steps, and which of them the compiler catches) is in
 * docs/architecture.md, "Adding an action: the checklist".
 */
import type { ActionName, ActionOutput } from '../api/contract';
import { internal, isDubanError, unknownAction } from '../errors';
import type { UseCase } from './define';
import { mayAttempt, refuse } from './permissions';
import type { Caller, Runtime } from './runtime';
import type { Reach } from '../org/levels';
import { badInput } from './validate';
import { acknowledge } from './acknowledge';
import { addAlias } from './addAlias';
import { confirmImport } from './confirmImport';
import { dashboard } from './dashboard';
import { exportCircular } from './exportCircular';
import { getSettings } from './getSettings';
import { importPlan } from './importPlan';
import { listAudit } from './listAudit';
import { listDirectory } from './listDirectory';
import { narrowTaskGroup } from './narrowTaskGroup';
import { saveUnit } from './saveUnit';
import { setGroupMembers } from './setGroupMembers';
import { updateSettings } from './updateSettings';
import { previewTemplate } from './previewTemplate';
import { bind } from './bind';
import { createInvite } from './createInvite';
import { decideExtension } from './decideExtension';
import { getTask } from './getTask';
import { listInvites } from './listInvites';
import { listMyTasks } from './listMyTasks';
import { me } from './me';
import { previewInvite } from './previewInvite';
import { requestExtension } from './requestExtension';
import { reviewQueue } from './reviewQueue';
import { reviewReport } from './reviewReport';
import { revokeInvite } from './revokeInvite';
import { submitReport } from './submitReport';
import { urge } from './urge';
import { recordSubscription } from './recordSubscription';
import { myMessages } from './myMessages';
import { editPreview } from './editPreview';
import { listPlans } from './listPlans';
import { withdrawImport } from './withdrawImport';
import { archivePlan } from './archivePlan';
import { listCycles, removeCycle, setCycle } from './setCycle';
import { writeInstruction } from './writeInstruction';
import { listTasks } from './listTasks';
import { unitOverview } from './unitOverview';
import { inbox } from './inbox';
import { listUnitUsers, removeUser } from './offboarding';
import { storageUsage } from './storage';
import { noteUploads } from './noteUploads';
import { listTaskUnits } from './listTaskUnits';
import { cleanInput } from '../text/clean';
import { splitAssignment } from './splitAssignment';
import { withdrawPart } from './withdrawPart';

export type { Caller, Runtime, Context, BoundContext } from './runtime';
export { PERMISSIONS, ROLES } from './permissions';
export type { Role, Scope } from './permissions';

export { seedDirectory } from './seedDirectory';

/** The actions a runtime answers itself, never through `dispatch` (the demo login of the local server). */
export type RuntimeOwnAction = 'demoLogin';
/** The actions `dispatch` runs: every action of the contract but the runtime's own. */
export type ServedAction = Exclude<ActionName, RuntimeOwnAction>;

// One use case per served action, each typed by its own action: a contract entry without its use case, or a use
// case listed under another action's key, does not compile.
const USE_CASES: { [A in ServedAction]: UseCase<A> } = {
  previewInvite,
  bind,
  me,
  createInvite,
  listInvites,
  revokeInvite,
  listMyTasks,
  getTask,
  acknowledge,
  submitReport,
  reviewQueue,
  reviewReport,
  requestExtension,
  decideExtension,
  urge,
  dashboard,
  exportCircular,
  importPlan,
  confirmImport,
  listDirectory,
  saveUnit,
  addAlias,
  setGroupMembers,
  narrowTaskGroup,
  getSettings,
  updateSettings,
  listAudit,
  previewTemplate,
  recordSubscription,
  myMessages,
  editPreview,
  listPlans,
  withdrawImport,
  archivePlan,
  listCycles,
  setCycle,
  removeCycle,
  writeInstruction,
  listTasks,
  unitOverview,
  inbox,
  listUnitUsers,
  removeUser,
  splitAssignment,
  withdrawPart,
  storageUsage,
  noteUploads,
  listTaskUnits,
};

function isServed(action: string): action is ServedAction {
  return Object.prototype.hasOwnProperty.call(USE_CASES, action);
}

/** Actions `dispatch` runs (demoLogin is the runtime's own). */
export function servedActions(): ServedAction[] {
  return Object.keys(USE_CASES) as ServedAction[];
}

export async function dispatch<A extends ActionName>(
  rt: Runtime,
  caller: Caller,
  action: A,
  payload: unknown,
): Promise<ActionOutput<A>>;
export async function dispatch(rt: Runtime, caller: Caller, action: string, payload: unknown): Promise<unknown>;
export async function dispatch(rt: Runtime, caller: Caller, action: string, payload: unknown): Promise<unknown> {
  return runAdmitted(rt, caller, admit(caller, action, payload));
}

/** An action its caller was let in to: known, allowed by its PERMISSIONS row, its input parsed by its schema. */
export interface Admitted {
  action: ServedAction;
  input: unknown;
}

/**
 * The gate of `dispatch`, before any use case runs: the action served, the caller allowed by its permission row,
 * the payload cleaned (format characters out, lone surrogates refused: core/text/clean.ts) and parsed. The local
 * server passes a heavy action's gate on the request thread and runs it in its worker (server/worker/pool.ts).
 */
export function admit(caller: Caller, action: string, payload: unknown): Admitted {
  if (!isServed(action)) {
    throw unknownAction(String(action), { action: String(action).slice(0, 100) });
  }
  if (!mayAttempt(action, caller.user)) refuse(action, caller.user, caller.removedAt);
  const parsed = USE_CASES[action].schema.safeParse(cleanInput(payload ?? {}));
  if (!parsed.success) throw badInput(parsed.error);
  if (USE_CASES[action].needsUser && !caller.user) refuse(action, null, caller.removedAt);
  return { action, input: parsed.data };
}

/**
 * Runs an action `admit` let in. `scope.reach`: the caller's reach when it was resolved already (by the thread
 * that admitted it); the use case resolves it itself otherwise.
 */
export async function runAdmitted(
  rt: Runtime,
  caller: Caller,
  admitted: Admitted,
  scope: { reach?: Reach } = {},
): Promise<unknown> {
  const useCase = USE_CASES[admitted.action] as UseCase;
  const now = rt.clock.now();
  try {
    if (useCase.needsUser && caller.user) {
      return await useCase.run({ rt, caller, now, user: caller.user, ...scope }, admitted.input as never);
    }
    return await useCase.run({ rt, caller, now }, admitted.input as never);
  } catch (e) {
    if (isDubanError(e)) throw e;
    throw internal({ action: admitted.action }, e);
  }
}
