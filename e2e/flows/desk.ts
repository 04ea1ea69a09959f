/**
 * The supervisor's desk (issue 10), in Chromium at 375 and 320 px:
 * - a supervisor finds task 2 by searching the whole table, taps the 逾期 tile for the filtered list, opens a unit
 *   from the ranking and urges it (a second urge right after is answered as already urged);
 * - a contact sees 被退回 with the reason on its list and at the top of the task;
 * - a lead contact's 待办 badge counts a new claim, and the item opens its task;
 * - a report reloaded mid-draft shows its photo and a way back, and 提交 lands on the task page with one report.
 */
import { demoPhoto } from '../../server/demo/png';
import { apiCall, check, demoToken, Phone, searchWords, type Flow } from '../harness';

export const supervisorDesk: Flow = {
  name: '督查室搜索全部任务、点逾期进入清单、从排名进入单位并催办',
  async run(env, phones) {
    const p = await Phone.open(env, '10-desk-supervisor');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('督查室');
    await page.locator('.dash__tiles').waitFor();

    // The whole table: every task (the 32 of the 2018 table, and what earlier flows imported), searchable
    // (政务云 is in tasks 2 and 5 of the 2018 table)
    const sup = await demoToken(env, 'supervisor');
    const all = await apiCall(env, sup, 'listTasks', {});
    check(all.total >= 32, `督查室只看到 ${all.total} 项任务`);
    await p.tap(page.locator('.tabbar__item', { hasText: '任务' }));
    await p.see(`共 ${all.total} 项任务`);
    const search = page.locator('.tasks__search input');
    await search.fill('政务云');
    await search.press('Enter');
    const found = await apiCall(env, sup, 'listTasks', { q: '政务云' });
    await p.see(`共 ${found.total} 项任务`);
    const seqs = await page.locator('.task-row .task-card__stage').allInnerTexts();
    check(
      seqs.some((s) => s.startsWith('第2项')) && seqs.some((s) => s.startsWith('第5项')),
      `搜索“政务云”应找到第2、5项：${seqs.join('；')}`,
    );
    await p.screenshot('search');
    await p.checkNoOverflowAt320('search');
    await p.tap(page.locator('.task-row', { hasText: '第2项' }));
    await p.see('承办单位');
    await page.goBack();

    // The 逾期 tile opens the table filtered to the tasks with overdue work
    await p.tap(page.locator('.tabbar__item', { hasText: '看板' }));
    await p.tap(page.locator('.dash__tile--red'));
    await page.locator('.tasks__filter--active', { hasText: '逾期' }).waitFor();
    await page.locator('.task-row').first().waitFor();
    const red = await apiCall(env, sup, 'listTasks', { light: 'red' });
    await p.see(`共 ${red.total} 项任务`);
    check(
      (await page.locator('.task-row').count()) === Math.min(20, red.total) &&
        (await page.locator('.task-row--red').count()) === Math.min(20, red.total),
      '逾期清单里有不是逾期的任务',
    );
    await p.screenshot('overdue-tasks');
    await p.checkNoOverflowAt320('overdue-tasks');
    await page.goBack();

    // A unit from the ranking: its page, then 催办
    const row = page.locator('.dash__unit-row').first();
    await row.scrollIntoViewIfNeeded();
    const unitName = (await row.locator('.dash__unit-name').innerText()).trim();
    await p.tap(row);
    await page.locator('.unit__name', { hasText: unitName }).waitFor();
    await page.locator('.unit__row').first().waitFor();
    await p.screenshot('unit');
    await p.checkNoOverflowAt320('unit');
    const urgeButton = page.locator('.unit__urge').first();
    await urgeButton.scrollIntoViewIfNeeded();
    await p.tap(urgeButton);
    await page.locator('.text-prompt textarea').fill('请本周内报送整改进展。');
    await p.tap(page.locator('.text-prompt .nut-button', { hasText: '催办' }));
    await p.see(/已催办 1 个单位|刚刚已催办过/);
    await page.locator('.unit__row .urge-line').first().waitFor();
    await p.screenshot('unit-urged');
    // the same unit again right away: nothing is sent twice
    await p.tap(page.locator('.unit__urge').first());
    await p.tap(page.locator('.text-prompt .nut-button', { hasText: '催办' }));
    await p.see('刚刚已催办过，未重复发送');
    await p.screenshot('unit-urged-again');
  },
};

export const contactSeesReturned: Flow = {
  name: '责任单位在任务列表和任务页顶部看到“被退回”和原因',
  async run(env, phones) {
    const district = await demoToken(env, 'district');
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    const returned = mine.items.find((c) => c.returned);
    check(returned?.returned, '芙蓉区人民政府没有被退回的报送（演示数据里应有一条）');
    const p = await Phone.open(env, '10-desk-returned');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('区县联络员');
    const search = page.locator('.tasks__search input');
    await search.fill(searchWords(returned.content));
    await search.press('Enter');
    const card = page.locator('.task-card', { has: page.locator('.task-card__returned') }).first();
    await card.waitFor();
    check((await card.innerText()).includes('被退回'), '被退回的任务卡片上没有“被退回”');
    await card.scrollIntoViewIfNeeded();
    await p.screenshot('list');
    await p.checkNoOverflowAt320('list');
    await p.tap(card);
    await page.locator('.task__returned').waitFor();
    check((await page.locator('.task__returned').innerText()).includes('退回原因'), '任务页顶部没有退回原因');
    await p.screenshot('task');
    await p.checkNoOverflowAt320('task');
  },
};

export const leadInboxBadge: Flow = {
  name: '牵头单位联络员的待办角标计入新的办结申请，点开进入任务',
  async run(env, phones) {
    const lead = await demoToken(env, 'lead');
    const district = await demoToken(env, 'district');
    const before = await apiCall(env, lead, 'inbox', {});
    const p = await Phone.open(env, '10-desk-inbox');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('牵头单位联络员');
    const badge = page.locator('.tabbar__item', { hasText: '待办' }).locator('.tabbar__badge');
    if (before.total > 0) await badge.waitFor();
    const shownBefore = before.total > 0 ? Number(await badge.innerText()) : 0;
    check(shownBefore === Math.min(before.total, 99), `待办角标应为 ${before.total}，显示 ${shownBefore}`);

    // 芙蓉区 claims a task 市政务服务中心 leads
    const led = new Set((await apiCall(env, lead, 'listTasks', {})).items.map((t) => t.taskId));
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    const target = mine.items.find(
      (c) => led.has(c.taskId) && c.role === 'responsible' && !['closed', 'claimed'].includes(c.status),
    );
    check(target, '没有由市政务服务中心牵头、芙蓉区人民政府可申请办结的任务');
    const text = `已全部完成，申请办结（待办 ${Date.now()}）`;
    await apiCall(env, district, 'submitReport', {
      assignmentId: target.assignmentId,
      requestId: `inbox-${Date.now()}`,
      text,
      claimDone: true,
    });

    await page.reload();
    await page.locator('.tabbar__item', { hasText: '待办' }).locator('.tabbar__badge').waitFor();
    await p.see(String(Math.min(before.total + 1, 99)));
    const after = Number(
      await page.locator('.tabbar__item', { hasText: '待办' }).locator('.tabbar__badge').innerText(),
    );
    check(after === Math.min(before.total + 1, 99), `新的办结申请后待办角标应为 ${before.total + 1}，显示 ${after}`);
    await p.screenshot('badge');
    await p.tap(page.locator('.tabbar__item', { hasText: '待办' }));
    const item = page.locator('.inbox__item', { hasText: '待审核' }).filter({ hasText: target.content.slice(0, 10) });
    await item.first().waitFor();
    await p.screenshot('inbox');
    await p.checkNoOverflowAt320('inbox');
    await p.tap(item.first());
    await page.locator('.timeline__item', { hasText: text }).first().waitFor();
    await p.screenshot('task');
  },
};

export const reloadMidDraft: Flow = {
  name: '报送中途刷新：照片仍在、可返回任务，提交后回到任务页且只有一条报送',
  async run(env, phones) {
    const district = await demoToken(env, 'district');
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    let target: (typeof mine.items)[number] | undefined;
    for (const c of mine.items) {
      if (c.status === 'closed' || c.status === 'claimed') continue;
      const d = await apiCall(env, district, 'getTask', { taskId: c.taskId });
      if (d.can.report) {
        target = c;
        break;
      }
    }
    check(target, '芙蓉区人民政府没有可以报送进展的任务');
    const p = await Phone.open(env, '10-desk-draft');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('区县联络员');
    // the login lands on the home page first; going elsewhere before it does races the app's own navigation
    await page.locator('.task-card').first().waitFor();
    await page.goto(`${env.baseUrl}/#/pages/task/index?id=${encodeURIComponent(target.taskId)}`);
    // a full load of that address: the router reads the task id from it whatever page was open before
    await page.reload();
    await p.see('承办单位');
    await p.tap(p.button('提交进展'));
    await p.see('办理进展');
    await page.locator('.report__task-name').waitFor();
    check(
      (await page.locator('.report__task-name').innerText()).includes(`第${target.seq}项`),
      '报送页没有写明是哪项任务',
    );
    const text = `中途刷新后继续报送（${Date.now()}）`;
    await page.locator('textarea').first().fill(text);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.locator('[aria-label="添加照片"]').first().tap(),
    ]);
    await chooser.setFiles({ name: '现场.png', mimeType: 'image/png', buffer: demoPhoto(1) });
    await page.locator('.report__photo--done').first().waitFor();
    await page.waitForTimeout(600); // the draft is kept 300 ms after a change

    await page.reload();
    await p.see('已恢复上次未提交的草稿');
    await page.locator('.report__photo--done').first().waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('.report__photo--done img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await page.locator('.report__back', { hasText: '返回任务' }).waitFor();
    await p.screenshot('restored');
    await p.checkNoOverflowAt320('restored');

    // two quick taps on 提交: one report, and the page lands on the task
    const submit = p.button(/^提交$/);
    await Promise.all([
      submit.first().tap(),
      submit
        .first()
        .tap()
        .catch(() => undefined),
    ]);
    await page.locator('.timeline__item', { hasText: text }).first().waitFor();
    await p.see('承办单位');
    await p.screenshot('landed');
    const detail = await apiCall(env, district, 'getTask', { taskId: target.taskId });
    const made = detail.reports.filter((r) => r.text === text);
    check(made.length === 1, `提交后应只有一条报送，实际 ${made.length} 条`);
    check(made[0].photos.length === 1, '刷新后提交的报送没有带上照片');
  },
};
