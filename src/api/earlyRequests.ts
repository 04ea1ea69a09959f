/**
 * What index.html leaves for the app when it sent a returning official's first requests itself
 * (config/earlyRequests.ts writes the script): under `window.__dubanEarly`, the token it used and, per action, the
 * JSON body and the pending `fetch`. `takeEarly` (transport.ts) hands each answer out once, only for the same
 * token and body.
 */
export const EARLY_GLOBAL = '__dubanEarly';

export interface EarlyRequests {
  token: string;
  /** The page opened the app on the task list (the last session's home) instead of the launch page. */
  entered?: boolean;
  sent: Record<string, { body: string; response: Promise<Response> } | undefined>;
  /** The app's scripts as index.html names them: a snapshot of the list is shown only for the build that wrote it. */
  build?: string;
  /** Shown: takes the snapshot of the task list away (src/lib/earlyView.ts). */
  release?: () => void;
  /** The task whose card was tapped on the snapshot, before the app ran. */
  open?: string | null;
}

/** What index.html left for the app, on h5; null elsewhere or when it sent nothing. */
export function earlyRequests(): EarlyRequests | null {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return null;
  return (window as unknown as Record<string, EarlyRequests | undefined>)[EARLY_GLOBAL] ?? null;
}

/**
 * Whether index.html opened the app on the task list directly (h5, a returning contact: see
 * config/earlyRequests.ts), once: the session's first answer decides whether to stay there.
 */
export function takeEnteredOnTasks(): boolean {
  const early = earlyRequests();
  const entered = early?.entered === true;
  if (early) early.entered = false;
  return entered;
}
