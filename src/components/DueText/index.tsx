import { Text } from '@tarojs/components';
import type { CalendarDate, Light } from '../../../core/model';
import { zh } from '../../i18n/zh-CN';
import { shortDate } from '../../lib/dates';
import './index.scss';

/** What "how much time is left" reads like: 还剩N天 / 今天到期 / 逾期N天, with the date. */
export function dueWords(daysLeft: number | null, light: Light): string {
  if (light === 'done') return zh.light.done;
  if (daysLeft === null) return zh.due.ongoing;
  if (daysLeft > 0) return zh.due.left(daysLeft);
  if (daysLeft === 0) return zh.due.today;
  return zh.due.overdue(-daysLeft);
}

export function DueText({
  dueDate,
  daysLeft,
  light,
}: {
  dueDate: CalendarDate | null;
  daysLeft: number | null;
  light: Light;
}) {
  const words = dueWords(daysLeft, light);
  const urgent = light !== 'done' && daysLeft !== null && daysLeft <= 0;
  return (
    <Text className="due-text">
      {dueDate ? <Text className="due-text__date">{zh.due.dueOn(shortDate(dueDate))}</Text> : null}
      {light !== 'done' ? (
        <Text className={`due-text__left${urgent ? ' due-text__left--urgent' : ''}`}>{words}</Text>
      ) : null}
    </Text>
  );
}
