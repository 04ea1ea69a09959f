import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { ApiError } from '../../api';
import { zh } from '../../i18n/zh-CN';
import './index.scss';

export function LoadingState({ text = zh.common.loading }: { text?: string }) {
  return (
    <View className="state state--loading" aria-busy="true">
      <View className="state__spinner" />
      <Text className="state__text">{text}</Text>
    </View>
  );
}

/** Nothing to show, and what to do about it. */
export function EmptyState({
  title,
  hint,
  action,
  onAction,
}: {
  title: string;
  hint?: string;
  action?: string;
  onAction?(): void;
}) {
  return (
    <View className="state state--empty">
      <View className="state__icon state__icon--empty">
        <View className="state__icon-line" />
        <View className="state__icon-line state__icon-line--short" />
      </View>
      <Text className="state__title">{title}</Text>
      {hint ? <Text className="state__text">{hint}</Text> : null}
      {action && onAction ? (
        <Button className="state__action" size="small" fill="outline" type="primary" onClick={onAction}>
          {action}
        </Button>
      ) : null}
    </View>
  );
}

/** Something failed: the server's sentence says what to do, and the official can try again. */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?(): void }) {
  return (
    <View className="state state--error" role="alert">
      <View className="state__icon state__icon--error">
        <Text className="state__icon-mark">!</Text>
      </View>
      <Text className="state__title">{zh.error.title}</Text>
      <Text className="state__text">{error.message}</Text>
      {onRetry ? (
        <Button className="state__action" size="small" type="primary" onClick={onRetry}>
          {zh.common.retry}
        </Button>
      ) : null}
    </View>
  );
}
