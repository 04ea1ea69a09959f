import { Text, View } from '@tarojs/components';
import type { UrgeSummary } from '../../../core/api/contract';
import { zh } from '../../i18n/zh-CN';
import { chineseDateTime } from '../../lib/dates';
import './index.scss';

/** 已催办 N 次 · 最近 时间 · 已读/未读: how an assignment has been urged (overdue rows, the unit page). */
export function UrgeLine({ urges }: { urges: UrgeSummary }) {
  const read = urges.unread === 0;
  return (
    <View className="urge-line">
      <Text className="urge-line__times">{zh.desk.urgedTimes(urges.count)}</Text>
      <Text className="urge-line__last">{zh.desk.urgedLast(chineseDateTime(urges.lastAt))}</Text>
      <Text className={`urge-line__read urge-line__read--${read ? 'read' : 'unread'}`}>
        {read ? zh.desk.read : zh.desk.unread}
      </Text>
    </View>
  );
}
