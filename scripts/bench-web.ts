/**
 * `npm run bench:web`: how long a returning contact waits for their task cards in the browser app, beside the
 * floor: a static HTML page of the same cards (no script), served on the same machine through the same throttle.
 *
 * The real server (`serveDuban`, dist-h5/ built when stale) on a fresh demo database; Debian's Chromium through
 * playwright-core at a phone's size, with CDP network throttling (DevTools' "Slow 4G": 562.5 ms round trip,
 * 1.44 Mbit/s down, 675 kbit/s up) and the CPU slowed 4×. The user is the demo's district contact (刘联络), whose
 * home is the task list, with the token already in storage. Two visits each:
 *   first   a fresh browser profile (nothing cached): what a returning user gets after the cache was emptied
 *   return  the same profile again (the HTTP cache as the first visit left it): the everyday case
 * "Cards" is the first frame after the first task card is in the page (a MutationObserver installed before any
 * script, then requestAnimationFrame), in ms since navigation start: for a returning contact these are the cards
 * index.html shows from the last visit's snapshot before the app's scripts run (config/earlyRequests.ts), so the
 * time the app's own cards replace them ("app's own cards": a card in the app's page and the snapshot gone) is
 * printed beside it. Also printed: bytes on the wire (as
 * transferred, headers included), the number of requests, and the API calls made (duplicates show).
 * Options: --runs N (3); --dist DIR: serve another build of the h5 app (e.g. main's dist-h5/, for a before
 * figure on the same machine in the same hour) instead of building and serving this one's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { ActionOutput, ApiResult, AssignmentCard } from '../core/api/contract';
import { createDemo } from '../server/demo/createDemo';
import { serveDuban } from '../server/http/serve';
import { CHROMIUM, h5IsStale, ROOT } from '../e2e/harness';
import { arg } from './bench/util';

const RUNS = arg('runs', 3);
const DIST_AT = process.argv.indexOf('--dist');
const DIST = DIST_AT > 0 ? process.argv[DIST_AT + 1] : null;
/** DevTools' "Slow 4G" (formerly "Fast 3G"). */
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const CPU_SLOWDOWN = 4;
const TOKEN_KEY = 'duban.token';

interface Visit {
  cardsMs: number;
  /** The app's own cards (the same as cardsMs when nothing was shown before the app); NaN for the static page. */
  appCardsMs: number;
  wireBytes: number;
  requests: number;
  api: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Runs in the page before anything else: notes the first frame after the first task card appears. A string, not a
 * function: tsx's transform would put its own helpers into a function's source, which the page does not have.
 */
const WATCH_CARDS = `(() => {
  const observer = new MutationObserver(() => {
    if (window.__cardsAt === undefined && document.querySelector('.task-card')) {
      window.__cardsAt = -1;
      requestAnimationFrame(() => { window.__cardsAt = performance.now(); });
    }
    if (window.__appCardsAt === undefined && document.querySelector('.taro_page .task-card') && !document.getElementById('duban-early')) {
      window.__appCardsAt = -1;
      observer.disconnect();
      requestAnimationFrame(() => { window.__appCardsAt = performance.now(); });
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  window.__marks = [];
  for (const k of ['pushState', 'replaceState']) {
    const f = history[k].bind(history);
    history[k] = (a, b, url) => { window.__marks.push([k + ' ' + url, Math.round(performance.now())]); return f(a, b, url); };
  }
  addEventListener('DOMContentLoaded', () => window.__marks.push(['dcl', Math.round(performance.now())]));
})();`;

async function visit(context: BrowserContext, url: string): Promise<Visit> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  let wireBytes = 0;
  let requests = 0;
  const api: string[] = [];
  cdp.on('Network.requestWillBeSent', (e: { request: { url: string } }) => {
    requests += 1;
    const m = /\/api\/([A-Za-z]+)/.exec(e.request.url);
    if (m) api.push(m[1]);
  });
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    wireBytes += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction('(window.__cardsAt ?? -1) > 0', null, {
    timeout: 120_000,
    polling: 50,
  });
  const cardsMs = (await page.evaluate('window.__cardsAt')) as number;
  const isApp = (await page.evaluate("document.getElementById('app') !== null")) as boolean;
  if (isApp) await page.waitForFunction('(window.__appCardsAt ?? -1) > 0', null, { timeout: 120_000, polling: 50 });
  const appCardsMs = isApp ? ((await page.evaluate('window.__appCardsAt')) as number) : NaN;
  if (process.env.BENCH_WEB_TRACE) {
    console.log(
      await page.evaluate(
        `JSON.stringify(performance.getEntriesByType('resource').map(e => [e.name.replace(/^.*\\//, ''), Math.round(e.startTime), Math.round(e.responseEnd)]).concat(window.__marks))`,
      ),
    );
  }
  // Let what the page still fetches after the cards (the review count, late chunks) land before counting bytes.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  if (process.env.BENCH_WEB_TRACE) {
    console.log(
      await page.evaluate(
        `JSON.stringify({ snapshotKept: localStorage.getItem('duban.tasksSnapshot') !== null, early: window.__dubanEarly && { entered: window.__dubanEarly.entered, build: window.__dubanEarly.build, shown: typeof window.__dubanEarly.release === 'function' } })`,
      ),
    );
  }
  await page.close();
  return { cardsMs, appCardsMs, wireBytes, requests, api };
}

/** The floor: the same cards as plain HTML with a little inline CSS, one request, no script. */
function staticPage(cards: AssignmentCard[]): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const items = cards
    .map(
      (c) =>
        `<div class="task-card task-card--${c.light}"><div class="h">第 ${c.seq} 项${c.stage ? ` · ${esc(c.stage)}` : ''}` +
        `<span class="l">${c.light}</span></div><div class="t">${esc(c.content)}</div>` +
        `<div class="f">${esc(c.unitName)} · ${esc(c.status)} · ${c.dueDate ?? ''}</div></div>`,
    )
    .join('');
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '<title>督办通</title><style>body{margin:0;padding:12px;background:#f3f5f8;font:15px sans-serif}' +
    '.task-card{background:#fff;border-radius:8px;padding:12px;margin-bottom:10px}.h{color:#666;font-size:13px}' +
    '.l{float:right}.t{margin:6px 0;line-height:1.5}.f{color:#888;font-size:12px}</style></head><body>' +
    `<div>共 ${cards.length} 项</div>${items}</body></html>`
  );
}

async function serveStatic(html: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function measure(
  browser: Browser,
  url: string,
  token: string | null,
): Promise<{ first: Visit[]; back: Visit[] }> {
  const first: Visit[] = [];
  const back: Visit[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    if (token) {
      await context.addInitScript(
        `localStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(JSON.stringify({ data: token }))});`,
      );
    }
    await context.addInitScript(WATCH_CARDS);
    first.push(await visit(context, url));
    back.push(await visit(context, url));
    await context.close();
  }
  return { first, back };
}

function summary(label: string, visits: Visit[]): { ms: number; line: string } {
  const ms = median(visits.map((v) => v.cardsMs));
  const kb = median(visits.map((v) => v.wireBytes)) / 1024;
  const reqs = median(visits.map((v) => v.requests));
  return {
    ms,
    line: `${label.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms   ${kb.toFixed(0).padStart(5)} KB   ${reqs} requests`,
  };
}

async function main(): Promise<void> {
  if (!DIST && h5IsStale()) {
    console.log('dist-h5/ is older than src/: building it (taro build --type h5)…');
    const b = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (b.status !== 0) throw new Error('taro build --type h5 failed');
  }
  const tmp = mkdtempSync(join(tmpdir(), 'duban-bench-web-'));
  const dbPath = join(tmp, 'duban.db');
  await createDemo(dbPath, { now: new Date().toISOString() });
  const server = await serveDuban({
    dbPath,
    port: 0,
    demo: true,
    staticDir: DIST ?? join(ROOT, 'dist-h5'),
    silent: true,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic'],
  });
  const post = async <T>(action: string, body: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${server.url}/api/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const r = (await res.json()) as ApiResult<T>;
    if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
  try {
    const { token } = await post<ActionOutput<'demoLogin'>>('demoLogin', { as: 'district' });
    const list = await post<ActionOutput<'listMyTasks'>>('listMyTasks', { page: 1, pageSize: 20 }, token);
    const floor = await serveStatic(staticPage(list.items));
    try {
      const index = await fetch(`${server.url}/`);
      const js = /(?:src|href)="([^"]+\.js)"/.exec(await index.text());
      const asset = js ? await fetch(`${server.url}${js[1]}`, { headers: { 'accept-encoding': 'gzip, br' } }) : null;
      const app = await measure(browser, `${server.url}/`, token);
      const base = await measure(browser, floor.url, null);
      const rows = [
        summary('app, first visit', app.first),
        summary('app, returning', app.back),
        summary('static, first visit', base.first),
        summary('static, returning', base.back),
      ];
      console.log(
        `Time to task cards, ${list.items.length} cards (of ${list.total}), Slow 4G + CPU ${CPU_SLOWDOWN}×, median of ${RUNS}:`,
      );
      for (const r of rows) console.log(`  ${r.line}`);
      console.log(`  ratio, first visit      ${(rows[0].ms / rows[2].ms).toFixed(2)} × the static page (target ≤ 2)`);
      console.log(`  ratio, returning        ${(rows[1].ms / rows[3].ms).toFixed(2)} × the static page (target ≤ 2)`);
      const own = (v: Visit[]) =>
        median(v.map((x) => x.appCardsMs))
          .toFixed(0)
          .padStart(6);
      console.log(`  app's own cards         first visit ${own(app.first)} ms, returning ${own(app.back)} ms`);
      console.log(`  API calls, first visit: ${app.first[0].api.join(', ')}`);
      console.log(`  API calls, returning:   ${app.back[0].api.join(', ')}`);
      console.log(
        `  headers: index.html cache-control=${index.headers.get('cache-control') ?? '(none)'}; ` +
          `${js?.[1] ?? 'js'} cache-control=${asset?.headers.get('cache-control') ?? '(none)'}, ` +
          `content-encoding=${asset?.headers.get('content-encoding') ?? '(none)'}`,
      );
    } finally {
      floor.server.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
