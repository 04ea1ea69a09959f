/**
 * The task list before the app (h5, issue 14): after the contact's list has drawn its first page with no filter,
 * the page as the app drew it (its HTML and the navigation bar above it) and the styles Taro put in the page are
 * kept in storage for the next visit, with the token, the build and the end of the Beijing day. index.html shows
 * that snapshot at once on the next visit, before the app's scripts have run (config/earlyRequests.ts); the app
 * takes it away when its own list is drawn in the same place (`releaseEarlyView`). The words and the look are the
 * app's own (the same components drew them, the same stylesheets style them): the script writes no text.
 * Nothing here runs in the mini program.
 */
import Taro from '@tarojs/taro';
import { addDays, beijingDate, beijingInstant } from '../../core/time';
import { earlyRequests, getToken } from '../api';

/** config/earlyRequests.ts EARLY.snapshotKey */
const SNAPSHOT_KEY = 'duban.tasksSnapshot';
/** config/earlyRequests.ts EARLY.styleId: the snapshot's own copy of the styles is not kept in the next one */
const EARLY_STYLE_ID = 'duban-early-style';

export interface TasksSnapshot {
  token: string;
  build: string;
  /** Epoch ms of the next Beijing midnight: the cards' 还剩 N 天 are right until then. */
  until: number;
  html: string;
  css: string;
}

function h5(): boolean {
  return process.env.TARO_ENV === 'h5' && typeof document !== 'undefined';
}

/**
 * Taro's components are custom elements (`taro-view-core`, …): a snapshot keeping their names would have every one
 * of its few hundred elements upgraded and rendered by the component library as soon as the app defines it, before
 * the app's own list replaces them. The snapshot names them otherwise (`duban-early-view`), in its HTML and in the
 * styles that name them, so that nothing upgrades them and they look the same.
 */
const COMPONENT_TAG = /taro-([a-z0-9-]+?)-core\b/g;
const renamed = (text: string) => text.replace(COMPONENT_TAG, 'duban-early-$1');

/**
 * The rules of the page's linked stylesheets that name a component tag (the app's own CSS has a few), renamed; the
 * `<style>` elements are kept whole besides.
 */
function linkedComponentRules(): string {
  const out: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    if (!(sheet.ownerNode instanceof HTMLLinkElement)) continue;
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue; // another origin's sheet cannot be read
    }
    for (const rule of Array.from(rules)) {
      COMPONENT_TAG.lastIndex = 0;
      if (COMPONENT_TAG.test(rule.cssText)) out.push(rule.cssText);
    }
  }
  return out.join('\n');
}

/** The outer HTML of an element without its id (the app's own element keeps it). */
function withoutId(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  copy.removeAttribute('id');
  return copy.outerHTML;
}

/**
 * Keeps the page the element is on (the list as drawn now) for the next visit. Called by the contact's task list
 * when its first page with no filter, search or plan is on screen.
 */
export function saveTasksSnapshot(inPage: Element | null, now: Date = new Date()): void {
  if (!h5() || !inPage) return;
  const early = earlyRequests();
  const token = getToken();
  const page = inPage.closest('.taro_page');
  if (!early?.build || !token || !page) return;
  const nav = document.getElementById('taro-navigation-bar');
  const css = [
    ...Array.from(document.head.querySelectorAll('style'))
      .filter((s) => s.id !== EARLY_STYLE_ID)
      .map((s) => s.textContent ?? ''),
    linkedComponentRules(),
  ].join('\n');
  const snapshot: TasksSnapshot = {
    token,
    build: early.build,
    until: Date.parse(beijingInstant(addDays(beijingDate(now), 1))),
    html: renamed(`${nav ? withoutId(nav) : ''}<div class="taro_router">${withoutId(page)}</div>`),
    css: renamed(css),
  };
  try {
    Taro.setStorageSync(SNAPSHOT_KEY, snapshot);
  } catch {
    // storage full: the next visit waits for the app as before
  }
}

/**
 * Forgets the snapshot: the session ended (signed out, unbound, removed) or another identity signs in. Every such
 * path goes through `dropPrefetch` (src/session/prefetch.ts), which calls this; call it directly from anywhere else
 * a session ends.
 */
export function forgetTasksSnapshot(): void {
  if (!h5()) return;
  try {
    Taro.removeStorageSync(SNAPSHOT_KEY);
  } catch {
    // nothing kept
  }
  releaseEarlyView();
}

/**
 * Takes the snapshot away (the app's own page is drawn now, or another page comes), once. Returns the task whose
 * card was tapped on it before the app ran, if any, for the caller to open.
 */
export function releaseEarlyView(): string | null {
  const early = earlyRequests();
  if (!early) return null;
  early.release?.();
  const open = early.open ?? null;
  early.open = null;
  return open;
}

/** Taro's own components fill in their inner elements (an input's placeholder) a moment after React's commit. */
const SETTLE_MS = 300;

/**
 * The contact's list has drawn (its first page loaded or failed): the snapshot gives way to it at the next frame,
 * a card tapped on the snapshot is opened, and, when `keep`, the page as drawn is kept for the next visit.
 * Returns the cleanup for an effect.
 */
export function afterListDrawn(pageId: string, keep: boolean, openTask: (taskId: string) => void): () => void {
  if (!h5()) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    const open = releaseEarlyView();
    if (open) return openTask(open);
    if (!keep) return undefined;
    // now (the official may leave at once), and again once Taro's components have settled
    const save = () => saveTasksSnapshot(document.getElementById(pageId));
    save();
    timer = setTimeout(save, SETTLE_MS);
    return undefined;
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
  };
}
