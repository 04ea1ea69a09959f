import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { BIND_PAGE, homeFor, useSession } from '../../session';

/** The launch page: a bound official goes to the home of their role, anyone else to binding. */
export default function Launch() {
  const { status, me, error, refresh } = useSession();
  useEffect(() => {
    if (status === 'unbound') void Taro.redirectTo({ url: BIND_PAGE });
    else if (status === 'ready' && me) void Taro.redirectTo({ url: homeFor(me) });
  }, [status, me]);
  if (status === 'error' && error) return <ErrorState error={error} onRetry={() => void refresh()} />;
  return <LoadingState />;
}
