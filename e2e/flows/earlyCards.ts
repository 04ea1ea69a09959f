/**
 * The first cards before the app (issue 14): after a contact's list was drawn once, the next visit shows the same
 * page from index.html before the app's scripts have run (config/earlyRequests.ts, src/lib/earlyView.ts), with the
 * same words and the same look as the app's own list; a card tapped on it opens that task once the app is there;
 * the app takes it away with no second request; a `me` that says the session ended takes it away before the app
 * runs and forgets it; another token never sees it and, refused, forgets it (as signing out does: the session's dropPrefetch).
 */
import sharp from 'sharp';
import type { Route } from 'playwright-core';
import { check, Phone, type Flow } from '../harness';

const SNAPSHOT_KEY = 'duban.tasksSnapshot';
const BIND_WORDS = '请输入管理员发给您的邀请码';

/** Mean difference per channel (0–255) between two screenshots of the same size. */
async function meanDiff(a: string, b: string): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((f) => sharp(f).removeAlpha().raw().toBuffer()));
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i] - y[i]);
  return sum / x.length;
}

export const earlyCards: Flow = {
  name: '回访：应用脚本运行之前先显示上次的任务卡片（与应用的卡片相同），点卡片可打开任务，会话结束即清除',
  async run(env, phones) {
    const p = await Phone.open(env, '20-early');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('区县联络员');
    await page.locator('.task-card').first().waitFor();
    await page.waitForFunction((k) => localStorage.getItem(k) !== null, SNAPSHOT_KEY, { timeout: 10_000 });
    const appCards = await page.locator('.task-card').allInnerTexts();
    const appShot = await p.screenshot('app-list');

    // the next visit with the app's scripts held back: what index.html shows by itself
    const held: Route[] = [];
    await page.route('**/js/*.js', (route) => void held.push(route));
    const api: string[] = [];
    page.on('request', (r) => {
      const m = /\/api\/([A-Za-z]+)/.exec(r.url());
      if (m) api.push(m[1]);
    });
    // the held scripts keep the page from its load event
    await page.goto(env.baseUrl + '/', { waitUntil: 'commit' });
    await page.locator('#duban-early .task-card').first().waitFor();
    const earlyCardsText = await page.locator('#duban-early .task-card').allInnerTexts();
    check(
      JSON.stringify(earlyCardsText) === JSON.stringify(appCards),
      `应用运行前的卡片与应用的卡片文字不同：${earlyCardsText.length} 张 / ${appCards.length} 张`,
    );
    check(
      held.length > 0 && (await page.evaluate(() => document.getElementById('app')?.childElementCount ?? 0)) === 0,
      '应用的脚本已经运行，无法确认卡片是 index.html 先显示的',
    );
    const components = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('#duban-early *')).filter((e) => /^TARO-.*-CORE$/.test(e.tagName)).length,
    );
    check(components === 0, `应用运行前的页面里有 ${components} 个 Taro 组件元素，应用定义组件时会逐个升级重绘`);
    const earlyShot = await p.screenshot('before-app', { axe: false });
    const diff = await meanDiff(appShot, earlyShot);
    console.log(`  应用运行前的页面与应用的页面逐像素平均差 ${diff.toFixed(2)}（0–255）`);
    check(diff < 2, `应用运行前的页面与应用的页面看起来不同（逐像素平均差 ${diff.toFixed(2)}）`);

    // a tap on the second card before the app runs: the app opens that task when it takes over
    const second = page.locator('#duban-early .task-card').nth(1);
    const taskId = await second.getAttribute('data-task');
    check(taskId, '应用运行前的卡片没有任务编号，点了无法打开');
    await second.tap();
    await page.unroute('**/js/*.js');
    // held ones go on (unroute may have let them go already)
    for (const r of held) await r.continue().catch(() => undefined);
    await page.waitForURL((u) => u.href.includes(`pages/task/index?id=${encodeURIComponent(taskId)}`), {
      timeout: 30_000,
    });
    await page.locator('#duban-early').waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
    const count = (a: string) => api.filter((x) => x === a).length;
    check(
      count('me') === 1 && count('listMyTasks') === 1,
      `再次打开时请求了：${api.join('、')}（me 和任务列表应各 1 次）`,
    );
    console.log(`  应用运行前点了第 2 张卡片，应用接手后打开了该任务；请求：${api.join('、')}`);
    await p.screenshot('tapped-before-app');

    // a plain return: the app draws its own list in the same place and takes the copy away
    await page.goto(env.baseUrl + '/');
    await page.locator('.taro_page .task-card').first().waitFor();
    await page.locator('#duban-early').waitFor({ state: 'detached' });
    const afterShot = await p.screenshot('app-after-early');
    const after = await meanDiff(appShot, afterShot);
    check(after < 2, `应用接手后的页面与上次不同（逐像素平均差 ${after.toFixed(2)}）`);

    // `me` says the session ended (the server no longer knows the token): gone before the app runs, and forgotten
    await page.route('**/js/*.js', (route) => void held.push(route));
    held.length = 0;
    await page.route('**/api/me', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'UNAUTHENTICATED', message: '登录已失效' } }),
      }),
    );
    await page.goto(env.baseUrl + '/', { waitUntil: 'commit' });
    await page.waitForFunction((k) => localStorage.getItem(k) === null, SNAPSHOT_KEY, { timeout: 15_000 });
    check((await page.locator('#duban-early').count()) === 0, '会话已结束，应用运行前的卡片仍在显示');
    await page.unroute('**/js/*.js');
    await page.unroute('**/api/me');
    for (const r of held) await r.continue().catch(() => undefined);
    // the router may keep a hidden copy of the page it left: the visible one
    await page.getByText(BIND_WORDS).filter({ visible: true }).first().waitFor();

    // log in again, then another token in storage: never shown to it, and forgotten when that token is refused
    await p.demoLogin('区县联络员');
    await page.locator('.task-card').first().waitFor();
    await page.waitForFunction((k) => localStorage.getItem(k) !== null, SNAPSHOT_KEY, { timeout: 10_000 });
    await page.evaluate(() => localStorage.setItem('duban.token', JSON.stringify({ data: 'someone-else' })));
    await page.addInitScript(`new MutationObserver(() => { if (document.getElementById('duban-early')) window.__sawEarly = true; })
      .observe(document, { childList: true, subtree: true });`);
    await page.goto(env.baseUrl + '/');
    // the router may keep a hidden copy of the page it left: the visible one
    await page.getByText(BIND_WORDS).filter({ visible: true }).first().waitFor();
    check(
      !(await page.evaluate(() => (window as unknown as { __sawEarly?: boolean }).__sawEarly)),
      '另一个登录看到了上次的卡片',
    );
    check(
      (await page.evaluate((k) => localStorage.getItem(k), SNAPSHOT_KEY)) === null,
      '登录失效后上次的卡片仍保存在本机',
    );
    console.log('  登录失效时卡片在应用运行前即被移除并清除；另一个登录看不到，登录被拒后不再保存');
  },
};
