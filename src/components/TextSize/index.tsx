/**
 * The page's text size (see src/lib/textSize.ts). Every page renders it first: on weapp it is the page's
 * `page-meta` (root font size from WeChat's setting), on h5 it sets `--duban-px` on the document (and starts the
 * browser components' accessibility fixes, src/lib/h5Accessibility.ts).
 */
import { PageMeta } from '@tarojs/components';
import { useLayoutEffect } from 'react';
import { startH5Accessibility } from '../../lib/h5Accessibility';
import { textUnit, useLargeText } from '../../lib/textSize';

export function TextSize() {
  const large = useLargeText();
  useLayoutEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return;
    startH5Accessibility();
    const root = document.documentElement;
    root.style.setProperty('--duban-px', textUnit(large));
    root.classList.toggle('duban-large-text', large);
  }, [large]);
  if (process.env.TARO_ENV === 'h5') return null;
  return <PageMeta rootFontSize="system" pageFontSize="system" pageStyle={`--duban-px: ${textUnit(large)};`} />;
}
