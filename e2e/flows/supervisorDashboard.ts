/**
 * The supervisor (督查室) reads the dashboard (counts by light with their words, units ranked by overdue),
 * urges one overdue unit, and exports the circular as an Excel workbook.
 */
import { apiCall, check, demoToken, Phone, type Flow } from '../harness';

export const supervisorDashboard: Flow = {
  name: '督查室看看板、催办逾期单位、导出情况通报',
  async run(env, phones) {
    const p = await Phone.open(env, '3-supervisor');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('督查室');
    await page.locator('.taro-navigation-bar-title', { hasText: '督办看板' }).waitFor();
    await page.locator('.dash__tiles').waitFor();
    for (const word of ['逾期', '临期', '正常', '已办结']) {
      check(await page.locator('.dash__tile', { hasText: word }).count(), `看板没有“${word}”的计数`);
    }
    await p.screenshot('dashboard');
    await p.checkNoOverflowAt320('dashboard');
    await page.locator('.dash__unit-row').first().scrollIntoViewIfNeeded();
    await p.screenshot('dashboard-units');
    // the missed reports of the last period due: the periods judged, then the units (the demo reports monthly)
    const missed = page.locator('.dash__missed').first();
    await missed.scrollIntoViewIfNeeded();
    await p.see(/2026年\d+月（\d+月\d+日前）应报送，各单位未报送、逾期报送的任务数/);
    await p.screenshot('dashboard-missed');

    // Urge one overdue unit.
    const row = page.locator('.dash__row', { has: page.locator('.dash__urge') }).first();
    const unitName = (await row.locator('.dash__unit').innerText()).trim();
    await row.scrollIntoViewIfNeeded();
    await p.tap(row.locator('.dash__urge'));
    const message = '请于本周五前报送整改进展。';
    await page.locator('.text-prompt textarea').fill(message);
    await p.screenshot('urge');
    await p.tap(page.locator('.text-prompt .nut-button', { hasText: '催办' }));
    await p.see(/已催办 1 个单位/);
    await p.screenshot('urged');
    const sup = await demoToken(env, 'supervisor');
    const dash = await apiCall(env, sup, 'dashboard', {});
    const overdueRow = dash.overdue.find((r) => r.unitName === unitName);
    check(overdueRow, `看板数据里没有 ${unitName} 的逾期任务`);
    const detail = await apiCall(env, sup, 'getTask', { taskId: overdueRow.taskId });
    check(
      detail.urges.some((u) => u.message === message && u.unitName === unitName),
      `催办没有记录到任务的办理记录里（${unitName}）`,
    );

    // Urge all overdue units of a task at once.
    const group = page.locator('.dash__group', { has: page.locator('.dash__urge-all') }).first();
    const allLabel = (await group.locator('.dash__urge-all').innerText()).trim();
    const n = Number(/（(\d+)）/.exec(allLabel)?.[1]);
    check(n > 1, `“催办全部逾期单位”按钮上没有单位数：${allLabel}`);
    await p.tap(group.locator('.dash__urge-all'));
    await p.tap(page.locator('.text-prompt .nut-button', { hasText: '催办' }));
    // a unit urged a moment ago is not urged twice (the dedupe window): the others are
    await p.see(new RegExp(`已催办 (${n}|${n - 1}) 个单位`));
    await p.screenshot('urged-all');

    // Export the circular: the Word document and its Excel annex, both downloaded.
    await page.evaluate(() => window.scrollTo(0, 0));
    const { readFileSync } = await import('node:fs');
    for (const [label, ext, inside] of [
      ['导出通报（Word）', 'docx', 'word/document.xml'],
      ['导出附表（Excel）', 'xlsx', 'xl/workbook.xml'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), p.tap(p.button(label))]);
      const name = download.suggestedFilename();
      check(name.endsWith(`.${ext}`), `导出的文件名不是 .${ext}：${name}`);
      const path = await download.path();
      check(path, '导出的文件没有下载下来');
      const bytes = readFileSync(path);
      check(
        bytes.length > 1000 && bytes.subarray(0, 2).toString() === 'PK' && bytes.includes(Buffer.from(inside)),
        `导出的文件不是 .${ext}（${bytes.length} 字节）`,
      );
      console.log(`  导出：${name}（${(bytes.length / 1024).toFixed(1)} KB）`);
      await p.see(label);
    }
    await p.screenshot('exported');

    // Decide an extension 芙蓉区 asked for (set up through the server as the district contact).
    const district = await demoToken(env, 'district');
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    const queue = await apiCall(env, sup, 'reviewQueue', {});
    const waiting = new Set(queue.extensions.map((x) => x.assignmentId));
    const card = mine.items.find((c) => c.status !== 'closed' && c.dueDate && !waiting.has(c.assignmentId));
    check(card?.dueDate, '芙蓉区人民政府没有可以申请延期的任务');
    const reason = `汛期施工受限，申请顺延（${Date.now()}）`;
    const newDue = new Date(Date.parse(`${card.dueDate}T00:00:00Z`) + 30 * 86400000).toISOString().slice(0, 10);
    await apiCall(env, district, 'requestExtension', { assignmentId: card.assignmentId, newDue, reason });
    await p.tap(page.locator('.tabbar__item', { hasText: '审核' }));
    const item = page.locator('.review__item', { hasText: reason });
    await item.first().waitFor();
    await item.first().scrollIntoViewIfNeeded();
    await p.screenshot('extension-queue');
    await p.tap(item.first().locator('.nut-button', { hasText: /^同意$/ }));
    await page.locator('.text-prompt textarea').fill('同意延期，请按新期限完成。');
    await p.tap(page.locator('.text-prompt .nut-button', { hasText: /^同意$/ }));
    await p.see('已同意延期');
    const after = await apiCall(env, district, 'getTask', { taskId: card.taskId });
    const moved = after.assignments.find((a) => a.id === card.assignmentId);
    check(moved?.dueDate === newDue, `同意延期后期限没有改为 ${newDue}（现在是 ${moved?.dueDate}）`);
    await p.screenshot('extension-approved');

    // A task as the supervisor sees it: every unit with its light, and 催办 beside the late ones.
    await p.tap(page.locator('.tabbar__item', { hasText: '看板' }));
    await p.tap(page.locator('.dash__group-task').first());
    await p.see('承办单位');
    check(await page.locator('.task__unit-urge').count(), '督查室在任务详情里看不到“催办”');
    await p.screenshot('task');

    // A leader (viewer) reads the same dashboard but cannot urge.
    await page.goBack();
    await p.tap(page.locator('.tabbar__item', { hasText: '我的' }));
    await p.tap(p.button('退出登录'));
    await p.tap(page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));
    await p.demoLogin('领导');
    await page.locator('.dash__tiles').waitFor();
    check((await page.locator('.dash__urge').count()) === 0, '领导（只读）的看板上出现了“催办”');
    await p.screenshot('viewer-dashboard');
  },
};
