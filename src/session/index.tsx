/**
 * Who is using the app: one session shared by every page (a React context; not the core `Store` port). Nothing
 * but the bind page is reachable until the session is ready (see RequireSession).
 */
import Taro from '@tarojs/taro';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type PropsWithChildren } from 'react';
import type { MeView } from '../../core/api/contract';
import { api, ApiError, clearSessionEnd, getToken, setToken, takeEnteredOnTasks, UNBOUND_CODES } from '../api';
import { zh } from '../i18n/zh-CN';
import { releaseEarlyView } from '../lib/earlyView';
import { dropPrefetch, rememberHome, takeMe, TASKS_PAGE } from './prefetch';

export type SessionStatus = 'loading' | 'unbound' | 'ready' | 'error';

export interface Session {
  status: SessionStatus;
  me: MeView | null;
  error: ApiError | null;
  /** After binding or a demo login. */
  signIn(me: MeView, token?: string): void;
  /** Reload `me` (credits, role). */
  refresh(): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

export const BIND_PAGE = '/pages/bind/index';

/** Where a role starts: contacts on their tasks, supervisors and leaders on the dashboard, admins in 管理. */
export function homeFor(me: MeView): string {
  if (me.user.role === 'supervisor' || me.user.role === 'viewer') return '/pages/dashboard/index';
  if (me.user.role === 'admin') return '/pages/admin/index/index';
  return '/pages/tasks/index';
}

export function SessionProvider({ children }: PropsWithChildren) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [me, setMe] = useState<MeView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const refresh = useCallback(async () => {
    // The browser has no WeChat identity: without a token there is nobody to ask about.
    if (process.env.TARO_ENV === 'h5' && !getToken()) {
      setStatus('unbound');
      return;
    }
    const entered = takeEnteredOnTasks();
    try {
      const next = await (takeMe() ?? api.me());
      rememberHome(homeFor(next));
      setMe(next);
      setError(null);
      setStatus('ready');
      // opened on the task list by index.html (the last home): another role's home now goes there instead
      if (entered && homeFor(next) !== TASKS_PAGE) {
        // the snapshot of the list index.html showed is not this home
        releaseEarlyView();
        void Taro.reLaunch({ url: homeFor(next) });
      }
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('INTERNAL', zh.error.unknown);
      if (UNBOUND_CODES.has(err.code)) {
        setToken(undefined);
        rememberHome(null);
        dropPrefetch();
        setMe(null);
        setStatus('unbound');
        // not on the launch page, which sends an unbound official to binding: go there from here
        if (entered) void Taro.reLaunch({ url: BIND_PAGE });
      } else {
        releaseEarlyView();
        setError(err);
        setStatus('error');
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback((next: MeView, token?: string) => {
    if (token) setToken(token);
    // bound again: the reason the last session ended is told no more
    clearSessionEnd();
    dropPrefetch();
    rememberHome(homeFor(next));
    setMe(next);
    setError(null);
    setStatus('ready');
  }, []);

  const signOut = useCallback(() => {
    setToken(undefined);
    dropPrefetch();
    rememberHome(null);
    setMe(null);
    setStatus('unbound');
    void Taro.reLaunch({ url: BIND_PAGE });
  }, []);

  const value = useMemo<Session>(
    () => ({ status, me, error, signIn, refresh, signOut }),
    [status, me, error, signIn, refresh, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
