import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import { useEffect, useState } from 'react';
import type { InstructionView } from '../../../core/api/contract';
import { zh } from '../../i18n/zh-CN';
import { chineseDateTime } from '../../lib/dates';
import './Instructions.scss';

/**
 * 领导批示 at the top of the task: each instruction with its leader and time, whom it concerns, and who has
 * recorded 落实. A unit concerned and not yet acted gets 报送落实情况 (`onFollowUp`).
 */
export function Instructions({
  items,
  myAssignmentId,
  canFollowUp,
  onFollowUp,
}: {
  items: InstructionView[];
  myAssignmentId: string | null;
  canFollowUp: boolean;
  onFollowUp(i: InstructionView): void;
}) {
  if (items.length === 0) return null;
  return (
    <View className="instructions" role="region" aria-label={zh.instruction.title}>
      <Text className="instructions__title">{zh.instruction.title}</Text>
      {items.map((i) => {
        const mine = i.units.find((u) => u.assignmentId === myAssignmentId) ?? null;
        const acted = i.units.filter((u) => u.actedAt !== null).length;
        return (
          <View key={i.id} className="instructions__item">
            <Text className="instructions__text" userSelect>
              {i.text}
            </Text>
            <Text className="instructions__by">{zh.instruction.by(i.leaderName, chineseDateTime(i.createdAt))}</Text>
            <Text className="instructions__target">
              {i.unitName ? zh.instruction.onUnit(i.unitName) : zh.instruction.onTask}
            </Text>
            <View className="instructions__foot">
              {mine ? (
                <Text className={`instructions__state${mine.actedAt ? ' instructions__state--done' : ''}`}>
                  {mine.actedAt ? zh.instruction.acted : zh.instruction.notActed}
                </Text>
              ) : (
                <Text className={`instructions__state${i.acted ? ' instructions__state--done' : ''}`}>
                  {i.acted ? zh.instruction.acted : zh.instruction.actedCount(acted, i.units.length)}
                </Text>
              )}
              {mine && !mine.actedAt && canFollowUp ? (
                <View className="instructions__go" role="button" onClick={() => onFollowUp(i)}>
                  <Text>{zh.instruction.followUp}</Text>
                </View>
              ) : null}
            </View>
          </View>
        );
      })}
    </View>
  );
}

/** The sheet a leader writes a 批示 in: the text, and the leader's name (the writer's own by default). */
export function InstructionSheet({
  visible,
  title,
  defaultLeader,
  busy,
  onConfirm,
  onClose,
}: {
  visible: boolean;
  title: string;
  defaultLeader: string;
  busy?: boolean;
  onConfirm(text: string, leaderName: string): void;
  onClose(): void;
}) {
  const [text, setText] = useState('');
  const [leader, setLeader] = useState(defaultLeader);
  useEffect(() => {
    if (visible) {
      setText('');
      setLeader(defaultLeader);
    }
  }, [visible, defaultLeader]);
  const empty = text.trim() === '' || leader.trim() === '';
  return (
    <Popup visible={visible} position="bottom" round onClose={onClose} closeAriaLabel={zh.common.close}>
      <View className="instruction-sheet" aria-label={title}>
        <Text className="instruction-sheet__title">{title}</Text>
        <Text className="instruction-sheet__label">{zh.instruction.textLabel}</Text>
        <Textarea
          className="textarea instruction-sheet__input"
          value={text}
          maxlength={500}
          placeholder={zh.instruction.textPlaceholder}
          aria-label={zh.instruction.textLabel}
          focus={visible}
          onInput={(e) => setText(e.detail.value)}
        />
        <Text className="instruction-sheet__label">{zh.instruction.leaderLabel}</Text>
        <Input
          className="input instruction-sheet__leader"
          value={leader}
          maxlength={20}
          placeholder={zh.instruction.leaderPlaceholder}
          aria-label={zh.instruction.leaderLabel}
          onInput={(e) => setLeader(e.detail.value)}
        />
        <View className="btn-row instruction-sheet__buttons">
          <Button size="large" onClick={onClose}>
            {zh.instruction.cancel}
          </Button>
          <Button
            size="large"
            type="primary"
            disabled={empty}
            loading={busy}
            onClick={() => {
              if (!empty && !busy) onConfirm(text.trim(), leader.trim());
            }}
          >
            {zh.instruction.submit}
          </Button>
        </View>
      </View>
    </Popup>
  );
}
