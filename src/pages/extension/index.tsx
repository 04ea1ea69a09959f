import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import type { MeView } from '../../../core/api/contract';
import { api } from '../../api';
import { ActionBar } from '../../components/ActionBar';
import { DueText } from '../../components/DueText';
import { Field, TextAreaField } from '../../components/Field';
import { RequireSession } from '../../components/RequireSession';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { zh } from '../../i18n/zh-CN';
import { addDays, chineseDate, todayBeijing } from '../../lib/dates';
import { toast } from '../../lib/feedback';
import { clearFormDraft, loadFormDraft, saveFormDraft } from '../../lib/draft';
import { askToSubscribe } from '../../lib/subscribe';
import { useAction } from '../../lib/useAction';
import { useAsync } from '../../lib/useAsync';
import './index.scss';

export default function ExtensionPage() {
  return <RequireSession roles={['contact']}>{(me) => <Extension me={me} />}</RequireSession>;
}

function Extension({ me }: { me: MeView }) {
  const router = useRouter();
  const assignmentId = decodeURIComponent(router.params.assignmentId ?? '');
  const taskId = decodeURIComponent(router.params.taskId ?? '');
  const state = useAsync(() => api.getTask({ taskId }), [taskId], { refreshOnShow: false });
  // what the official wrote survives going back and coming again (cleared once the request is in)
  const draftName = `extension.${assignmentId}`;
  const [draft] = useState(() => loadFormDraft<{ newDue: string; reason: string }>(draftName));
  const [newDue, setNewDue] = useState(draft?.newDue ?? '');
  const [reason, setReason] = useState(draft?.reason ?? '');
  const { busy, run } = useAction();
  useEffect(() => {
    if (newDue || reason) saveFormDraft(draftName, { newDue, reason });
  }, [draftName, newDue, reason]);

  if (state.loading && !state.data) return <LoadingState />;
  if (state.error || !state.data) return <ErrorState error={state.error!} onRetry={() => void state.reload()} />;
  const detail = state.data;
  const mine = detail.assignments.find((a) => a.id === assignmentId);
  const current = mine?.dueDate ?? null;
  const today = todayBeijing();
  // The earliest new date is the day after the current one (or tomorrow); the picker opens a month later.
  const start = addDays(current && current > today ? current : today, 1);
  const suggested = addDays(start, 29);
  const pending = detail.extensions.find((x) => x.assignmentId === assignmentId && x.status === 'pending');

  async function submit() {
    if (!newDue) return toast(zh.extension.needDate);
    if (current && newDue <= current) return toast(zh.extension.mustBeLater);
    if (!reason.trim()) return toast(zh.extension.needReason);
    // Still inside the tap: the popup asks for the decision's message and the new due date's reminders.
    void askToSubscribe(me, 'extension').catch(() => null);
    await run(
      () => api.requestExtension({ assignmentId, newDue, reason: reason.trim() }),
      zh.extension.submitted,
      () => {
        clearFormDraft(draftName);
        setTimeout(() => void Taro.navigateBack(), 800);
      },
    );
  }

  return (
    <View className="page page--with-actionbar extension">
      <View className="card">
        <Text className="extension__task">{detail.task.content}</Text>
        <View className="extension__row">
          <Text className="extension__k">{zh.extension.current}</Text>
          {mine ? (
            <DueText dueDate={mine.dueDate} daysLeft={mine.daysLeft} light={mine.light} />
          ) : (
            <Text className="extension__v">{zh.due.noDate}</Text>
          )}
        </View>
        {pending ? (
          <Text className="extension__pending">
            {zh.extensionStatus.pending}：
            {zh.review.requested(
              pending.oldDue ? chineseDate(pending.oldDue) : zh.due.noDate,
              chineseDate(pending.newDue),
            )}
          </Text>
        ) : null}
      </View>

      {pending ? (
        <View className="card">
          <Text className="extension__wait">{zh.extension.pendingWait}</Text>
        </View>
      ) : (
        <View className="card">
          <Field label={zh.extension.newDue}>
            <Picker
              mode="date"
              value={newDue || suggested}
              start={start}
              onChange={(e) => setNewDue(String(e.detail.value))}
            >
              <View
                className={`input extension__date${newDue ? '' : ' extension__date--empty'}`}
                role="button"
                aria-label={`${zh.extension.newDue}： ${newDue ? chineseDate(newDue) : zh.extension.pickDate}`}
              >
                <Text>{newDue ? chineseDate(newDue) : zh.extension.pickDate}</Text>
                <Text className="extension__chevron" />
              </View>
            </Picker>
          </Field>
          <TextAreaField
            label={zh.extension.reason}
            value={reason}
            maxlength={500}
            placeholder={zh.extension.reasonPlaceholder}
            onInput={(e) => setReason(e.detail.value)}
          />
        </View>
      )}

      <ActionBar>
        <Button
          type="primary"
          size="large"
          block
          loading={busy}
          disabled={Boolean(pending)}
          onClick={() => void submit()}
        >
          {zh.extension.submit}
        </Button>
      </ActionBar>
    </View>
  );
}
