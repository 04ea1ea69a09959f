import { Text, View } from '@tarojs/components';
import type { AssignmentCard } from '../../../core/api/contract';
import { zh } from '../../i18n/zh-CN';
import { DueText, dueWords } from '../DueText';
import { shortDate } from '../../lib/dates';
import { LightTag } from '../LightTag';
import { RoleTag } from '../RoleTag';
import './index.scss';

/** One assignment in a list: what, by when, how it stands. The whole card opens the task. */
export function TaskCard({
  card,
  showUnit,
  onOpen,
}: {
  card: AssignmentCard;
  showUnit?: boolean;
  onOpen(card: AssignmentCard): void;
}) {
  const stage = `${zh.task.seq(card.seq)}${card.stage ? ` · ${card.stage}` : ''}`;
  const status = card.returned
    ? zh.desk.returned
    : card.pendingReview
      ? zh.tasks.pendingReview
      : zh.status[card.status];
  const returnedReason = card.returned ? zh.desk.returnedReason(card.returned.reason) : '';
  // A screen reader reads the card as one phrase: the words it shows, in the order it shows them.
  const aria = zh.tasks.cardAria([
    stage,
    zh.light[card.light],
    card.content,
    returnedReason,
    card.path?.length ? zh.split.path(card.path) : '',
    zh.role[card.role],
    showUnit ? card.unitName : '',
    status,
    card.dueDate ? zh.due.dueOn(shortDate(card.dueDate)) : '',
    card.light !== 'done' ? dueWords(card.daysLeft, card.light) : '',
  ]);
  return (
    <View
      className={`task-card task-card--${card.light}`}
      role="button"
      aria-label={aria}
      // which task a tap on the copy of this card, shown before the app runs, opens (src/lib/earlyView.ts)
      data-task={card.taskId}
      onClick={() => onOpen(card)}
    >
      <View className="task-card__head">
        <Text className="task-card__stage">{stage}</Text>
        <LightTag light={card.light} size="small" />
      </View>
      <Text className="task-card__title">{card.content}</Text>
      {card.returned ? <Text className="task-card__returned">{returnedReason}</Text> : null}
      {card.path?.length ? <Text className="task-card__path">{zh.split.path(card.path)}</Text> : null}
      <View className="task-card__foot">
        <View className="task-card__tags">
          <RoleTag role={card.role} />
          {showUnit ? <Text className="task-card__unit">{card.unitName}</Text> : null}
          <Text className={`task-card__status${card.returned ? ' task-card__status--returned' : ''}`}>{status}</Text>
        </View>
        <DueText dueDate={card.dueDate} daysLeft={card.daysLeft} light={card.light} />
      </View>
    </View>
  );
}
