import { View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import './index.scss';

/** The actions of a detail page, fixed at the bottom where the thumb is. */
export function ActionBar({ children }: PropsWithChildren) {
  return <View className="action-bar">{children}</View>;
}
