import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useState } from 'react';
import type { ActionOutput, MeView, ReviewItem } from '../../../core/api/contract';
import { api } from '../../api';
import { PhotoGrid } from '../../components/PhotoGrid';
import { RequireSession } from '../../components/RequireSession';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { TabBar } from '../../components/TabBar';
import { TextPrompt } from '../../components/TextPrompt';
import { zh } from '../../i18n/zh-CN';
import { chineseDate, chineseDateTime } from '../../lib/dates';
import { useAction } from '../../lib/useAction';
import { useAsync } from '../../lib/useAsync';
import { confirmDialog } from '../../lib/feedback';
import { askToSubscribe } from '../../lib/subscribe';
import './index.scss';

type ExtensionItem = ActionOutput<'reviewQueue'>['extensions'][number];
type Prompt = { kind: 'return'; item: ReviewItem } | { kind: 'decide'; item: ExtensionItem; approve: boolean } | null;

export default function ReviewPage() {
  return <RequireSession roles={['contact', 'supervisor']}>{(me) => <Review me={me} />}</RequireSession>;
}

function Review({ me }: { me: MeView }) {
  const state = useAsync(() => api.reviewQueue(), []);
  const [prompt, setPrompt] = useState<Prompt>(null);
  const action = useAction(state.reload);
  // Which item the running action is about, so that only its button shows it.
  const [acting, setActing] = useState<string | null>(null);
  const busy = action.busy ? acting : null;

  usePullDownRefresh(() => {
    void state.reload().finally(() => void Taro.stopPullDownRefresh());
  });

  function run(key: string, call: () => Promise<unknown>, done: string) {
    setActing(key);
    return action.run(call, done, () => setPrompt(null));
  }

  function openTask(taskId: string) {
    void Taro.navigateTo({ url: `/pages/task/index?id=${encodeURIComponent(taskId)}` });
  }

  const data = state.data;
  const count = data ? data.reports.length + data.extensions.length : 0;

  return (
    <View className="page page--with-tabbar review">
      {state.loading && !data ? (
        <LoadingState />
      ) : state.error && !data ? (
        <ErrorState error={state.error} onRetry={() => void state.reload()} />
      ) : !data || count === 0 ? (
        <EmptyState title={zh.review.empty} hint={zh.review.emptyHint} />
      ) : (
        <View>
          {data.reports.length ? (
            <View className="section-title">
              <Text>{zh.review.reportsTitle}</Text>
              <Text className="muted">{zh.common.items(data.reports.length)}</Text>
            </View>
          ) : null}
          {data.reports.map((item) => (
            <View key={item.report.id} className="card review__item">
              <View className="review__task" role="button" onClick={() => openTask(item.taskId)}>
                <Text className="review__seq">{zh.task.seq(item.seq)}</Text>
                <Text className="review__content">{item.content}</Text>
              </View>
              <View className="review__who">
                <Text className="review__unit">{item.report.unitName}</Text>
                <Text className="review__time">{chineseDateTime(item.report.createdAt)}</Text>
              </View>
              <View className="review__badges">
                {item.report.claimDone ? (
                  <Text className="review__badge review__badge--claim">{zh.task.claimDone}</Text>
                ) : null}
                {item.report.percent !== null ? (
                  <Text className="review__badge">{zh.task.percent(item.report.percent)}</Text>
                ) : null}
              </View>
              <Text className="review__text">{item.report.text}</Text>
              <PhotoGrid photos={item.report.photos} />
              <View className="btn-row review__buttons">
                <Button size="large" onClick={() => setPrompt({ kind: 'return', item })}>
                  {zh.review.return}
                </Button>
                <Button
                  size="large"
                  type="primary"
                  loading={busy === item.report.id}
                  onClick={() => {
                    // inside the tap: the reviewer may subscribe to the next claims and requests
                    void askToSubscribe(me, 'review').catch(() => null);
                    // 通过 closes the unit's task: confirmed first, never one stray tap
                    void confirmDialog(zh.desk.confirmAcceptBody(item.report.unitName), zh.desk.confirmAccept).then(
                      (yes) => {
                        if (yes)
                          void run(
                            item.report.id,
                            () => api.reviewReport({ reportId: item.report.id, decision: 'accept' }),
                            zh.review.accepted,
                          );
                      },
                    );
                  }}
                >
                  {zh.review.accept}
                </Button>
              </View>
            </View>
          ))}

          {data.extensions.length ? (
            <View className="section-title">
              <Text>{zh.review.extensionsTitle}</Text>
              <Text className="muted">{zh.common.items(data.extensions.length)}</Text>
            </View>
          ) : null}
          {data.extensions.map((x) => (
            <View key={x.id} className="card review__item">
              <View className="review__task" role="button" onClick={() => openTask(x.taskId)}>
                <Text className="review__seq">{zh.task.seq(x.seq)}</Text>
                <Text className="review__content">{x.content}</Text>
              </View>
              <View className="review__who">
                <Text className="review__unit">{x.unitName}</Text>
                <Text className="review__time">{chineseDateTime(x.createdAt)}</Text>
              </View>
              <Text className="review__badge review__badge--ext">
                {zh.review.requested(x.oldDue ? chineseDate(x.oldDue) : zh.due.noDate, chineseDate(x.newDue))}
              </Text>
              <Text className="review__text">{x.reason}</Text>
              {me.user.role === 'supervisor' ? (
                <View className="btn-row review__buttons">
                  <Button size="large" onClick={() => setPrompt({ kind: 'decide', item: x, approve: false })}>
                    {zh.review.reject}
                  </Button>
                  <Button
                    size="large"
                    type="primary"
                    onClick={() => setPrompt({ kind: 'decide', item: x, approve: true })}
                  >
                    {zh.review.approve}
                  </Button>
                </View>
              ) : null}
            </View>
          ))}
        </View>
      )}

      <TextPrompt
        visible={prompt?.kind === 'return'}
        title={zh.review.returnTitle}
        label={zh.review.reasonLabel}
        placeholder={zh.review.reasonPlaceholder}
        required
        danger
        busy={busy !== null}
        confirmText={zh.review.return}
        onClose={() => setPrompt(null)}
        onConfirm={(reason) => {
          if (prompt?.kind !== 'return') return;
          const id = prompt.item.report.id;
          void run(id, () => api.reviewReport({ reportId: id, decision: 'return', reason }), zh.review.returned);
        }}
      />
      <TextPrompt
        visible={prompt?.kind === 'decide'}
        title={prompt?.kind === 'decide' ? zh.review.decideTitle(prompt.approve) : ''}
        placeholder={zh.review.notePlaceholder}
        busy={busy !== null}
        danger={prompt?.kind === 'decide' && !prompt.approve}
        confirmText={prompt?.kind === 'decide' && !prompt.approve ? zh.review.reject : zh.review.approve}
        onClose={() => setPrompt(null)}
        onConfirm={(note) => {
          if (prompt?.kind !== 'decide') return;
          const { item, approve } = prompt;
          void run(
            item.id,
            () => api.decideExtension({ extensionId: item.id, approve, ...(note ? { note } : {}) }),
            approve ? zh.review.approved : zh.review.rejected,
          );
        }}
      />

      <TabBar current="review" badges={{ review: count }} />
    </View>
  );
}
