/**
 * A returning official's first screen without waiting twice: the app remembers the home of the last session's
 * role, and when that is the task list it asks for the list's first page at start, beside `me`, instead of
 * after `me` answered and the page mounted. The tasks page takes that answer once (see `takeFirstTasksPage`).
 * Nothing is kept across identities: binding, a demo login and signing out drop it.
 */
import Taro from '@tarojs/taro';
import type { ActionInput, ActionOutput } from '../../core/api/contract';
import { api } from '../api';

const HOME_KEY = 'duban.home';
export const TASKS_PAGE = '/pages/tasks/index';
/** The first page of the task list as the tasks page asks for it with no filter and no search. */
export const FIRST_TASKS_PAGE = { page: 1, pageSize: 20 } satisfies ActionInput<'listMyTasks'>;
/** An answer older than this is not shown as current: the page asks again. */
const FRESH_MS = 30_000;

type TasksPage = ActionOutput<'listMyTasks'>;
let pending: { at: number; result: Promise<TasksPage> } | null = null;

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

/** At start, for someone who has a session: the home's data is asked for now. */
export function prefetchHome(): void {
  if (rememberedHome() !== TASKS_PAGE) return;
  const result = api.listMyTasks(FIRST_TASKS_PAGE);
  // a failure is seen by whoever takes the answer; nobody taking it is not an error
  result.catch(() => undefined);
  pending = { at: Date.now(), result };
}

/** Forgets a prefetched answer (another identity, or signed out). */
export function dropPrefetch(): void {
  pending = null;
}

/** The prefetched first page of the task list, once and while fresh; null when the page must ask itself. */
export function takeFirstTasksPage(): Promise<TasksPage> | null {
  const p = pending;
  pending = null;
  if (!p || Date.now() - p.at > FRESH_MS) return null;
  return p.result;
}
