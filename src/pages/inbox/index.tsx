/**
 * 待办 (the inbox, every role): what waits for the caller — claims to review, extensions to decide, the unit's
 * returned reports, unread urges — newest first; each item opens its task. Reviewers can subscribe to the review
 * messages here (the 'review' tap of core/subscribe.ts).
 */
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useRef } from 'react';
import { INBOX_KINDS, type InboxItem, type MeView } from '../../../core/api/contract';
import { api } from '../../api';
import { RequireSession } from '../../components/RequireSession';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { TabBar } from '../../components/TabBar';
import { zh } from '../../i18n/zh-CN';
import { chineseDateTime } from '../../lib/dates';
import { toast } from '../../lib/feedback';
import { askToSubscribe, templatesToAsk } from '../../lib/subscribe';
import { useAsync } from '../../lib/useAsync';
import './index.scss';

export default function InboxPage() {
  return <RequireSession>{(me) => <Inbox me={me} />}</RequireSession>;
}

function Inbox({ me }: { me: MeView }) {
  const state = useAsync(() => api.inbox(), []);
  const shown = useRef(false);
  const reviews = me.user.role === 'supervisor' || (me.user.role === 'contact' && me.leadsTasks);

  usePullDownRefresh(() => {
    void state.reload().finally(() => void Taro.stopPullDownRefresh());
  });
  useDidShow(() => {
    if (shown.current) void state.reload();
    shown.current = true;
  });

  function open(item: InboxItem) {
    void Taro.navigateTo({ url: `/pages/task/index?id=${encodeURIComponent(item.taskId)}` });
  }

  function subscribe() {
    void askToSubscribe(me, 'review').then((r) => {
      if (r) toast(r.accepted > 0 ? zh.me.subscribed(r.accepted) : zh.me.subscribeNone);
    });
  }

  const box = state.data;
  return (
    <View className="page page--with-tabbar inbox">
      {reviews && process.env.TARO_ENV === 'weapp' && templatesToAsk(me, 'review').length > 0 ? (
        <View className="card inbox__subscribe">
          <Text className="inbox__subscribe-hint">{zh.desk.subscribeReviewHint}</Text>
          <Button size="small" type="primary" onClick={subscribe}>
            {zh.desk.subscribeReview}
          </Button>
        </View>
      ) : null}
      {state.loading && !box ? (
        <LoadingState />
      ) : state.error && !box ? (
        <ErrorState error={state.error} onRetry={() => void state.reload()} />
      ) : !box || box.total === 0 ? (
        <EmptyState title={zh.desk.inboxEmpty} hint={zh.desk.inboxEmptyHint} />
      ) : (
        <View>
          <View className="inbox__counts">
            {INBOX_KINDS.filter((k) => box.counts[k] > 0).map((k) => (
              <Text key={k} className={`inbox__count inbox__count--${k}`}>
                {zh.desk.inboxKind[k]} {box.counts[k]}
              </Text>
            ))}
          </View>
          {box.items.map((item) => (
            <View key={`${item.kind}:${item.id}`} className="card inbox__item" role="button" onClick={() => open(item)}>
              <View className="row-between">
                <Text className={`inbox__kind inbox__kind--${item.kind}`}>{zh.desk.inboxKind[item.kind]}</Text>
                <Text className="inbox__time">{chineseDateTime(item.at)}</Text>
              </View>
              <Text className="inbox__task">
                {zh.task.seq(item.seq)} · {item.content}
              </Text>
              <Text className="inbox__unit">{item.unitName}</Text>
              {item.note ? <Text className="inbox__note">{item.note}</Text> : null}
            </View>
          ))}
        </View>
      )}
      <TabBar current="inbox" badges={{ inbox: box?.total ?? 0 }} />
    </View>
  );
}
