/**
 * The reporting cycle and leaders' instructions (issue 11):
 * - 芙蓉区's contact files 本期无新进展 in one tap from the task list, on a card that says 本期待报送;
 * - a leader (陈领导) writes a 批示 on a task; 芙蓉区's contact sees it at the top of the task and records 落实.
 * Robust to earlier flows: the cards are chosen through the API as they are when the flow starts.
 */
import { apiCall, check, demoToken, Phone, searchWords, type Flow } from '../harness';

export const contactNoChange: Flow = {
  name: '联络员在列表上一键报送“本期无新进展”',
  async run(env, phones) {
    const district = await demoToken(env, 'district');
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    const searchable = (content: string) => /[\u4e00-\u9fa5]{8,}/.test(content);
    const target = mine.items.find((c) => c.reportDue && searchable(c.content));
    check(target, '芙蓉区人民政府没有“本期待报送”的任务（演示数据应有每月28日前的报送周期）');
    const words = searchWords(target.content);

    const a = await Phone.open(env, '9-cycle-nochange');
    phones.push(a);
    await a.demoLogin('区县联络员');
    // earlier flows may have imported other tables for this unit: the card is found by search, not on the first page
    await a.page.locator('.task-card').first().waitFor();
    const search = a.page.locator('.tasks__search input');
    await search.fill(words);
    await search.press('Enter');
    const item = a.page.locator('.tasks__due-item', { hasText: words }).first();
    await item.waitFor();
    await a.screenshot('list-due');
    await a.checkNoOverflowAt320('list-due');
    check((await item.innerText()).includes('本期待报送'), '卡片上没有“本期待报送”');
    const tapsBefore = a.taps;
    await a.tap(item.locator('.tasks__due-button'));
    await a.see('已报送：本期无新进展');
    check(a.taps - tapsBefore === 1, '“本期无新进展”不是一次点击');
    // the list reloads: the card no longer asks for a report this period
    await a.page.locator('.tasks__due-item', { hasText: words }).first().waitFor({ state: 'detached' });
    await a.page.locator('.task-card', { hasText: words }).first().waitFor();
    await a.screenshot('list-after');

    // the report is what it says, for the reviewer too
    const detail = await apiCall(env, await demoToken(env, 'supervisor'), 'getTask', { taskId: target.taskId });
    const filed = detail.reports.find((r) => r.assignmentId === target.assignmentId && r.kind === 'noChange');
    check(filed && filed.text === '本期无新进展', '督查室看不到这条“本期无新进展”报送');
    // the task by its id: an earlier flow imports the 2018 table again, whose copy of this task reads the same
    await a.page.goto(`${env.baseUrl}/#/pages/task/index?id=${encodeURIComponent(target.taskId)}`);
    await a.page.reload();
    const badge = a.page.locator('.timeline__badge--nochange').first();
    await badge.waitFor();
    await badge.scrollIntoViewIfNeeded();
    await a.screenshot('task-nochange');
  },
};

export const viewerInstruction: Flow = {
  name: '领导作批示，联络员在任务顶部看到并报送落实',
  async run(env, phones) {
    const district = await demoToken(env, 'district');
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    const target = mine.items.find(
      (c) =>
        c.status !== 'closed' && c.status !== 'claimed' && !c.pendingReview && /[\u4e00-\u9fa5]{8,}/.test(c.content),
    );
    check(target, '芙蓉区人民政府没有未办结的任务');
    const words = searchWords(target.content);
    const text = `请芙蓉区于月底前拿出具体措施并报送成效（${Date.now() % 100000}）`;

    // The leader writes it on the task page.
    const v = await Phone.open(env, '9-cycle-viewer');
    phones.push(v);
    await v.demoLogin('领导');
    await v.page.locator('.dash__tiles').waitFor();
    await v.page.goto(`${env.baseUrl}/#/pages/task/index?id=${encodeURIComponent(target.taskId)}`);
    await v.see('承办单位');
    await v.tap(v.button('作批示'));
    await v.page.locator('.instruction-sheet textarea').fill(text);
    check(
      (await v.page.locator('.instruction-sheet input').inputValue()) === '陈领导',
      '批示领导没有默认填写作批示的领导姓名',
    );
    await v.screenshot('write');
    await v.tap(v.page.locator('.instruction-sheet .nut-button', { hasText: '提交批示' }));
    await v.see('批示已提交');
    await v.page.locator('.instructions__item', { hasText: text }).first().waitFor();
    await v.screenshot('written');
    // The dashboard lists it among the open 批示, beside the units that missed last period's report.
    await v.page.goto(`${env.baseUrl}/#/pages/dashboard/index`);
    const open = v.page.locator('.dash__due', { hasText: text }).first();
    await open.waitFor();
    await v.see('本期未按时报送');
    await open.scrollIntoViewIfNeeded();
    await v.screenshot('dashboard');
    await v.checkNoOverflowAt320('dashboard');

    // The contact sees it at the top of the task.
    const a = await Phone.open(env, '9-cycle-contact');
    phones.push(a);
    await a.demoLogin('区县联络员');
    const search = a.page.locator('.tasks__search input');
    await search.fill(words);
    await search.press('Enter');
    await a.tap(a.page.locator('.task-card', { hasText: words }));
    const shown = a.page.locator('.instructions__item', { hasText: text }).first();
    await shown.waitFor();
    const top = await a.page.evaluate(() => {
      const first = document.querySelector('.task .instructions');
      const head = document.querySelector('.task .task__head');
      return first && head ? first.getBoundingClientRect().top < head.getBoundingClientRect().top : false;
    });
    check(top, '批示没有显示在任务的最上方');
    check((await shown.innerText()).includes('陈领导'), '批示没有写明领导姓名');
    check((await shown.innerText()).includes('待落实'), '批示没有显示“待落实”');
    await a.screenshot('task-instruction');
    await a.checkNoOverflowAt320('task-instruction');

    // …and records 落实 as a report linked to it.
    await a.tap(shown.locator('.instructions__go'));
    await a.see('报送落实情况');
    await a.page.locator('textarea').first().fill('已召开专题会研究落实，制定三项具体措施，月底前报送成效。');
    await a.screenshot('follow-up');
    await a.tap(a.button(/^提交$/));
    await a.page.locator('.instructions__item', { hasText: text }).filter({ hasText: '已落实' }).first().waitFor();
    await a.page.locator('.timeline__badge--followup').first().waitFor();
    await a.screenshot('acted');
  },
};

export const adminCycle: Flow = {
  name: '管理员在“提醒设置”中查看并设置定期报送周期',
  async run(env, phones) {
    const p = await Phone.open(env, '9-cycle-admin');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('管理员');
    await p.tap(page.locator('.admin-home__entry', { hasText: '提醒设置' }));
    const section = page.locator('.cycles');
    await section.waitFor();
    // the demo's plan reports 每月28日前
    await section.locator('.cycles__row', { hasText: '每月28日前' }).first().waitFor();
    await section.scrollIntoViewIfNeeded();
    await p.screenshot('settings');

    // a stage of the plan reports every Friday
    const stage = section.locator('[aria-label="范围"] .cycles__chip').nth(1);
    const stageName = (await stage.innerText()).trim();
    await p.tap(stage);
    await p.tap(section.locator('.cycles__chip', { hasText: '每周' }));
    await p.tap(section.locator('.cycles__chip', { hasText: /^五$/ }));
    await p.tap(section.locator('.nut-button', { hasText: '保存报送周期' }));
    await p.see('报送周期已保存');
    const row = section.locator('.cycles__row', { hasText: '每周五' }).filter({ hasText: stageName });
    await row.first().waitFor();
    await row.first().scrollIntoViewIfNeeded();
    await p.screenshot('weekly');
    await p.checkNoOverflowAt320('cycles');
    const listed = await apiCall(env, await demoToken(env, 'admin'), 'listCycles', {});
    check(
      listed.cycles.some((c) => c.stage === stageName && c.ruleText === '每周五'),
      `阶段“${stageName}”的每周五报送周期没有保存`,
    );
    // …and taken off again, so later runs see the demo as it was
    await p.tap(row.first().locator('.cycles__remove'));
    await p.see('报送周期已取消');
    await row.first().waitFor({ state: 'detached' });
  },
};
