import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, UNBOUND_CODES } from '../api';
import { zh } from '../i18n/zh-CN';
import { useSession } from '../session';

export interface AsyncState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): Promise<void>;
  setData(next: T | null): void;
}

export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError('INTERNAL', zh.error.unknown);
}

/**
 * Loads something from the back end, and loads it again whenever the page shows again (coming back from
 * a report or a review) so that what the official sees is current. An unbound caller goes to the bind page.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: unknown[],
  options: { refreshOnShow?: boolean } = {},
): AsyncState<T> {
  const session = useSession();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const lastLoad = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const { signOut } = session;

  const reload = useCallback(async () => {
    lastLoad.current = Date.now();
    setLoading(true);
    try {
      const next = await loadRef.current();
      setData(next);
      setError(null);
    } catch (e) {
      const err = toApiError(e);
      if (UNBOUND_CODES.has(err.code)) signOut();
      setError(err);
    } finally {
      setLoading(false);
    }
  }, [signOut]);

  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  // The first show may come before or after this component mounts (it mounts once the session is ready), so a
  // show is a reason to reload only when something was loaded, and not just now (before the mount effect has
  // run, lastLoad is 0 and the effect is about to load).
  useDidShow(() => {
    if (options.refreshOnShow !== false && lastLoad.current !== 0 && Date.now() - lastLoad.current > 1000) {
      void reload();
    }
  });

  return { data, error, loading, reload, setData };
}
