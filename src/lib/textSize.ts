/**
 * The user's text size. Styles size text through `text()` (src/styles/tokens.scss), a multiple of `--duban-px`:
 * one CSS pixel at the default size. It follows the platform's own setting (WeChat's 字体大小 on weapp, the
 * browser's default font size on h5) and 大字模式 in 我的 multiplies it; the choice is kept on the device.
 */
import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';

const KEY = 'duban.largeText';
/** How much larger 大字模式 makes every text, on top of the platform's setting. */
export const LARGE_TEXT_SCALE = 1.3;
/** The font size the styles are designed at (the browser's default; WeChat's 标准). */
const BASE_FONT_PX = 16;

const listeners = new Set<() => void>();
let large = readLargeText();

function readLargeText(): boolean {
  try {
    return Taro.getStorageSync(KEY) === '1';
  } catch {
    return false;
  }
}

export function isLargeText(): boolean {
  return large;
}

export function setLargeText(on: boolean): void {
  large = on;
  try {
    Taro.setStorageSync(KEY, on ? '1' : '0');
  } catch {
    // storage full or refused: the choice lasts this session
  }
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** 大字模式, re-rendering when it changes. */
export function useLargeText(): boolean {
  return useSyncExternalStore(subscribe, isLargeText, isLargeText);
}

/** The browser's default font size in px (its 字体大小 setting), read from an element at `font-size: medium`. */
function browserFontPx(): number {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium;';
  document.documentElement.appendChild(probe);
  const px = parseFloat(getComputedStyle(probe).fontSize);
  probe.remove();
  return Number.isFinite(px) && px > 0 ? px : BASE_FONT_PX;
}

/** The CSS value of `--duban-px`. On weapp `1rem` is WeChat's font size (`page-meta root-font-size="system"`). */
export function textUnit(largeText: boolean): string {
  const scale = largeText ? LARGE_TEXT_SCALE : 1;
  if (process.env.TARO_ENV === 'h5') return `${((browserFontPx() / BASE_FONT_PX) * scale).toFixed(4)}px`;
  return `calc(1rem * ${(scale / BASE_FONT_PX).toFixed(6)})`;
}
