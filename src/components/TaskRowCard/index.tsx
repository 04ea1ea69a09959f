import { Text, View } from '@tarojs/components';
import type { TaskRow } from '../../../core/api/contract';
import { zh } from '../../i18n/zh-CN';
import { LightTag } from '../LightTag';
// one card, one stylesheet: TaskCard's (the row adds its lead units and counts)
import '../TaskCard/index.scss';

/** One task of the whole table: what, its lead units, its rolled-up light and counts. The card opens the task. */
export function TaskRowCard({ row, onOpen }: { row: TaskRow; onOpen(row: TaskRow): void }) {
  const stage = `${zh.task.seq(row.seq)}${row.stage ? ` · ${row.stage}` : ''}`;
  const counts = zh.desk.rowCounts(row.counts.units, row.counts.done, row.counts.overdue, row.counts.dueSoon);
  const lead = row.leadNames.length ? zh.desk.lead(row.leadNames.join('、')) : '';
  return (
    // the accessible name is the words it shows, in their order (no aria-label that could drift from them)
    <View
      className={`task-card task-card--${row.light} task-row task-row--${row.light}`}
      role="button"
      onClick={() => onOpen(row)}
    >
      <View className="task-card__head">
        <Text className="task-card__stage">{stage}</Text>
        <LightTag light={row.light} size="small" />
      </View>
      <Text className="task-card__title">{row.content}</Text>
      {lead ? <Text className="task-card__lead">{lead}</Text> : null}
      <View className="task-card__foot">
        <Text className="task-card__counts">{counts}</Text>
        <Text className="task-card__deadline">{row.deadlineText}</Text>
      </View>
    </View>
  );
}
