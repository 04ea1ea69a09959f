import { useCallback, useState } from 'react';
import { toast, toastError } from './feedback';

/** What to say when an action succeeded: a sentence, one made from the result, or nothing. */
export type Done<T> = string | ((result: T) => string) | null;

export interface ActionRunner {
  /** True while an action runs: buttons show it (loading) and sheets refuse a second tap. */
  busy: boolean;
  /**
   * Runs one action the official asked for: busy while it runs; on success a toast (`done`), then `after` (close
   * a sheet, go back) and the page's reload; on failure the server's Chinese sentence as a toast. Resolves true
   * when the action succeeded.
   */
  run<T>(call: () => Promise<T>, done?: Done<T>, after?: (result: T) => void): Promise<boolean>;
}

/**
 * The busy → call → toast → reload pattern of the pages that change something. `reload` (usually the page's
 * `useAsync(...).reload`) runs after every successful action.
 */
export function useAction(reload?: () => Promise<unknown>): ActionRunner {
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(call: () => Promise<T>, done: Done<T> = null, after?: (result: T) => void): Promise<boolean> => {
      setBusy(true);
      try {
        const result = await call();
        const message = typeof done === 'function' ? done(result) : done;
        if (message) toast(message);
        after?.(result);
        if (reload) await reload();
        return true;
      } catch (e) {
        toastError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [reload],
  );
  return { busy, run };
}
