import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { TextSize } from '../../components/TextSize';
import { BIND_PAGE, homeFor, useSession } from '../../session';

/** The launch page: a bound official goes to the home of their role, anyone else to binding. */
export default function Launch() {
  const { status, me, error, refresh } = useSession();
  useEffect(() => {
    if (status === 'unbound') void Taro.redirectTo({ url: BIND_PAGE });
    else if (status === 'ready' && me) void Taro.redirectTo({ url: homeFor(me) });
  }, [status, me]);
  return (
    <>
      <TextSize />
      {status === 'error' && error ? <ErrorState error={error} onRetry={() => void refresh()} /> : <LoadingState />}
    </>
  );
}
