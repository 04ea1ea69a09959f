import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { useEffect, useState } from 'react';
import { zh } from '../../i18n/zh-CN';
import { Sheet } from '../Sheet';
import './index.scss';

/**
 * A sheet from the bottom that asks for a sentence: the reason for returning a report, the text of an urge,
 * a note on an extension decision. `required` keeps the confirm button off until something is written.
 */
export function TextPrompt({
  visible,
  title,
  label,
  placeholder,
  initial = '',
  required,
  confirmText = zh.common.confirm,
  danger,
  busy,
  maxLength = 500,
  onConfirm,
  onClose,
}: {
  visible: boolean;
  title: string;
  label?: string;
  placeholder?: string;
  initial?: string;
  required?: boolean;
  confirmText?: string;
  danger?: boolean;
  busy?: boolean;
  maxLength?: number;
  onConfirm(text: string): void;
  onClose(): void;
}) {
  const [text, setText] = useState(initial);
  useEffect(() => {
    if (visible) setText(initial);
  }, [visible, initial]);
  const empty = text.trim() === '';
  return (
    <Sheet visible={visible} title={title} block="text-prompt" onClose={onClose}>
      {label ? <Text className="text-prompt__label">{label}</Text> : null}
      <Textarea
        className="textarea text-prompt__input"
        value={text}
        maxlength={maxLength}
        placeholder={placeholder}
        aria-label={label ?? title}
        focus={visible}
        onInput={(e) => setText(e.detail.value)}
      />
      <View className="btn-row text-prompt__buttons">
        <Button size="large" onClick={onClose}>
          {zh.common.cancel}
        </Button>
        <Button
          size="large"
          type={danger ? 'danger' : 'primary'}
          disabled={required && empty}
          loading={busy}
          onClick={() => onConfirm(text.trim())}
        >
          {confirmText}
        </Button>
      </View>
    </Sheet>
  );
}
