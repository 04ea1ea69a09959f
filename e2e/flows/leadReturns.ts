/**
 * 芙蓉区's contact claims a task done; the lead unit's contact (市政务服务中心) returns it with a reason from the
 * 待审核 queue; the district contact opens the task again and reads why.
 */
import { apiCall, check, demoToken, Phone, searchWords, type Flow } from '../harness';

export const leadReturns: Flow = {
  name: '牵头单位联络员退回办结申请，责任单位看到退回原因',
  async run(env, phones) {
    const lead = await demoToken(env, 'lead');
    const district = await demoToken(env, 'district');
    const led = await apiCall(env, lead, 'listMyTasks', { role: 'lead', pageSize: 100 });
    const ledTaskIds = new Set(led.items.map((c) => c.taskId));
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    const target = mine.items.find(
      (c) =>
        ledTaskIds.has(c.taskId) &&
        !c.pendingReview &&
        c.status !== 'closed' &&
        c.status !== 'claimed' &&
        c.content.length > 16,
    );
    check(target, '没有找到由市政务服务中心牵头、芙蓉区人民政府承办且未办结的任务');
    const words = searchWords(target.content);

    // The district contact claims completion.
    const a = await Phone.open(env, '2-return-district');
    phones.push(a);
    await a.demoLogin('区县联络员');
    const search = a.page.locator('.tasks__search input');
    await search.fill(words);
    await search.press('Enter');
    await a.tap(a.page.locator('.task-card', { hasText: words }));
    await a.tap(a.button('提交进展'));
    const text = `本单位任务已全部完成，申请办结（${Date.now()}）`;
    await a.page.locator('textarea').first().fill(text);
    await a.tap(a.page.locator('.report__claim .nut-switch'));
    await a.screenshot('claim');

    // The draft survives leaving the page…
    await a.page.waitForTimeout(600);
    await a.page.goBack();
    await a.tap(a.button('提交进展'));
    await a.see('已恢复上次未提交的草稿');
    check((await a.page.locator('textarea').first().inputValue()) === text, '离开页面后草稿没有恢复');
    check(
      !(await a.page.locator('.report__claim .nut-switch').first().getAttribute('class'))?.includes('nut-switch-close'),
      '离开页面后“申请办结”开关没有恢复',
    );
    // …and a lost network: the submit fails with a sentence that says the draft is kept, then succeeds once online.
    await a.context.setOffline(true);
    await a.tap(a.button(/^提交$/));
    await a.see('网络不通，草稿已保存');
    await a.screenshot('offline');
    await a.context.setOffline(false);
    await a.tap(a.button(/^提交$/));
    const claimed = a.page.locator('.timeline__item', { hasText: text });
    await claimed.first().waitFor();
    check((await claimed.first().innerText()).includes('待审核'), '办结申请提交后没有显示“待审核”');
    await a.screenshot('claimed');
    // Back on the list, the card says it waits for review (the list reloads when shown again).
    await a.page.goBack();
    await a.page.locator('.task-card', { hasText: words }).filter({ hasText: '待审核' }).first().waitFor();

    // The lead contact returns it with a reason.
    const b = await Phone.open(env, '2-return-lead');
    phones.push(b);
    await b.demoLogin('牵头单位联络员');
    await b.tap(b.page.locator('.tabbar__item', { hasText: '审核' }));
    const item = b.page.locator('.review__item', { hasText: text });
    await item.first().waitFor();
    await b.screenshot('queue');
    await b.checkNoOverflowAt320('queue');
    await b.tap(item.first().locator('.nut-button', { hasText: '退回' }));
    const reason = '请补充窗口整合前后的办件量对比数据和现场照片。';
    await b.page.locator('.text-prompt textarea').fill(reason);
    await b.screenshot('return-reason');
    await b.tap(b.page.locator('.text-prompt .nut-button', { hasText: '退回' }));
    await b.see('已退回');
    await b.page.locator('.review__item', { hasText: text }).first().waitFor({ state: 'detached' });
    await b.screenshot('queue-after');

    // The district contact sees why.
    await a.page.reload();
    await a.page.locator('.tasks__search input').fill(words);
    await a.page.locator('.tasks__search input').press('Enter');
    await a.tap(a.page.locator('.task-card', { hasText: words }));
    const returned = a.page.locator('.timeline__item', { hasText: text });
    await returned.first().waitFor();
    const shown = await returned.first().innerText();
    check(shown.includes('已退回'), '退回后办理记录没有显示“已退回”');
    check(shown.includes(reason), '退回后办理记录没有显示退回原因');
    await returned.first().scrollIntoViewIfNeeded();
    await a.screenshot('returned');
  },
};
