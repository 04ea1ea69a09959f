import { Text, View } from '@tarojs/components';
import type { Light } from '../../../core/model';
import { zh } from '../../i18n/zh-CN';
import './index.scss';

/** A status light: a shape and a word (正常 / 临期 / 逾期 / 已办结), never colour alone. */
export function LightTag({ light, size = 'normal' }: { light: Light; size?: 'normal' | 'small' }) {
  const word = zh.light[light];
  return (
    <View className={`light-tag light-tag--${light} light-tag--${size}`} aria-label={zh.lightAria(word)} role="img">
      <View className="light-tag__mark" />
      <Text className="light-tag__word">{word}</Text>
    </View>
  );
}
