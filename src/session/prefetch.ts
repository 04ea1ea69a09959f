/**
 * A returning official's first screen without waiting twice: as soon as the app's code runs (before React renders
 * and the router loads the first page) it asks for `me`, and, when the last session's home was the task list (or
 * is not known yet: contacts are most users), the list's first page beside it, instead of after `me` answered
 * and the page mounted. The session and the tasks page each take their answer once (`takeMe`,
 * `takeFirstTasksPage`). On h5 index.html sends the same two requests even earlier, before the app's scripts are
 * read (config/earlyRequests.ts), and this takes their answers. Nothing is kept across identities: binding, a demo login and signing out drop it.
 */
import Taro from '@tarojs/taro';
import type { ActionInput, ActionOutput, MeView } from '../../core/api/contract';
import { api, getToken, takeEarly } from '../api';
import { forgetTasksSnapshot } from '../lib/earlyView';

const HOME_KEY = 'duban.home';
export const TASKS_PAGE = '/pages/tasks/index';
/** The first page of the task list as the tasks page asks for it with no filter and no search. */
export const FIRST_TASKS_PAGE = { page: 1, pageSize: 20 } satisfies ActionInput<'listMyTasks'>;
/** An answer older than this is not shown as current: the page asks again. */
const FRESH_MS = 30_000;

type TasksPage = ActionOutput<'listMyTasks'>;
let pending: { at: number; result: Promise<TasksPage> } | null = null;
let pendingMe: Promise<MeView> | null = null;

function rememberedHome(): string {
  try {
    return (Taro.getStorageSync(HOME_KEY) as string) || '';
  } catch {
    return '';
  }
}

/** Notes where this official starts, for the next start. */
export function rememberHome(home: string | null): void {
  try {
    if (home) Taro.setStorageSync(HOME_KEY, home);
    else Taro.removeStorageSync(HOME_KEY);
  } catch {
    // storage full or unavailable: the next start simply does not prefetch
  }
}

/** At start (app.tsx, when its module runs), for someone who has a session: `me` and the home's data now. */
export function prefetchAtStart(): void {
  // The browser has no WeChat identity: without a token there is nobody to ask about.
  if (process.env.TARO_ENV === 'h5' && !getToken()) return;
  // on h5, index.html may have sent both already (config/earlyRequests.ts): take those answers
  pendingMe = takeEarly('me', {}) ?? api.me();
  pendingMe.catch(() => undefined);
  const home = rememberedHome();
  if (home !== '' && home !== TASKS_PAGE) return;
  const result = takeEarly('listMyTasks', FIRST_TASKS_PAGE) ?? api.listMyTasks(FIRST_TASKS_PAGE);
  // a failure is seen by whoever takes the answer; nobody taking it is not an error
  result.catch(() => undefined);
  pending = { at: Date.now(), result };
}

/** Forgets the prefetched answers and the list's snapshot (another identity, or the session ended). */
export function dropPrefetch(): void {
  pending = null;
  pendingMe = null;
  forgetTasksSnapshot();
}

/** The `me` asked for at start, once; null when the session must ask itself. */
export function takeMe(): Promise<MeView> | null {
  const p = pendingMe;
  pendingMe = null;
  return p;
}

/** The prefetched first page of the task list, once and while fresh; null when the page must ask itself. */
export function takeFirstTasksPage(): Promise<TasksPage> | null {
  const p = pending;
  pending = null;
  if (!p || Date.now() - p.at > FRESH_MS) return null;
  return p.result;
}
