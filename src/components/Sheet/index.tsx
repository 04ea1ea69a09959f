/**
 * A sheet from the bottom: rounded, closed by its × (named 关闭 for a screen reader) or by a tap outside, its title
 * first and also its name for a screen reader. `block` is the panel's class (the title's is `${block}__title`).
 */
import { Text, View } from '@tarojs/components';
import { Popup } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import type { ReactNode } from 'react';
import { zh } from '../../i18n/zh-CN';

export function Sheet({
  visible,
  title,
  block,
  onClose,
  children,
}: {
  visible: boolean;
  title: string;
  block: string;
  onClose(): void;
  children?: ReactNode;
}) {
  return (
    <Popup visible={visible} position="bottom" round onClose={onClose} closeAriaLabel={zh.common.close}>
      <View className={block} aria-label={title}>
        <Text className={`${block}__title`}>{title}</Text>
        {children}
      </View>
    </Popup>
  );
}
