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

    // Find the task by a few words of it.
    const search = page.locator('.tasks__search input');
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
  },
};
