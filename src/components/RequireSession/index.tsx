import Taro from '@tarojs/taro';
import { useEffect, type ReactNode } from 'react';
import type { MeView } from '../../../core/api/contract';
import type { UserRole } from '../../../core/model';
import { BIND_PAGE, homeFor, useSession } from '../../session';
import { ErrorState, LoadingState } from '../StateViews';
import { TextSize } from '../TextSize';

/**
 * Nothing but the bind page is reachable before binding: every other page renders through this gate.
 * `roles` keeps a page to the roles that may use it (the server checks again).
 */
export function RequireSession({ roles, children }: { roles?: UserRole[]; children: (me: MeView) => ReactNode }) {
  const { status, me, error, refresh } = useSession();
  const allowed = !roles || (me !== null && roles.includes(me.user.role));

  useEffect(() => {
    // In the browser every page shares one window: a page opened from a scrolled one starts at its top.
    if (process.env.TARO_ENV === 'h5') window.scrollTo(0, 0);
  }, []);

  useEffect(() => {
    if (status === 'unbound') void Taro.reLaunch({ url: BIND_PAGE });
    else if (status === 'ready' && me && !allowed) void Taro.reLaunch({ url: homeFor(me) });
  }, [status, me, allowed]);

  // The text size comes first: on weapp it is the page's page-meta, which must be the page's first node.
  return (
    <>
      <TextSize />
      {status === 'error' && error ? (
        <ErrorState error={error} onRetry={() => void refresh()} />
      ) : status !== 'ready' || !me || !allowed ? (
        <LoadingState />
      ) : (
        children(me)
      )}
    </>
  );
}
