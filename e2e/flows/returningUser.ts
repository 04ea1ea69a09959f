/**
 * A returning contact (issue 14): with the token from the last session in storage, opening the app again shows
 * the task cards with one `me` and one `listMyTasks`, both sent by index.html itself before the app's scripts ran
 * (config/earlyRequests.ts) and taken by the app instead of asking again, opened on the list without the launch
 * page; with a token the server no longer accepts, the same start ends on the binding page.
 */
import { check, Phone, type Flow } from '../harness';

export const returningUser: Flow = {
  name: '回访：已登录的联络员再次打开，页面先发出 me 和任务列表，应用直接用它们，不重复请求',
  async run(env, phones) {
    const p = await Phone.open(env, '9-returning');
    phones.push(p);
    await p.demoLogin('区县联络员');
    await p.page.locator('.task-card').first().waitFor();

    const api: { action: string; at: number }[] = [];
    p.page.on('request', (r) => {
      const m = /\/api\/([A-Za-z]+)/.exec(r.url());
      if (m) api.push({ action: m[1], at: Date.now() });
    });
    await p.page.reload();
    await p.page.locator('.task-card').first().waitFor();
    await p.page.waitForLoadState('networkidle');
    const count = (a: string) => api.filter((x) => x.action === a).length;
    check(count('me') === 1, `再次打开时 me 请求了 ${count('me')} 次（应为 1 次）`);
    check(count('listMyTasks') === 1, `再次打开时任务列表请求了 ${count('listMyTasks')} 次（应为 1 次）`);
    const early = await p.page.evaluate(() => {
      const e = (window as unknown as { __dubanEarly?: { sent: Record<string, unknown> } }).__dubanEarly;
      return e ? Object.keys(e.sent) : null;
    });
    check(early !== null, 'index.html 没有提前发出请求（window.__dubanEarly 不存在）');
    check(early.length === 0, `应用没有取用 index.html 提前发出的请求：${early.join('、')}`);
    console.log(`  再次打开：${api.map((x) => x.action).join('、')}；提前请求已全部被应用取用`);
    check(p.page.url().includes('pages/tasks/index'), `再次打开后地址是 ${p.page.url()}（应直接是任务列表）`);
    await p.screenshot('returning-tasks');

    // a token the server no longer knows, with the task list remembered as home: opened on the list, then sent to
    // binding by the session (the launch page that used to do it is skipped)
    await p.page.evaluate(() => localStorage.setItem('duban.token', JSON.stringify({ data: 'no-such-token' })));
    await p.page.goto(p.page.url().split('#')[0]);
    await p.see('请输入管理员发给您的邀请码');
    check(p.page.url().includes('pages/bind/index'), `失效的登录再次打开后地址是 ${p.page.url()}（应为绑定页）`);
    await p.screenshot('returning-unbound');
  },
};
