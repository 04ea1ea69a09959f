/**
 * Typed functions, one per action of core/api/contract.ts. Pages call these and never build requests by hand.
 * Errors arrive as ApiError with the server's Chinese sentence.
 */
import type { ActionInput, ActionName, ActionOutput } from '../../core/api/contract';
import { call } from './transport';

type Fn<A extends ActionName> =
  Record<string, never> extends ActionInput<A>
    ? (input?: ActionInput<A>) => Promise<ActionOutput<A>>
    : (input: ActionInput<A>) => Promise<ActionOutput<A>>;

function action<A extends ActionName>(name: A): Fn<A> {
  return ((input?: ActionInput<A>) => call(name, (input ?? {}) as ActionInput<A>)) as Fn<A>;
}

/** Every action of the contract, each typed by its own action: a contract entry missing here does not compile. */
export const api: { [A in ActionName]: Fn<A> } = {
  previewInvite: action('previewInvite'),
  bind: action('bind'),
  me: action('me'),
  demoLogin: action('demoLogin'),
  listMyTasks: action('listMyTasks'),
  getTask: action('getTask'),
  acknowledge: action('acknowledge'),
  submitReport: action('submitReport'),
  reviewQueue: action('reviewQueue'),
  reviewReport: action('reviewReport'),
  requestExtension: action('requestExtension'),
  decideExtension: action('decideExtension'),
  urge: action('urge'),
  dashboard: action('dashboard'),
  exportCircular: action('exportCircular'),
  importPlan: action('importPlan'),
  confirmImport: action('confirmImport'),
  listDirectory: action('listDirectory'),
  saveUnit: action('saveUnit'),
  addAlias: action('addAlias'),
  setGroupMembers: action('setGroupMembers'),
  narrowTaskGroup: action('narrowTaskGroup'),
  createInvite: action('createInvite'),
  listInvites: action('listInvites'),
  revokeInvite: action('revokeInvite'),
  getSettings: action('getSettings'),
  updateSettings: action('updateSettings'),
  previewTemplate: action('previewTemplate'),
  listAudit: action('listAudit'),
  recordSubscription: action('recordSubscription'),
  myMessages: action('myMessages'),
  editPreview: action('editPreview'),
  listPlans: action('listPlans'),
  withdrawImport: action('withdrawImport'),
  archivePlan: action('archivePlan'),
  listCycles: action('listCycles'),
  setCycle: action('setCycle'),
  removeCycle: action('removeCycle'),
  writeInstruction: action('writeInstruction'),
  listTasks: action('listTasks'),
  unitOverview: action('unitOverview'),
  inbox: action('inbox'),
  listUnitUsers: action('listUnitUsers'),
  removeUser: action('removeUser'),
  splitAssignment: action('splitAssignment'),
  withdrawPart: action('withdrawPart'),
  storageUsage: action('storageUsage'),
  noteUploads: action('noteUploads'),
  listTaskUnits: action('listTaskUnits'),
};

export { ApiError, isApiError, UNBOUND_CODES } from './errors';
export { clearSessionEnd, readSessionEnd, type SessionEnd } from './sessionEnd';
export { getToken, setToken } from './token';
export { uploadPhoto, uploadImportFile, type UploadProgress } from './upload';
export { openCircular } from './download';
export { serverIsDemo } from './server';
export { takeEarly } from './transport';
export { earlyRequests, takeEnteredOnTasks } from './earlyRequests';
