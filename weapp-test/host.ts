/**
 * A WeChat host of our own for the built mini program (dist/): the logic layer's globals (`wx`, `App`, `Page`,
 * `Component`, `getApp`, `getCurrentPages`, a CommonJS `require` over dist/), a page stack with WeChat's lifecycle
 * (onLaunch/onShow, onLoad/onShow/onReady, onHide, onUnload), `setData` applied by WeChat's path syntax, and the
 * view layer played by WeChat's own compiler: each page's WXML compiled by `wcc` (miniprogram-compiler) and
 * rendered from the page's data, so a tap goes to the handler the WXML binds (`bindtap="eh"`) on the node the
 * user would see, as the real view layer sends it.
 *
 * `wx` answers the APIs below, callback style with a Promise when no callback is given (as base library ≥ 2.10
 * does); Taro 4 promisifies them itself. An API the app reaches that the host does not implement is recorded
 * as unknown and fails the run, and so do runtime errors, `console.error` and Taro's "暂不支持" warnings.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, posix } from 'node:path';
import vm from 'node:vm';
import { wxmlToJs } from 'miniprogram-compiler';

/** What the host does on the user's behalf when the app asks (pickers, popups). */
export interface UserScript {
  chooseMedia?: () => { tempFilePath: string; size: number }[] | 'cancel' | { errno: number; errMsg: string };
  chooseMessageFile?: () =>
    { path: string; name: string; size: number }[] | 'cancel' | { errno: number; errMsg: string };
  subscribe?: (tmplIds: string[]) => Record<string, 'accept' | 'reject'>;
  modal?: (content: string) => boolean;
}

/** The cloud side the host hands `wx.cloud` calls to. */
export interface CloudSide {
  callFunction(name: string, data: unknown): Promise<unknown>;
  uploadFile(cloudPath: string, content: Buffer): Promise<string>;
  downloadFile(fileID: string): Promise<Buffer>;
}

interface VNode {
  tag: string;
  attr?: Record<string, unknown>;
  children?: (VNode | string)[];
}

interface PageInstance {
  route: string;
  __route__: string;
  options: Record<string, string>;
  data: Record<string, unknown>;
  setData(patch: Record<string, unknown>, cb?: () => void): void;
  [method: string]: unknown;
}

type Callback = (res: unknown) => void;
interface CallOptions {
  success?: Callback;
  fail?: Callback;
  complete?: Callback;
  [k: string]: unknown;
}

/** Applies one `setData` key (`root.cn.[0].cn[2].v`) to the data. */
export function setPath(data: Record<string, unknown>, path: string, value: unknown): void {
  const keys: (string | number)[] = [];
  for (const part of path.split('.')) {
    const re = /([^[\]]+)|\[(\d+)\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(part))) keys.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  let cur: Record<string | number, unknown> = data;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = typeof keys[i + 1] === 'number' ? [] : {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

/** The events WeChat's view layer bubbles (the rest reach only their own node). */
const BUBBLING = new Set(['touchstart', 'touchmove', 'touchcancel', 'touchend', 'tap', 'longpress', 'longtap']);

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function textOf(n: VNode | string): string {
  if (typeof n === 'string') return n;
  return (n.children ?? []).map(textOf).join('');
}

/** The names of WeChat APIs Taro knows (its promisified lists), so a call to one the host lacks is caught. */
function taroKnownApis(root: string): string[] {
  const names = new Set<string>();
  for (const f of [
    'node_modules/@tarojs/shared/dist/index.cjs.js',
    'node_modules/@tarojs/plugin-platform-weapp/dist/runtime.js',
  ]) {
    const src = readFileSync(join(root, f), 'utf8');
    const re = /needPromiseApis = new Set\(\[([\s\S]*?)\]\)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(src))) for (const s of m[1].matchAll(/'([A-Za-z]+)'/g)) names.add(s[1]);
  }
  return [...names];
}

export class WeappHost {
  /** Every `wx` API the app called, with how often. */
  readonly seen = new Map<string, number>();
  /** APIs the app reached that the host does not implement. */
  readonly unknown = new Set<string>();
  readonly errors: string[] = [];
  readonly toasts: string[] = [];
  readonly modals: string[] = [];
  readonly subscribeRequests: string[][] = [];
  readonly opened: { filePath: string; fileType?: string }[] = [];
  readonly uploads: string[] = [];
  readonly navigations: string[] = [];
  readonly stack: PageInstance[] = [];
  user: UserScript = {};
  private readonly storage = new Map<string, unknown>();
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly pageConfigs = new Map<string, Record<string, unknown>>();
  private appConfig: Record<string, unknown> | null = null;
  private appInstance: Record<string, unknown> | null = null;
  private loadingRoute: string | null = null;
  private readonly context: vm.Context;
  private readonly gwx: (path: string) => ((data: unknown, a: unknown, b: unknown) => VNode) | undefined;
  private readonly localFiles = new Map<string, Buffer>();
  private readonly wx: Record<string, unknown>;
  private tapping = false;
  private fileCount = 0;
  cloudEnv: unknown = undefined;

  constructor(
    readonly dist: string,
    readonly root: string,
    private readonly cloud: CloudSide,
    wxmlFiles: string[],
  ) {
    const impl = this.implementation();
    const known = taroKnownApis(root);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the Proxy traps and API closures need the host
    const host = this;
    this.wx = new Proxy(impl, {
      get(target, key) {
        if (typeof key !== 'string') return undefined;
        if (key in target) return target[key];
        if (key === 'webpackJsonp') return undefined;
        return (...args: unknown[]) => {
          host.unknown.add(key);
          throw new Error(`wx.${key} is not implemented by the host (args ${JSON.stringify(args).slice(0, 120)})`);
        };
      },
      set(target, key, value) {
        target[key as string] = value;
        return true;
      },
      ownKeys(target) {
        return [...new Set([...Reflect.ownKeys(target), ...known])];
      },
      getOwnPropertyDescriptor(target, key) {
        if (key in target) return Reflect.getOwnPropertyDescriptor(target, key);
        if (typeof key === 'string' && known.includes(key))
          return { configurable: true, enumerable: true, writable: true, value: undefined };
        return undefined;
      },
      has(target, key) {
        return key in target || (typeof key === 'string' && known.includes(key));
      },
    });
    const g: Record<string, unknown> = {
      wx: this.wx,
      console: {
        log: () => undefined,
        info: () => undefined,
        debug: () => undefined,
        warn: (...a: unknown[]) => {
          const s = a.map(String).join(' ');
          if (/暂不支持|not support/i.test(s)) this.errors.push(`console.warn: ${s}`);
        },
        error: (...a: unknown[]) =>
          this.errors.push(`console.error: ${a.map((x) => (x instanceof Error ? x.stack : String(x))).join(' ')}`),
      },
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      App: (config: Record<string, unknown>) => {
        this.appConfig = config;
      },
      Page: (config: Record<string, unknown>) => {
        if (!this.loadingRoute) throw new Error('Page() called outside a page file');
        this.pageConfigs.set(this.loadingRoute, config);
      },
      Component: () => undefined,
      Behavior: (b: unknown) => b,
      getApp: () => this.appInstance,
      getCurrentPages: () => [...this.stack],
      requirePlugin: (name: string) => {
        throw new Error(`requirePlugin(${name}) is not supported`);
      },
    };
    g.global = g;
    this.context = vm.createContext(g);
    // The view layer: WeChat's own WXML compiler, run as the WebView runs its output (a global `window`).
    const compiled = wxmlToJs(dist, wxmlFiles, ['utils.wxs']) as string;
    const view: Record<string, unknown> = {
      console: {
        log: (...a: unknown[]) => {
          if (process.env.DEBUG_VIEW) process.stderr.write(`view: ${a.join(' ')}\n`);
        },
        error: (...a: unknown[]) => this.viewError(a.join(' ')),
        warn: (...a: unknown[]) => this.viewError(a.join(' ')),
      },
    };
    view.window = view;
    view.global = view;
    view.__webview_engine_version__ = 0.02;
    vm.createContext(view);
    this.gwx = vm.runInContext(`(function(){${compiled}\n})()`, view) as typeof this.gwx;
  }

  // ── modules ────────────────────────────────────────────────────────────────

  private require(file: string): unknown {
    const path = normalize(file.endsWith('.js') ? file : `${file}.js`);
    const cached = this.modules.get(path);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    this.modules.set(path, module);
    const code = readFileSync(join(this.dist, path), 'utf8');
    const fn = vm.runInContext(`(function (require, module, exports) {${code}\n})`, this.context, {
      filename: join(this.dist, path),
    }) as (r: (p: string) => unknown, m: typeof module, e: unknown) => void;
    fn((p) => this.require(posix.join(dirname(path), p)), module, module.exports);
    return module.exports;
  }

  // ── app and pages ──────────────────────────────────────────────────────────

  async launch(path: string, query: Record<string, string> = {}): Promise<void> {
    this.require('app.js');
    if (!this.appConfig) throw new Error('app.js did not call App()');
    this.appInstance = this.appConfig;
    const options = { path, query, scene: 1001, referrerInfo: {} };
    (this.appConfig.onLaunch as ((o: unknown) => void) | undefined)?.call(this.appConfig, options);
    (this.appConfig.onShow as ((o: unknown) => void) | undefined)?.call(this.appConfig, options);
    await this.openPage(path, query);
  }

  private async openPage(route: string, query: Record<string, string>): Promise<void> {
    this.navigations.push(route);
    if (!this.pageConfigs.has(route)) {
      this.loadingRoute = route;
      try {
        this.require(`${route}.js`);
      } finally {
        this.loadingRoute = null;
      }
    }
    const config = this.pageConfigs.get(route);
    if (!config) throw new Error(`${route}.js did not call Page()`);
    const inst = Object.create(config) as PageInstance;
    inst.route = route;
    inst.__route__ = route;
    inst.options = query;
    inst.data = clone((config.data as Record<string, unknown>) ?? {});
    inst.setData = (patch, cb) => {
      for (const [k, v] of Object.entries(patch)) setPath(inst.data, k, clone(v));
      if (cb) setTimeout(cb, 0);
    };
    const top = this.stack[this.stack.length - 1];
    if (top) this.lifecycle(top, 'onHide');
    this.stack.push(inst);
    this.lifecycle(inst, 'onLoad', query);
    this.lifecycle(inst, 'onShow');
    await this.settle();
    this.lifecycle(inst, 'onReady');
    await this.settle();
  }

  private lifecycle(inst: PageInstance, name: string, arg?: unknown): void {
    const fn = inst[name];
    if (typeof fn === 'function') (fn as (a?: unknown) => void).call(inst, arg);
  }

  private parseUrl(url: string): { route: string; query: Record<string, string> } {
    const [p, q = ''] = url.split('?');
    const from = this.stack[this.stack.length - 1]?.route ?? '';
    const route = p.startsWith('/') ? p.slice(1) : posix.join(posix.dirname(from), p);
    const query: Record<string, string> = {};
    for (const pair of q.split('&').filter(Boolean)) {
      const [k, v = ''] = pair.split('=');
      query[k] = v;
    }
    return { route, query };
  }

  private unloadAbove(n: number): void {
    while (this.stack.length > n) this.lifecycle(this.stack.pop()!, 'onUnload');
  }

  /** Lets timers, promises and the app's answers run. */
  async settle(ms = 60): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, ms / 3));
  }

  get page(): PageInstance {
    const p = this.stack[this.stack.length - 1];
    if (!p) throw new Error('no page is open');
    return p;
  }

  // ── the view layer ─────────────────────────────────────────────────────────

  render(): VNode {
    const p = this.page;
    const gen = this.gwx(`${p.route}.wxml`);
    if (typeof gen !== 'function') throw new Error(`wcc has no template for ${p.route}.wxml`);
    return gen(p.data, {}, {});
  }

  /** The text the user sees on the current page. */
  text(): string {
    return textOf(this.render());
  }

  /** The node `pred` picks (the deepest, or the last in document order), with its ancestors (root first). */
  private find(pred: (n: VNode) => boolean, what: string, last = false): VNode[] {
    let best: VNode[] | null = null;
    const path: VNode[] = [];
    const visit = (n: VNode | string): void => {
      if (typeof n === 'string') return;
      path.push(n);
      if (pred(n) && (last || !best || path.length > best.length)) best = [...path];
      for (const c of n.children ?? []) visit(c);
      path.pop();
    };
    visit(this.render());
    if (!best) throw new Error(`${this.page.route}: no ${what} (page text: ${this.text().slice(0, 400)})`);
    return best;
  }

  /**
   * Sends an event as WeChat's view layer does: to the target's handler, then, for a bubbling event, to each
   * ancestor bound with `bind<type>` up to the first `catch<type>` (Taro queues the inner handler until the outermost
   * bound node has had its turn, so a host that does not bubble loses taps inside popups and cards).
   */
  private async dispatch(path: VNode[], type: string, detail: Record<string, unknown> = {}): Promise<void> {
    const idOf = (n: VNode) => {
      const attr = n.attr ?? {};
      const dataset: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(attr)) if (k.startsWith('data-')) dataset[k.slice(5)] = v;
      return { id: attr.id, dataset };
    };
    const node = path[path.length - 1];
    const target = idOf(node);
    const bubbles = BUBBLING.has(type);
    let reached = false;
    for (let i = path.length - 1; i >= 0; i--) {
      const attr = path[i].attr ?? {};
      const caught = attr[`catch${type}`] ?? attr[`catch:${type}`];
      const handler = (caught ?? attr[`bind${type}`] ?? attr[`bind:${type}`]) as string | undefined;
      if (handler) {
        const fn = this.page[handler];
        if (typeof fn !== 'function') throw new Error(`${this.page.route}: the page has no method ${handler}`);
        reached = true;
        (fn as (e: unknown) => void).call(this.page, {
          type,
          timeStamp: Date.now(),
          target,
          currentTarget: idOf(path[i]),
          detail,
          touches: [],
          changedTouches: [],
        });
      } else if (i === path.length - 1) {
        throw new Error(`${this.page.route}: the node has no ${type} handler`);
      }
      if (caught || !bubbles) break;
    }
    if (!reached) throw new Error(`${this.page.route}: no ${type} handler was reached`);
  }

  /** Taps the innermost tappable node whose text is (or contains) `label`. */
  async tap(label: string | RegExp, settleMs = 150, last = false): Promise<void> {
    const match = (s: string) => (typeof label === 'string' ? s.trim() === label || s.includes(label) : label.test(s));
    const path = this.find(
      (n) => {
        const a = n.attr ?? {};
        return Boolean(a.bindtap ?? a.catchtap ?? a['bind:tap'] ?? a['catch:tap']) && match(textOf(n));
      },
      `tappable "${String(label)}"`,
      last,
    );
    this.tapping = true;
    try {
      await this.dispatch(path, 'tap', { x: 0, y: 0 });
    } finally {
      this.tapping = false;
    }
    await this.settle(settleMs);
  }

  /** Picks `value` in the picker around the node showing `label` (a date picker: `YYYY-MM-DD`). */
  async choose(label: string, value: string, settleMs = 150): Promise<void> {
    const path = this.find((n) => {
      const a = n.attr ?? {};
      return Boolean(a.bindchange ?? a.catchchange) && textOf(n).includes(label);
    }, `picker "${label}"`);
    await this.dispatch(path, 'change', { value });
    await this.settle(settleMs);
  }

  /** Taps the tappable node with this accessible name (`aria-label`), e.g. a switch. */
  async tapLabelled(label: string, settleMs = 150): Promise<void> {
    const path = this.find((n) => {
      const a = n.attr ?? {};
      return (
        Boolean(a.bindtap ?? a.catchtap) &&
        (String(a['aria-label'] ?? a.ariaLabel ?? '') === label ||
          String(a.class ?? '')
            .split(' ')
            .includes(label))
      );
    }, `tappable labelled "${label}"`);
    this.tapping = true;
    try {
      await this.dispatch(path, 'tap', { x: 0, y: 0 });
    } finally {
      this.tapping = false;
    }
    await this.settle(settleMs);
  }

  /**
   * Types into the input or textarea with this placeholder. This wcc build cannot render Taro's input templates
   * (they pick their template through a WXS call on the node object, which it answers with undefined), so the
   * node is found in the page's data, where Taro keeps every prop of it, and gets the event the view would send.
   */
  async type(placeholder: string | RegExp, value: string): Promise<void> {
    const hit = (v: unknown) =>
      typeof v === 'string' && (typeof placeholder === 'string' ? v.includes(placeholder) : placeholder.test(v));
    let sid: string | null = null;
    const visit = (n: unknown): void => {
      if (!n || typeof n !== 'object' || sid) return;
      const o = n as Record<string, unknown>;
      if (typeof o.sid === 'string' && Object.entries(o).some(([k, v]) => /^p\d+$/.test(k) && hit(v))) sid = o.sid;
      for (const c of (o.cn as unknown[]) ?? []) visit(c);
    };
    visit(this.page.data.root);
    if (!sid)
      throw new Error(
        `${this.page.route}: no input "${String(placeholder)}" (page text: ${this.text().slice(0, 400)})`,
      );
    await this.dispatch([{ tag: 'wx-input', attr: { id: sid, 'data-sid': sid, bindinput: 'eh' } }], 'input', {
      value,
      cursor: value.length,
      keyCode: 0,
    });
    await this.settle();
  }

  /** Waits until the page shows `text` (the app's calls go through promises and timers). */
  async waitFor(text: string | RegExp, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const t = this.text();
      if (typeof text === 'string' ? t.includes(text) : text.test(t)) return;
      if (Date.now() - start > timeoutMs)
        throw new Error(
          `${this.page.route}: waited ${timeoutMs} ms for "${String(text)}"; page text: ${t.slice(0, 600)}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async waitForPage(route: string, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (this.stack[this.stack.length - 1]?.route !== route) {
      if (Date.now() - start > timeoutMs)
        throw new Error(`waited for page ${route}; at ${this.stack.map((p) => p.route).join(' > ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.settle();
  }

  /** A file the user has on the phone (a photo, a table from a chat). */
  localFile(name: string, content: Buffer | string): string {
    const path = `wxfile://tmp_${++this.fileCount}_${name}`;
    this.localFiles.set(path, Buffer.from(content));
    return path;
  }

  // ── wx ─────────────────────────────────────────────────────────────────────

  private implementation(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the Proxy traps and API closures need the host
    const host = this;
    /** A callback-style API with a Promise when no callback is given. */
    const api =
      (name: string, run: (o: CallOptions) => unknown | Promise<unknown>) =>
      (o: CallOptions = {}) => {
        host.count(name);
        const p = Promise.resolve()
          .then(() => run(o))
          .then((res) => ({ errMsg: `${name}:ok`, ...(res as object) }));
        const hasCb = Boolean(o.success || o.fail || o.complete);
        p.then(
          (res) => {
            o.success?.(res);
            o.complete?.(res);
          },
          (err: unknown) => {
            const res =
              err && typeof err === 'object' && 'errMsg' in err
                ? err
                : { errMsg: `${name}:fail ${err instanceof Error ? err.message : String(err)}` };
            o.fail?.(res);
            o.complete?.(res);
          },
        );
        if (hasCb) {
          p.catch(() => undefined);
          return undefined;
        }
        return p;
      };
    const sync =
      <A extends unknown[], R>(name: string, fn: (...a: A) => R) =>
      (...a: A): R => {
        host.count(name);
        return fn(...a);
      };
    const fail = (name: string, errMsg: string, errno?: number) =>
      Object.assign({ errMsg: `${name}:fail ${errMsg}` }, errno === undefined ? {} : { errno });
    const windowInfo = {
      pixelRatio: 3,
      screenWidth: 375,
      screenHeight: 812,
      windowWidth: 375,
      windowHeight: 812,
      statusBarHeight: 44,
      safeArea: { left: 0, right: 375, top: 44, bottom: 778, width: 375, height: 734 },
      screenTop: 0,
    };
    const systemInfo = {
      ...windowInfo,
      brand: 'host',
      model: 'iPhone X',
      system: 'iOS 17.0',
      platform: 'ios',
      version: '8.0.50',
      SDKVersion: '3.4.0',
      language: 'zh_CN',
      fontSizeSetting: 16,
      theme: 'light',
    };
    const navigate = (kind: 'navigateTo' | 'redirectTo' | 'reLaunch') =>
      api(kind, async (o) => {
        const { route, query } = host.parseUrl(String(o.url));
        // as WeChat does it, the pages left are unloaded and the new one loaded in the same turn: the stack is
        // never seen empty (Taro's pending updates of page-level elements write to getCurrentPages()'s last page,
        // and a timer of theirs that fell between an unload and a later load found none)
        setTimeout(() => {
          if (kind === 'redirectTo') host.unloadAbove(host.stack.length - 1);
          if (kind === 'reLaunch') host.unloadAbove(0);
          void host.openPage(route, query).catch((e: unknown) => host.errors.push(`openPage ${route}: ${String(e)}`));
        }, 0);
        return {};
      });
    const task = () => ({
      onProgressUpdate: () => undefined,
      abort: () => undefined,
      offProgressUpdate: () => undefined,
    });
    return {
      // ── base
      getSystemInfoSync: sync('getSystemInfoSync', () => ({ ...systemInfo })),
      getSystemInfo: api('getSystemInfo', () => ({ ...systemInfo })),
      getWindowInfo: sync('getWindowInfo', () => ({ ...windowInfo })),
      getDeviceInfo: sync('getDeviceInfo', () => ({
        brand: 'host',
        model: 'iPhone X',
        system: 'iOS 17.0',
        platform: 'ios',
        pixelRatio: 3,
      })),
      getAppBaseInfo: sync('getAppBaseInfo', () => ({
        SDKVersion: '3.4.0',
        version: '8.0.50',
        language: 'zh_CN',
        theme: 'light',
        enableDebug: false,
      })),
      getMenuButtonBoundingClientRect: sync('getMenuButtonBoundingClientRect', () => ({
        width: 87,
        height: 32,
        top: 48,
        right: 368,
        bottom: 80,
        left: 281,
      })),
      canIUse: sync('canIUse', () => true),
      nextTick: sync('nextTick', (fn: () => void) => void Promise.resolve().then(fn)),
      getLaunchOptionsSync: sync('getLaunchOptionsSync', () => ({ path: 'pages/index/index', query: {}, scene: 1001 })),
      getEnterOptionsSync: sync('getEnterOptionsSync', () => ({ path: 'pages/index/index', query: {}, scene: 1001 })),
      onAppShow: sync('onAppShow', () => undefined),
      onAppHide: sync('onAppHide', () => undefined),
      offAppShow: sync('offAppShow', () => undefined),
      offAppHide: sync('offAppHide', () => undefined),
      // ── storage
      getStorageSync: sync('getStorageSync', (k: string) => (host.storage.has(k) ? clone(host.storage.get(k)) : '')),
      setStorageSync: sync('setStorageSync', (k: string, v: unknown) => void host.storage.set(k, clone(v))),
      removeStorageSync: sync('removeStorageSync', (k: string) => void host.storage.delete(k)),
      getStorageInfoSync: sync('getStorageInfoSync', () => ({
        keys: [...host.storage.keys()],
        currentSize: 0,
        limitSize: 10240,
      })),
      // ── interface
      showToast: api('showToast', (o) => {
        host.toasts.push(String(o.title));
        return {};
      }),
      hideToast: api('hideToast', () => ({})),
      showLoading: api('showLoading', () => ({})),
      hideLoading: api('hideLoading', () => ({})),
      showModal: api('showModal', (o) => {
        host.modals.push(String(o.content));
        const confirm = host.user.modal ? host.user.modal(String(o.content)) : true;
        return { confirm, cancel: !confirm };
      }),
      pageScrollTo: api('pageScrollTo', () => ({})),
      stopPullDownRefresh: api('stopPullDownRefresh', () => ({})),
      setNavigationBarTitle: api('setNavigationBarTitle', () => ({})),
      hideHomeButton: api('hideHomeButton', () => ({})),
      setClipboardData: api('setClipboardData', () => ({})),
      previewImage: api('previewImage', () => ({})),
      createSelectorQuery: sync('createSelectorQuery', () => {
        const q = {
          in: () => q,
          select: () => q,
          selectAll: () => q,
          selectViewport: () => q,
          boundingClientRect: () => q,
          scrollOffset: () => q,
          fields: () => q,
          exec: (cb?: (r: unknown[]) => void) => setTimeout(() => cb?.([null]), 0),
        };
        return q;
      }),
      // ── routes
      navigateTo: navigate('navigateTo'),
      redirectTo: navigate('redirectTo'),
      reLaunch: navigate('reLaunch'),
      navigateBack: api('navigateBack', (o) => {
        const delta = Number(o.delta ?? 1);
        if (host.stack.length <= 1) throw fail('navigateBack', 'cannot navigate back at first page.');
        host.unloadAbove(Math.max(1, host.stack.length - delta));
        host.navigations.push(`back:${host.page.route}`);
        host.lifecycle(host.page, 'onShow');
        return {};
      }),
      // ── media and files
      chooseMedia: api('chooseMedia', (o) => {
        if (!host.tapping) throw fail('chooseMedia', 'api scope is not declared in the privacy agreement', 112);
        const r = host.user.chooseMedia?.() ?? 'cancel';
        if (r === 'cancel') throw fail('chooseMedia', 'cancel');
        if (!Array.isArray(r)) throw { errMsg: r.errMsg, errno: r.errno };
        if (r.length > Number(o.count ?? 9)) throw new Error('more files than count');
        return { type: 'image', tempFiles: r.map((f) => ({ ...f, fileType: 'image' })) };
      }),
      compressImage: api('compressImage', (o) => {
        const src = String(o.src);
        const content = host.localFiles.get(src);
        if (!content) throw fail('compressImage', 'file not found');
        return { tempFilePath: host.localFile('compressed.jpg', content) };
      }),
      chooseMessageFile: api('chooseMessageFile', () => {
        const r = host.user.chooseMessageFile?.() ?? 'cancel';
        if (r === 'cancel') throw fail('chooseMessageFile', 'cancel');
        if (!Array.isArray(r)) throw { errMsg: r.errMsg, errno: r.errno };
        return { tempFiles: r.map((f) => ({ ...f, type: 'file', time: Date.now() / 1000 })) };
      }),
      requestSubscribeMessage: api('requestSubscribeMessage', (o) => {
        // WeChat shows the popup only inside a tap (errCode 20001 otherwise).
        if (!host.tapping)
          throw { errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.', errCode: 20004 };
        const ids = o.tmplIds as string[];
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > 3)
          throw { errMsg: 'requestSubscribeMessage:fail invalid tmplIds', errCode: 10001 };
        host.subscribeRequests.push([...ids]);
        const answers = host.user.subscribe?.(ids) ?? Object.fromEntries(ids.map((id) => [id, 'accept']));
        return { ...answers };
      }),
      downloadFile: api('downloadFile', (o) => {
        throw fail('downloadFile', `url not in domain list: ${String(o.url)}`);
      }),
      openDocument: api('openDocument', (o) => {
        const filePath = String(o.filePath);
        if (!host.localFiles.has(filePath)) throw fail('openDocument', 'file not found');
        host.opened.push({ filePath, fileType: o.fileType as string | undefined });
        return {};
      }),
      login: api('login', () => ({ code: `code-${Date.now()}` })),
      // ── cloud
      cloud: {
        init: (o: { env?: unknown } = {}) => {
          host.count('cloud.init');
          if (!o.env) throw new Error('wx.cloud.init: env is required');
          host.cloudEnv = o.env;
        },
        callFunction: api('cloud.callFunction', async (o) => {
          if (!host.cloudEnv) throw fail('cloud.callFunction', 'cloud not initialised');
          return { result: clone(await host.cloud.callFunction(String(o.name), clone(o.data))) };
        }),
        uploadFile: (o: CallOptions) => {
          const run = api('cloud.uploadFile', async (opts) => {
            const content = host.localFiles.get(String(opts.filePath));
            if (!content) throw fail('cloud.uploadFile', 'file not found');
            const fileID = await host.cloud.uploadFile(String(opts.cloudPath), content);
            host.uploads.push(String(opts.cloudPath));
            return { fileID, statusCode: 200 };
          });
          const p = run(o);
          return p ?? task();
        },
        downloadFile: api('cloud.downloadFile', async (o) => {
          const content = await host.cloud.downloadFile(String(o.fileID));
          return {
            tempFilePath: host.localFile(String(o.fileID).split('/').pop() ?? 'file', content),
            statusCode: 200,
          };
        }),
      },
    };
  }

  /**
   * A view-layer message. One is this wcc's own limit, not the app's: Taro's input and textarea templates choose
   * their focus/blur variant through a WXS call on the node object, which this wcc build answers with undefined
   * (`type()` reaches those nodes through the page's data instead).
   */
  private viewError(message: string): void {
    if (/^WXMLRT_\$gwx:base\.wxml:template:\d+:\d+: Template `undefined` not found\.$/.test(message)) return;
    this.errors.push(`wxml: ${message}`);
  }

  private count(name: string): void {
    this.seen.set(name, (this.seen.get(name) ?? 0) + 1);
  }
}
