/**
 * A new contact of 芙蓉区人民政府 binds with an invite code an admin created, finds a task by searching, and
 * submits a progress report with a photo in three taps from the task list (besides typing and picking the
 * photo); the report then shows in the task's timeline with its photo.
 */
import { demoPhoto } from '../../server/demo/png';
import { apiCall, check, demoToken, Phone, searchWords, type Flow } from '../harness';

export const bindAndReport: Flow = {
  name: '联络员用邀请码绑定、查找任务、带照片提交进展并在办理记录中看到',
  async run(env, phones) {
    // An admin creates the code through the server.
    const admin = await demoToken(env, 'admin');
    const dir = await apiCall(env, admin, 'listDirectory', {});
    const unit = dir.units.find((u) => u.name === '芙蓉区人民政府');
    check(unit, '名录里没有芙蓉区人民政府');
    const invite = await apiCall(env, admin, 'createInvite', { unitId: unit.id, role: 'contact', ttlDays: 7 });

    // A task of that unit to look for: a few characters from the middle of its content.
    const district = await demoToken(env, 'district');
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 50 });
    const target = mine.items.find((c) => c.light !== 'done' && c.content.length > 16);
    check(target, '芙蓉区人民政府没有未办结的任务');
    const words = searchWords(target.content);
    // Another task of the unit, not yet signed for (待签收): the new contact signs for it (签收).
    const toSign = mine.items.find(
      (c) => c.status === 'assigned' && c.taskId !== target.taskId && /[\u4e00-\u9fa5]{8,}/.test(c.content),
    );
    check(toSign, '芙蓉区人民政府没有待签收的任务');
    const signWords = searchWords(toSign.content);

    const phone = await Phone.open(env, '1-bind');
    phones.push(phone);
    const { page } = phone;

    // Nothing but binding before binding.
    await phone.see('请输入管理员发给您的邀请码');
    await phone.screenshot('bind');
    await page.locator('[aria-label="邀请码"] input, input[aria-label="邀请码"]').first().fill(invite.code);
    await phone.tap(phone.button('查看邀请码'));
    await phone.see('确认以下信息后绑定');
    await phone.see('芙蓉区人民政府');
    await phone.see('联络员');
    await phone.screenshot('bind-preview');
    await page.locator('[aria-label="您的姓名"] input, input[aria-label="您的姓名"]').first().fill('赵测试');
    await phone.tap(phone.button('确认绑定'));

    // The task list of the unit.
    await phone.see('共');
    await page.locator('.task-card').first().waitFor();
    await phone.screenshot('tasks');
    await phone.checkNoOverflowAt320('tasks');

    // Lights carry words; the 逾期 tab shows only overdue cards.
    await phone.tap(page.locator('.tasks__filter', { hasText: '逾期' }));
    await page.waitForTimeout(600);
    const overdueTags = await page.locator('.task-card .light-tag').allInnerTexts();
    check(
      overdueTags.every((t) => t.includes('逾期')),
      `“逾期”页里出现了别的状态：${overdueTags.join('、')}`,
    );
    await phone.screenshot('tasks-overdue');
    await phone.tap(page.locator('.tasks__filter', { hasText: '全部' }));

    // A search that finds nothing says so and offers to clear it.
    const search = page.locator('.tasks__search input');
    await search.fill('不存在的事项名称');
    await search.press('Enter');
    await phone.see('没有找到包含“不存在的事项名称”的任务。');
    await phone.screenshot('search-empty');
    await phone.tap(phone.button('清除搜索'));
    await page.locator('.task-card').first().waitFor();

    // Find the task by a few words of it.
    await search.fill(words);
    await search.press('Enter');
    const card = page.locator('.task-card', { hasText: words });
    await card.first().waitFor();
    await phone.screenshot('search');

    // From the list: open the task (1), 提交进展 (2), 提交 (3).
    phone.taps = 0;
    await phone.tap(card);
    await phone.see('办理记录');
    await phone.see('承办单位');
    await phone.screenshot('task');
    await phone.checkNoOverflowAt320('task');
    await phone.tap(phone.button('提交进展'));
    await phone.see('办理进展');
    const text = `已完成窗口整合，群众办事材料精简三成（端到端测试 ${Date.now()}）`;
    await page.locator('textarea').first().fill(text);
    // Picking a photo is content, like typing: it is not one of the counted taps.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.locator('[aria-label="添加照片"]').first().tap(),
    ]);
    await chooser.setFiles({ name: '现场.png', mimeType: 'image/png', buffer: demoPhoto(0) });
    await page.locator('.report__photo--done').first().waitFor();
    await phone.screenshot('report');
    await phone.checkNoOverflowAt320('report');
    await phone.tap(phone.button(/^提交$/));
    await phone.see('办理记录');
    const entry = page.locator('.timeline__item', { hasText: text });
    await entry.first().waitFor();
    check(phone.taps <= 3, `从任务列表到提交用了 ${phone.taps} 次点击（应不超过 3 次）`);
    console.log(`  从任务列表提交进展：${phone.taps} 次点击（另选择照片 1 次）`);

    // The photo loads in the timeline.
    await entry.first().scrollIntoViewIfNeeded();
    const img = entry.first().locator('img').first();
    await img.waitFor();
    await page.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
      await img.elementHandle(),
      {
        timeout: 10_000,
      },
    );
    await phone.screenshot('timeline');

    // Ask for more time: pick a date (the picker opens a month later) and give a reason.
    await phone.tap(phone.button('申请延期'));
    await phone.see('延期理由');
    await phone.tap(page.locator('[aria-label^="延期至："]'));
    await phone.tap(page.locator('.weui-picker__action', { hasText: '确定' }));
    await page.locator('.extension__date:not(.extension__date--empty)').waitFor();
    const reason = '涉及跨部门数据对接，需等待省平台接口开放。';
    await page.locator('textarea').first().fill(reason);
    await phone.screenshot('extension');
    await phone.checkNoOverflowAt320('extension');
    await phone.tap(phone.button('提交申请'));
    const ext = page.locator('.timeline__item--extension', { hasText: reason });
    await ext.first().waitFor();
    check((await ext.first().innerText()).includes('待审批'), '延期申请提交后办理记录里没有显示“待审批”');
    await ext.first().scrollIntoViewIfNeeded();
    await phone.screenshot('extension-requested');

    // Signing for (签收) another task from its action bar: the unit's row then says 已签收 and the button goes.
    await page.goBack();
    await search.fill(signWords);
    await search.press('Enter');
    await phone.tap(page.locator('.task-card', { hasText: signWords }));
    const ownRow = page.locator('.task__unit--mine');
    await ownRow.waitFor();
    check((await ownRow.innerText()).includes('待签收'), '待签收的任务里本单位不是“待签收”');
    await phone.screenshot('to-sign');
    await phone.tap(phone.button(/^签收$/));
    await phone.see('已签收');
    await ownRow.filter({ hasText: '已签收' }).waitFor();
    check((await phone.button(/^签收$/).count()) === 0, '签收以后“签收”按钮还在');
    await phone.screenshot('signed');
    await page.goBack();

    // 我的: unit, role, reminder credits, recent messages.
    await phone.tap(page.locator('.tabbar__item', { hasText: '我的' }));
    await phone.see('提醒次数');
    await phone.see('芙蓉区人民政府');
    await phone.screenshot('me');
    await phone.checkNoOverflowAt320('me');
  },
};
