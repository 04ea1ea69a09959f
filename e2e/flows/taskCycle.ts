/**
 * A task's own reporting cycle (issue 11): 市政务服务中心's contact, whose unit leads a task 芙蓉区 is also on, sees
 * the cycle in force on the task page with where it comes from (方案) and this period's due day, sets the task's
 * own cycle (每周五) in the sheet, and sees 来源：本任务; 芙蓉区's contact sees 每周五 and its due day on the same
 * task, with no button to change it; the admin's 提醒设置 lists it under the task cycles; the lead unit removes it
 * again, so the demo is as it was. Robust to earlier flows: the task is chosen through the API when the flow starts.
 */
import { apiCall, check, demoToken, Phone, type Flow } from '../harness';

export const leadTaskCycle: Flow = {
  name: '牵头单位联络员在任务页设置本任务的报送周期，责任单位看到周期和本期报送日',
  async run(env, phones) {
    const lead = await demoToken(env, 'lead');
    const district = await demoToken(env, 'district');
    const led = new Set((await apiCall(env, lead, 'listTasks', {})).items.map((t) => t.taskId));
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    // a task of the demo's plan (它每月28日前报送): an earlier flow may have imported the 2018 table again, whose
    // copies of the same tasks carry no cycle
    let target: (typeof mine.items)[number] | undefined;
    let before: Awaited<ReturnType<typeof apiCall<'getTask'>>> | undefined;
    for (const c of mine.items.filter((i) => led.has(i.taskId) && i.role === 'responsible')) {
      const d = await apiCall(env, lead, 'getTask', { taskId: c.taskId });
      if (d.cycle && d.cycle.source !== 'default') {
        target = c;
        before = d;
        break;
      }
    }
    check(target && before, '没有由市政务服务中心牵头、芙蓉区人民政府参与且按方案周期报送的任务');
    const url = `${env.baseUrl}/#/pages/task/index?id=${encodeURIComponent(target.taskId)}`;
    check(before.can.setCycle, '牵头单位联络员不能设置本任务的报送周期');
    if (before.ownCycle) await apiCall(env, lead, 'removeCycle', { cycleId: before.ownCycle.id });

    const a = await Phone.open(env, '11-task-cycle-lead');
    phones.push(a);
    await a.demoLogin('牵头单位联络员');
    // the login lands on the home page first; going elsewhere before it does races the app's own navigation
    await a.page.locator('.task-card').first().waitFor();
    await a.page.goto(url);
    await a.page.reload();
    const fact = a.page.locator('.task-cycle');
    await fact.waitFor();
    // the demo's plan reports 每月28日前
    await fact.locator('.task-cycle__source', { hasText: '来源：方案' }).waitFor();
    check((await fact.innerText()).includes('每月28日前'), '任务页没有显示方案的“每月28日前”报送周期');
    await fact.scrollIntoViewIfNeeded();
    await a.screenshot('plan-cycle');

    await a.tap(fact.locator('.task-cycle__edit'));
    const sheet = a.page.locator('.task-cycle__sheet');
    await sheet.waitFor();
    await a.tap(sheet.locator('.cycles__chip', { hasText: '每周' }));
    await a.tap(sheet.locator('.cycles__chip', { hasText: /^五$/ }));
    await a.screenshot('sheet');
    await a.tap(sheet.locator('.nut-button', { hasText: '保存报送周期' }));
    await a.see('报送周期已保存');
    await fact.locator('.task-cycle__source', { hasText: '来源：本任务' }).waitFor();
    check((await fact.innerText()).includes('每周五'), '保存后任务页没有显示“每周五”');
    await fact.scrollIntoViewIfNeeded();
    await a.screenshot('own-cycle');
    await a.checkNoOverflowAt320('task-cycle');

    // 芙蓉区's contact: the cycle and this period's due day, nothing to change
    const c = await Phone.open(env, '11-task-cycle-district');
    phones.push(c);
    await c.demoLogin('区县联络员');
    // the login lands on the home page first; going elsewhere before it does races the app's own navigation
    await c.page.locator('.task-card').first().waitFor();
    await c.page.goto(url);
    await c.page.reload();
    const seen = c.page.locator('.task-cycle');
    await seen.locator('.task-cycle__source', { hasText: '来源：本任务' }).waitFor();
    const text = await seen.innerText();
    check(text.includes('每周五') && /本期 .+，.+前报送/.test(text), `责任单位看不到本任务的周期和本期报送日：${text}`);
    check((await seen.locator('.task-cycle__edit').count()) === 0, '责任单位联络员不应看到“修改”报送周期');
    await seen.scrollIntoViewIfNeeded();
    await c.screenshot('district-sees');

    // the admin's settings list it among the task cycles
    const m = await Phone.open(env, '11-task-cycle-admin');
    phones.push(m);
    await m.demoLogin('管理员');
    await m.tap(m.page.locator('.admin-home__entry', { hasText: '提醒设置' }));
    const listed = m.page.locator('.cycles__row', { hasText: `第${before.task.seq}项` }).filter({ hasText: '每周五' });
    await listed.first().waitFor();
    await listed.first().scrollIntoViewIfNeeded();
    await m.screenshot('admin-lists');

    // the lead unit takes it off again: the plan's cycle is in force once more
    await a.tap(fact.locator('.task-cycle__edit'));
    await sheet.waitFor();
    await a.tap(sheet.locator('.task-cycle__remove'));
    await a.tap(a.page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));
    await a.see('报送周期已取消');
    await fact.locator('.task-cycle__source', { hasText: '来源：方案' }).waitFor();
    const after = await apiCall(env, lead, 'getTask', { taskId: target.taskId });
    check(after.ownCycle === null && after.cycle?.source === 'plan', '取消后本任务仍有自设的报送周期');
  },
};
