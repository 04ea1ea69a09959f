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
}

/**
 * Whether index.html opened the app on the task list directly (h5, a returning contact: see
 * config/earlyRequests.ts), once: the session's first answer decides whether to stay there.
 */
export function takeEnteredOnTasks(): boolean {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return false;
  const early = (window as unknown as Record<string, EarlyRequests | undefined>)[EARLY_GLOBAL];
  const entered = early?.entered === true;
  if (early) early.entered = false;
  return entered;
}
