/**
 * The browser test harness: the real server on a free port with a fresh demo database, Debian's Chromium through
 * playwright-core at a phone's size, and helpers that read like what an official does (tap, type, look).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { ActionInput, ActionName, ActionOutput, ApiResult } from '../core/api/contract';
import { createDemo } from '../server/demo/createDemo';
import { serveDuban, type RunningServer } from '../server/http/serve';

export const ROOT = resolve(__dirname, '..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');
export const PHONE = { width: 375, height: 812 };
export const NARROW = { width: 320, height: 640 };
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export class Failure extends Error {}

/** axe-core from node_modules (never the network), injected into every page the flows look at. */
const AXE_SOURCE = readFileSync(join(require.resolve('axe-core'), '..', 'axe.min.js'), 'utf8');
/** The impacts that fail a run; minor and moderate ones are counted and printed. */
const AXE_FAILING = new Set(['serious', 'critical']);
/** DUBAN_AXE_SURVEY=1 counts violations without failing (to measure a page before fixing it). */
const AXE_SURVEY = process.env.DUBAN_AXE_SURVEY === '1';

export interface AxeRecord {
  page: string;
  /** rule id → nodes, with its impact */
  violations: { id: string; impact: string; nodes: number }[];
}

/** Every page checked in this run, in order, for the summary `run.ts` prints. */
export const AXE_LOG: AxeRecord[] = [];

/** Text scale of the large-text checks: WeChat's and the browser's largest font setting is about 1.5×. */
export const LARGE_TEXT = 1.5;

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Failure(message);
}

export interface Flow {
  name: string;
  /** Every Phone the flow opens goes into `phones`: the runner screenshots them on failure and closes them. */
  run(env: Env, phones: Phone[]): Promise<void>;
}

export interface Env {
  server: RunningServer;
  browser: Browser;
  baseUrl: string;
  tmp: string;
}

/** The newest modification time under a directory. */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function h5IsStale(): boolean {
  const index = join(ROOT, 'dist-h5', 'index.html');
  if (!existsSync(index)) return true;
  return Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'config'))) > statSync(index).mtimeMs;
}

export async function startEnv(): Promise<Env> {
  const tmp = mkdtempSync(join(tmpdir(), 'duban-e2e-'));
  const dbPath = join(tmp, 'duban.db');
  await createDemo(dbPath, { now: new Date().toISOString() });
  const server = await serveDuban({ dbPath, port: 0, demo: true, staticDir: join(ROOT, 'dist-h5'), silent: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { server, browser, baseUrl: server.url, tmp };
}

export async function stopEnv(env: Env): Promise<void> {
  await env.browser.close();
  await env.server.close();
  rmSync(env.tmp, { recursive: true, force: true });
}

/** Calls an action over HTTP as the app does (for setting up and checking what the screens show). */
export async function apiCall<A extends ActionName>(
  env: Env,
  token: string | null,
  action: A,
  payload: ActionInput<A>,
): Promise<ActionOutput<A>> {
  const res = await fetch(`${env.baseUrl}/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(payload),
  });
  const body = (await res.json()) as ApiResult<ActionOutput<A>>;
  if (!body.ok) throw new Failure(`${action} 失败：${body.error.code} ${body.error.message}`);
  return body.data;
}

export async function demoToken(
  env: Env,
  as: 'admin' | 'supervisor' | 'lead' | 'district' | 'viewer' | 'street',
): Promise<string> {
  return (await apiCall(env, null, 'demoLogin', { as })).token;
}

/** A few words of a task to search for: eight Chinese characters in a row, as an official would type them. */
export function searchWords(content: string): string {
  const run = /[\u4e00-\u9fa5]{8,}/.exec(content);
  if (!run) throw new Failure(`任务内容里没有可搜索的连续汉字：${content}`);
  return run[0].slice(0, 8);
}

/** One user's phone: a browser context at 375×812 with touch, and a counter of taps. */
export class Phone {
  taps = 0;
  private shots = 0;

  private constructor(
    readonly env: Env,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly flow: string,
  ) {}

  /** `fontPx`: the browser's default font size (its 字体大小 setting; 16 by default, 24 is 1.5×). */
  static async open(env: Env, flow: string, opts: { fontPx?: number } = {}): Promise<Phone> {
    const context = await env.browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    // tsx keeps function names with a `__name` helper, which functions passed to page.evaluate take along.
    await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const phone = new Phone(env, context, page, flow);
    page.on('pageerror', (e) => console.log(`  [${flow}] 页面脚本错误：${e.message}`));
    if (opts.fontPx) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: opts.fontPx } });
    }
    await page.goto(env.baseUrl + '/');
    return phone;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /**
   * A new window size. The viewport allows zoom, so the browser would keep a zoom it picked at the narrow size:
   * the page goes back to 100 %, as a phone shows it when opened.
   */
  async resize(size: { width: number; height: number }): Promise<void> {
    await this.page.setViewportSize(size);
    const cdp = await this.context.newCDPSession(this.page);
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 1 });
    await cdp.detach();
  }

  /** A tap, counted. */
  async tap(target: Locator): Promise<void> {
    await target.first().tap();
    this.taps += 1;
  }

  async see(text: string | RegExp, timeout = 15_000): Promise<Locator> {
    // the visible one: Taro's h5 keeps earlier pages of the stack in the document, hidden
    const loc = this.page.getByText(text).filter({ visible: true }).first();
    await loc.waitFor({ state: 'visible', timeout });
    return loc;
  }

  button(text: string | RegExp): Locator {
    return this.page.locator('.nut-button:visible', { hasText: text });
  }

  async screenshot(name: string, opts: { axe?: boolean } = {}): Promise<string> {
    this.shots += 1;
    await this.page.waitForTimeout(350); // toasts and transitions settle
    if (opts.axe !== false) await this.checkAccessibility(name);
    const file = join(SCREENSHOTS, `${this.flow}-${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: false });
    return file;
  }

  /**
   * axe-core's WCAG 2 A/AA rules on what the page shows now. Serious and critical violations fail the flow
   * (unless DUBAN_AXE_SURVEY=1); every violation is recorded for the summary.
   */
  async checkAccessibility(name: string): Promise<void> {
    const loaded = await this.page.evaluate(() => 'axe' in window);
    if (!loaded) await this.page.addScriptTag({ content: AXE_SOURCE });
    const result = await this.page.evaluate(async () => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const r = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? 'minor',
        nodes: v.nodes.length,
        where: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}：${n.failureSummary?.split('\n')[1] ?? ''}`),
      }));
    });
    const page = `${this.flow}-${String(this.shots).padStart(2, '0')}-${name}`;
    AXE_LOG.push({ page, violations: result.map(({ id, impact, nodes }) => ({ id, impact, nodes })) });
    const failing = result.filter((v) => AXE_FAILING.has(v.impact));
    if (!failing.length) return;
    const detail =
      `${page} 有无障碍问题（axe-core）：` +
      failing.map((v) => `${v.id}（${v.impact}）×${v.nodes}：${v.where.join('；')}`).join(' | ');
    if (!AXE_SURVEY) throw new Failure(detail);
    console.log(`  ${detail}`);
  }

  /** At 320 px wide nothing may stick out sideways. */
  async checkNoOverflowAt320(what: string): Promise<void> {
    await this.resize(NARROW);
    await this.page.waitForTimeout(400);
    const overflow = await this.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const offenders: string[] = [];
      document.querySelectorAll('body *').forEach((el) => {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && (r.right > width + 1 || r.left < -1)) {
          const style = getComputedStyle(el);
          if (style.position !== 'fixed' || r.right > width + 1)
            offenders.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`);
        }
      });
      return { scroll: document.documentElement.scrollWidth - width, offenders: offenders.slice(0, 5) };
    });
    const fits = await this.textFits();
    await this.screenshot(`${what}-320`);
    await this.resize(PHONE);
    await this.page.waitForTimeout(200);
    check(
      overflow.scroll <= 0 && overflow.offenders.length === 0,
      `${what} 在 320 像素宽时横向溢出：scrollWidth 多出 ${overflow.scroll}px，${overflow.offenders.join('；')}`,
    );
    check(fits.length === 0, `${what} 在 320 像素宽时文字被截断或重叠：${fits.join('；')}`);
  }

  /** At the page's current size: at 375 and at 320 px wide, no text is cut off or drawn over other text. */
  async checkTextFits(what: string): Promise<void> {
    for (const size of [PHONE, NARROW]) {
      await this.resize(size);
      await this.page.waitForTimeout(400);
      const fits = await this.textFits();
      await this.screenshot(`${what}-${size.width}`, { axe: size === PHONE });
      check(fits.length === 0, `${what} 在 ${size.width} 像素宽时文字被截断或重叠：${fits.join('；')}`);
    }
    await this.resize(PHONE);
    await this.page.waitForTimeout(200);
  }

  /**
   * Text that does not fit: a text whose box (or an ancestor that hides overflow) cuts it off, and two texts drawn
   * over each other. Deliberate truncation (an ellipsis or a line clamp, whose full text is on the next page and in
   * the aria-label) is not counted; nor is content passing under the fixed tab bar or action bar.
   */
  private async textFits(): Promise<string[]> {
    return this.page.evaluate(() => {
      const problems: string[] = [];
      const name = (el: Element) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]}`;
      const truncates = (cs: CSSStyleDeclaration) =>
        cs.textOverflow === 'ellipsis' || (cs.webkitLineClamp !== 'none' && cs.webkitLineClamp !== '');
      const fixedOf = (el: Element | null): Element | null => {
        for (let e = el; e; e = e.parentElement) {
          const p = getComputedStyle(e).position;
          if (p === 'fixed' || p === 'sticky') return e;
        }
        return null;
      };
      const texts: { el: Element; rects: DOMRect[]; fixed: Element | null; text: string }[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').trim();
        const el = n.parentElement;
        if (!text || !el) continue;
        const cs = getComputedStyle(el);
        if (cs.visibility === 'hidden' || Number(cs.opacity) === 0) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
        if (!rects.length) continue;
        // What is drawn: the text's lines within every ancestor that clips (a clamp's hidden lines are not).
        let clip = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
        for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
          const acs = getComputedStyle(a);
          if (acs.overflowX === 'visible' && acs.overflowY === 'visible') continue;
          const b = a.getBoundingClientRect();
          clip = {
            left: Math.max(clip.left, b.left),
            top: Math.max(clip.top, b.top),
            right: Math.min(clip.right, b.right),
            bottom: Math.min(clip.bottom, b.bottom),
          };
        }
        const drawn = rects
          .map(
            (r) =>
              new DOMRect(
                Math.max(r.left, clip.left),
                Math.max(r.top, clip.top),
                Math.min(r.right, clip.right) - Math.max(r.left, clip.left),
                Math.min(r.bottom, clip.bottom) - Math.max(r.top, clip.top),
              ),
          )
          .filter((r) => r.width > 0.5 && r.height > 0.5);
        if (drawn.length) texts.push({ el, rects: drawn, fixed: fixedOf(el), text: text.slice(0, 12) });
        // Cut off by its own box or by an ancestor that hides what sticks out.
        let truncated = false;
        for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
          const acs = getComputedStyle(a);
          if (truncates(acs)) {
            truncated = true;
            break;
          }
          const hidesX = acs.overflowX !== 'visible';
          const hidesY = acs.overflowY !== 'visible';
          if (!hidesX && !hidesY) continue;
          // Scrolling containers do not cut text off: it scrolls.
          if (/(auto|scroll)/.test(acs.overflowX + acs.overflowY)) continue;
          const box = a.getBoundingClientRect();
          const out = rects.some(
            (r) =>
              (hidesX && (r.right > box.right + 1 || r.left < box.left - 1)) ||
              (hidesY && (r.bottom > box.bottom + 1 || r.top < box.top - 1)),
          );
          if (out) {
            problems.push(`“${text.slice(0, 12)}”被 ${name(a)} 截断`);
            break;
          }
        }
        void truncated;
      }
      // Two texts over each other.
      for (let i = 0; i < texts.length && problems.length < 8; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i];
          const b = texts[j];
          if (a.el === b.el || a.fixed !== b.fixed) continue;
          const hit = a.rects.some((ra) =>
            b.rects.some((rb) => {
              const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
              const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
              return w > 2 && h > 2;
            }),
          );
          if (hit) {
            problems.push(`“${a.text}”与“${b.text}”重叠`);
            break;
          }
        }
      }
      return problems.slice(0, 8);
    });
  }

  /** Signs in through the bind page's 演示登录 section. */
  async demoLogin(name: string): Promise<void> {
    await this.see('演示登录');
    await this.tap(this.page.locator(`[aria-label^="以“${name}”身份登录"]`));
  }
}
