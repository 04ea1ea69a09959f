import { Text, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import { useState } from 'react';
import type { TaskDetail } from '../../../core/api/contract';
import { api } from '../../api';
import { CycleRuleFields, cycleDraft, readCycleDraft } from '../../components/CycleRuleFields';
import { zh } from '../../i18n/zh-CN';
import { shortDate } from '../../lib/dates';
import { confirmDialog } from '../../lib/feedback';
import { useAction } from '../../lib/useAction';
import './NarrowSheet.scss';
import './Cycle.scss';

/**
 * 报送周期 on the task page: the cycle in force, where it comes from (本任务 / 阶段 / 方案 / 默认) and this period's
 * due day, with the caller's own state in it; for an admin or the task's lead unit (TaskDetail.can.setCycle, the
 * server's rule) a sheet that sets, changes or removes the task's own cycle (setCycle / removeCycle).
 */
export function CycleFact({ detail, onChanged }: { detail: TaskDetail; onChanged(): Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(cycleDraft());
  const { busy, run } = useAction(onChanged);
  const { cycle, ownCycle, can } = detail;
  if (!cycle && !ownCycle && !can.setCycle) return null;

  function show() {
    setDraft(cycleDraft(ownCycle));
    setOpen(true);
  }

  function save() {
    const read = readCycleDraft(draft);
    if (!read) return;
    void run(
      () => api.setCycle({ taskId: detail.task.id, ...read }),
      zh.cycle.saved,
      () => setOpen(false),
    );
  }

  function remove() {
    if (!ownCycle) return;
    void confirmDialog(zh.cycle.removeOwnConfirm).then((yes) => {
      if (yes)
        void run(
          () => api.removeCycle({ cycleId: ownCycle.id }),
          zh.cycle.removed,
          () => setOpen(false),
        );
    });
  }

  // the cycle in force (its current period), or the task's own when none of its periods is current
  const ruleText = cycle?.ruleText ?? ownCycle?.ruleText ?? null;
  const source = cycle?.source ?? (ownCycle ? 'task' : null);
  return (
    <View className="task__fact task-cycle">
      <Text className="task__fact-k">{zh.cycle.factLabel}</Text>
      <View className="task__fact-v task-cycle__v">
        {ruleText ? (
          <View className="task-cycle__rule">
            <Text className="task-cycle__rule-text">{ruleText}</Text>
            {source ? <Text className="task-cycle__source">{zh.cycle.sourceTag(zh.cycle.source[source])}</Text> : null}
          </View>
        ) : (
          <Text className="muted">{zh.cycle.noCycle}</Text>
        )}
        {cycle ? (
          <Text className="task-cycle__due">{zh.cycle.dueLine(cycle.periodName, shortDate(cycle.due))}</Text>
        ) : ruleText ? (
          <Text className="task-cycle__due">{zh.cycle.noPeriod}</Text>
        ) : null}
        {cycle?.mine ? <Text className="task-cycle__mine">{zh.cycle.mine[cycle.mine]}</Text> : null}
      </View>
      {can.setCycle ? (
        <View
          className="task-cycle__edit"
          role="button"
          aria-label={zh.cycle.setOwnAria(ownCycle ? zh.cycle.changeOwn : zh.cycle.setOwn)}
          onClick={show}
        >
          <Text>{ownCycle ? zh.cycle.changeOwn : zh.cycle.setOwn}</Text>
        </View>
      ) : null}
      {can.setCycle ? (
        <Popup visible={open} position="bottom" round onClose={() => setOpen(false)} closeAriaLabel={zh.common.close}>
          <View className="narrow-sheet task-cycle__sheet" aria-label={zh.cycle.sheetTitle}>
            <Text className="narrow-sheet__title">{zh.cycle.sheetTitle}</Text>
            <Text className="narrow-sheet__hint">{zh.cycle.sheetHint}</Text>
            <View className="task-cycle__fields">
              <CycleRuleFields value={draft} onChange={setDraft} />
            </View>
            {ownCycle ? (
              <View className="task-cycle__remove" role="button" aria-disabled={busy} onClick={remove}>
                <Text>{zh.cycle.removeOwn}</Text>
              </View>
            ) : null}
            <View className="btn-row narrow-sheet__buttons">
              <Button size="large" onClick={() => setOpen(false)}>
                {zh.common.cancel}
              </Button>
              <Button size="large" type="primary" loading={busy} onClick={save}>
                {zh.cycle.save}
              </Button>
            </View>
          </View>
        </Popup>
      ) : null}
    </View>
  );
}
