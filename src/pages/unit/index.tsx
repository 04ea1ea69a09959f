/**
 * A unit's page (unitOverview), opened from the dashboard's ranking: the unit, its contacts, its counts, and each of
 * its assignments with light, latest report, 已催办 N 次 (when last, read or not) and review state; 催办 for those
 * who may urge it. A lead unit's contact sees the unit's assignments on the tasks it leads. An assignment the unit
 * split (分解下达: a district's) shows its rollup and its parts under it, read-only (the district chases them).
 */
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useState } from 'react';
import type { AssignmentView, UnitAssignmentRow } from '../../../core/api/contract';
import { api } from '../../api';
import { DueText } from '../../components/DueText';
import { LightTag } from '../../components/LightTag';
import { RequireSession } from '../../components/RequireSession';
import { RoleTag } from '../../components/RoleTag';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { TextPrompt } from '../../components/TextPrompt';
import { zh } from '../../i18n/zh-CN';
import { chineseDateTime, shortDate } from '../../lib/dates';
import { useAction } from '../../lib/useAction';
import { useAsync } from '../../lib/useAsync';
import { UrgeLine } from '../../components/UrgeLine';
import './index.scss';

export default function UnitPage() {
  return <RequireSession roles={['supervisor', 'viewer', 'admin', 'contact']}>{() => <Unit />}</RequireSession>;
}

function Unit() {
  const router = useRouter();
  const unitId = decodeURIComponent(router.params.id ?? '');
  const state = useAsync(() => api.unitOverview({ unitId }), [unitId]);
  const [urging, setUrging] = useState<string[] | null>(null);
  const { busy, run } = useAction(state.reload);

  usePullDownRefresh(() => {
    void state.reload().finally(() => void Taro.stopPullDownRefresh());
  });

  function openTask(row: UnitAssignmentRow) {
    void Taro.navigateTo({ url: `/pages/task/index?id=${encodeURIComponent(row.taskId)}` });
  }

  const o = state.data;
  if (!o) {
    return (
      <View className="page unit">
        {state.error ? <ErrorState error={state.error} onRetry={() => void state.reload()} /> : <LoadingState />}
      </View>
    );
  }
  const open = o.assignments.filter((a) => a.light !== 'done');
  return (
    <View className="page unit">
      <View className="card unit__head">
        <Text className="unit__name">{o.unit.name}</Text>
        <View className="unit__tiles">
          {(['red', 'yellow', 'green', 'done'] as const).map((l) => (
            <View key={l} className={`unit__tile unit__tile--${l}`}>
              <Text className="unit__tile-num">{o.counts[l]}</Text>
              <LightTag light={l} size="small" />
            </View>
          ))}
        </View>
        {o.missedCount > 0 ? <Text className="unit__missed">{zh.cycle.unitMissedCount(o.missedCount)}</Text> : null}
        <Text className="unit__label">{zh.desk.contacts}</Text>
        {o.contacts.length === 0 ? (
          <Text className="muted">{zh.desk.noContacts}</Text>
        ) : (
          <Text className="unit__contacts">
            {o.contacts.map((c) => `${c.name ?? zh.userRole[c.role]}（${zh.userRole[c.role]}）`).join('、')}
          </Text>
        )}
        {o.canUrge && open.length > 0 ? (
          <Button
            className="unit__urge-all"
            size="small"
            type="danger"
            fill="outline"
            block
            onClick={() => setUrging(open.map((a) => a.assignmentId))}
          >
            {zh.desk.urgeUnit(open.length)}
          </Button>
        ) : null}
      </View>

      <View className="section-title">
        <Text>{zh.desk.unitAssignments}</Text>
        <Text className="muted">{zh.common.items(o.assignments.length)}</Text>
      </View>
      {o.assignments.map((a) => (
        <View key={a.assignmentId} className={`card unit__row unit__row--${a.light}`}>
          <View className="unit__row-task" role="button" onClick={() => openTask(a)}>
            <View className="row-between">
              <Text className="unit__seq">
                {zh.task.seq(a.seq)}
                {a.stage ? ` · ${a.stage}` : ''}
              </Text>
              <LightTag light={a.light} size="small" />
            </View>
            <Text className="unit__content">{a.content}</Text>
          </View>
          <View className="unit__meta">
            <RoleTag role={a.role} />
            <Text className={`unit__status${a.returned ? ' unit__status--returned' : ''}`}>
              {a.returned ? zh.desk.returned : a.pendingReview ? zh.tasks.pendingReview : zh.status[a.status]}
            </Text>
            <DueText dueDate={a.dueDate} daysLeft={a.daysLeft} light={a.light} />
          </View>
          <Text className="unit__report">
            {a.latestReport
              ? `${zh.desk.latestReport(chineseDateTime(a.latestReport.at))}${a.latestReport.text}`
              : zh.desk.noReport}
          </Text>
          {a.missedPeriod ? (
            <Text className="unit__missed">
              {zh.cycle.unitMissed(a.missedPeriod.periodName, shortDate(a.missedPeriod.due))}
            </Text>
          ) : null}
          {a.urges ? <UrgeLine urges={a.urges} /> : null}
          {a.rollup ? <PartsOf rollup={a.rollup} parts={a.parts} /> : null}
          {o.canUrge && a.light !== 'done' ? (
            <View
              className="unit__urge"
              role="button"
              aria-label={zh.task.urgeUnitAria(o.unit.name)}
              onClick={() => setUrging([a.assignmentId])}
            >
              {zh.dashboard.urge}
            </View>
          ) : null}
        </View>
      ))}

      <TextPrompt
        visible={urging !== null}
        title={zh.task.urgeUnitAria(o.unit.name)}
        initial={zh.task.urgeDefault}
        required
        busy={busy}
        confirmText={zh.dashboard.urge}
        onClose={() => setUrging(null)}
        onConfirm={(message) => {
          if (!urging) return;
          const ids = urging;
          void run(
            () => api.urge({ assignmentIds: ids, message }),
            (res) => zh.desk.urgeSentAndSkipped(res.urged, res.alreadyUrged ?? 0),
            () => setUrging(null),
          );
        }}
      />
    </View>
  );
}

/** The parts split from one of the unit's assignments: the rollup, then each part (and its own parts), read-only. */
function PartsOf({ rollup, parts }: { rollup: NonNullable<UnitAssignmentRow['rollup']>; parts: AssignmentView[] }) {
  const worst = rollup.worstOpen;
  return (
    <View className="unit__parts" aria-label={zh.split.unitPartsAria(parts.length)}>
      <View
        className="unit__rollup"
        aria-label={zh.split.rollupAria(rollup.done, rollup.total, worst ? zh.light[worst] : '')}
      >
        <Text className="unit__rollup-text">{zh.split.rollup(rollup.done, rollup.total)}</Text>
        {worst ? <LightTag light={worst} size="small" /> : null}
      </View>
      {parts.map((p) => (
        <View key={p.id} className="unit__part">
          <View className="row-between">
            <Text className="unit__part-name">{p.unitName}</Text>
            <LightTag light={p.light} size="small" />
          </View>
          <View className="unit__meta unit__part-meta">
            <Text className="unit__status">{zh.status[p.status]}</Text>
            <DueText dueDate={p.dueDate} daysLeft={p.daysLeft} light={p.light} />
            {p.rollup ? <Text className="unit__status">{zh.split.rollup(p.rollup.done, p.rollup.total)}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}
