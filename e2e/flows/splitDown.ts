/**
 * 分解下达: 芙蓉区's contact splits one of its tasks to two of its own units (a street and a department) with an
 * earlier internal date; the street's contact sees the part in its list with the path 市 → 区 → 本单位, reports with
 * a photo and claims completion; the district accepts it on the task page and sees the rollup 1/2; the city's
 * supervisor opens the task and sees the district's parts under its assignment, read-only, and opens the district on
 * the unit page: the assignment shows its rollup 1/2 and its two parts, without 催办 on them.
 */
import { demoPhoto } from '../../server/demo/png';
import { apiCall, check, demoToken, Phone, searchWords, type Flow } from '../harness';

export const splitDown: Flow = {
  name: '区县联络员分解下达给街道和部门，街道报送办结，区里审核后看到 1/2，市督查室看到分解情况',
  async run(env, phones) {
    const district = await demoToken(env, 'district');
    const street = await demoToken(env, 'street');
    const supervisor = await demoToken(env, 'supervisor');
    // a task of 芙蓉区 not split yet, open, with a due date far enough for an earlier internal one
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    const streetHas = new Set(
      (await apiCall(env, street, 'listMyTasks', { pageSize: 100 })).items.map((c) => c.taskId),
    );
    let target: (typeof mine.items)[number] | undefined;
    for (const c of mine.items) {
      if (c.status === 'closed' || c.status === 'claimed' || c.light !== 'green' || !c.dueDate) continue;
      if ((c.daysLeft ?? 0) < 10 || streetHas.has(c.taskId) || c.content.length < 16) continue;
      const d = await apiCall(env, district, 'getTask', { taskId: c.taskId });
      const own = d.assignments.find((a) => a.id === d.myAssignmentId);
      if (d.can.split && !own?.rollup && !d.assignments.some((a) => a.parentId)) {
        target = c;
        break;
      }
    }
    check(target, '没有找到芙蓉区人民政府可以分解下达的任务');
    const words = searchWords(target.content);

    // The district contact splits it to 定王台街道 and 区发改局, a week before its own date.
    const a = await Phone.open(env, '8-split-district');
    phones.push(a);
    await a.demoLogin('区县联络员');
    // the task itself (an earlier flow may have imported another table with the same words)
    await a.page.locator('.tasks__search input').waitFor();
    await a.page.goto(`${env.baseUrl}/#/pages/task/index?id=${encodeURIComponent(target.taskId)}`);
    await a.see('承办单位');
    await a.tap(a.page.locator('[aria-label="分解下达给下级单位"]'));
    await a.see('选择承担这项任务的下级单位');
    const sheetSearch = a.page.locator('.split-sheet__search input');
    await sheetSearch.fill('定王台');
    await a.tap(a.page.locator('[aria-label="分解给芙蓉区定王台街道"]'));
    // the district's own short name (区发改局) finds its unit
    await sheetSearch.fill('区发改局');
    await a.tap(a.page.locator('[aria-label="分解给芙蓉区发展和改革局"]'));
    // a collective of the district (各街道) lists its streets, with 全选
    await sheetSearch.fill('各街道');
    await a.page.locator('[aria-label^="全选芙蓉区各街道的"]').waitFor();
    const streets = await a.page.locator('.split-sheet__row').allInnerTexts();
    check(
      streets.length >= 4 && streets.every((t) => t.includes('街道')),
      `搜索“各街道”应列出芙蓉区的街道：${streets.join('、')}`,
    );
    await sheetSearch.fill('');
    // the sheet slides up: tap the date again if the first tap came while it moved
    const ok = a.page.locator('.weui-picker__action', { hasText: '确定' });
    for (let i = 0; i < 3 && !(await ok.first().isVisible()); i++) {
      await a.tap(a.page.locator('[aria-label^="内部完成时间："]'));
      await ok
        .first()
        .waitFor({ timeout: 3000 })
        .catch(() => undefined);
    }
    await a.tap(ok);
    await a.page.locator('.split-sheet__date--set').waitFor();
    await a.page.locator('.split-sheet__note textarea').fill('请于内部时限前报送办结材料和现场照片。');
    await a.screenshot('sheet');
    await a.checkNoOverflowAt320('sheet');
    await a.tap(a.button('确定下达'));
    await a.see('已分解下达给 2 个单位');
    await a.page.locator('.task__unit--part').nth(1).waitFor();
    await a.page.locator('.task__unit-rollup', { hasText: '分解 0/2 已办结' }).waitFor();
    await a.page.locator('.task__unit--part').first().scrollIntoViewIfNeeded();
    await a.screenshot('parts');
    await a.checkNoOverflowAt320('parts');

    const detail = await apiCall(env, district, 'getTask', { taskId: target.taskId });
    const own = detail.assignments.find((x) => x.id === detail.myAssignmentId);
    const parts = detail.assignments.filter((x) => x.parentId === own?.id);
    check(parts.length === 2, `分解后应有 2 个下级单位，实际 ${parts.length} 个`);
    check(
      parts.every((p) => p.dueDate && own?.dueDate && p.dueDate < own.dueDate),
      `内部完成时间应早于本单位的完成时间 ${own?.dueDate}：${parts.map((p) => p.dueDate).join('、')}`,
    );

    // The street's contact: the part in its list, with where it came from; a report with a photo that claims it.
    const b = await Phone.open(env, '8-split-street');
    phones.push(b);
    await b.demoLogin('街道联络员');
    const card = b.page.locator('.task-card', { hasText: words });
    await card.first().waitFor();
    check(
      (await card.first().innerText()).includes('市 → 芙蓉区人民政府 → 本单位'),
      '街道的任务卡片上没有显示“市 → 芙蓉区人民政府 → 本单位”',
    );
    await card.first().scrollIntoViewIfNeeded();
    await b.screenshot('list');
    await b.checkNoOverflowAt320('list');
    await b.tap(card);
    await b.see('市 → 芙蓉区人民政府 → 本单位');
    await b.screenshot('task');
    await b.tap(b.button('提交进展'));
    const text = `街道便民服务站已按要求完成，申请办结（端到端测试 ${Date.now()}）`;
    await b.page.locator('textarea').first().fill(text);
    const [chooser] = await Promise.all([
      b.page.waitForEvent('filechooser'),
      b.page.locator('[aria-label="添加照片"]').first().tap(),
    ]);
    await chooser.setFiles({ name: '现场.png', mimeType: 'image/png', buffer: demoPhoto(3) });
    await b.page.locator('.report__photo--done').first().waitFor();
    await b.tap(b.page.locator('.report__claim .nut-switch'));
    await b.screenshot('claim');
    await b.tap(b.button(/^提交$/));
    const claimed = b.page.locator('.timeline__item', { hasText: text });
    await claimed.first().waitFor();
    check((await claimed.first().innerText()).includes('待审核'), '街道的办结申请提交后没有显示“待审核”');

    // The district accepts it on the task page: the rollup says 1/2.
    await a.page.reload();
    const pending = a.page.locator('.timeline__item', { hasText: text });
    await pending.first().waitFor();
    await pending.first().scrollIntoViewIfNeeded();
    await a.screenshot('pending');
    await a.tap(pending.first().locator('.nut-button', { hasText: '通过' }));
    // 通过 asks for confirmation first (the desk's rule)
    await a.tap(a.page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));
    await a.see('已通过');
    await a.page.locator('.task__unit-rollup', { hasText: '分解 1/2 已办结' }).waitFor();
    await a.page.locator('.task__unit-rollup').first().scrollIntoViewIfNeeded();
    await a.screenshot('rollup');

    // The city's supervisor opens the task: the district's assignment with its rollup and its two parts.
    const c = await Phone.open(env, '8-split-city');
    phones.push(c);
    await c.demoLogin('督查室');
    await c.page.locator('.tabbar__item').first().waitFor();
    await c.page.goto(`${env.baseUrl}/#/pages/task/index?id=${encodeURIComponent(target.taskId)}`);
    const rollup = c.page.locator('.task__unit-rollup', { hasText: '分解 1/2 已办结' });
    await c.page
      .locator('.task__toggle')
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => undefined);
    if (await c.page.locator('.task__toggle').count()) await c.tap(c.page.locator('.task__toggle'));
    await rollup.first().waitFor();
    await rollup.first().scrollIntoViewIfNeeded();
    const partRows = c.page.locator('.task__unit--part');
    check((await partRows.count()) === 2, `市督查室看到的分解单位应为 2 个，实际 ${await partRows.count()} 个`);
    check((await partRows.allInnerTexts()).join().includes('芙蓉区定王台街道'), '市督查室没有看到定王台街道');
    check(
      (await partRows.locator('.task__unit-urge').count()) === 0,
      '市督查室看到的区里分解单位应为只读，却有“催办”或“撤回”',
    );
    await c.screenshot('city');
    const seen = await apiCall(env, supervisor, 'getTask', { taskId: target.taskId });
    check(seen.withdrawIds.length === 0, '市督查室不应能撤回区里的分解');

    // The city's supervisor opens the district on the unit page: the split assignment with its rollup and parts.
    await c.page.goto(`${env.baseUrl}/#/pages/unit/index?id=district-furong`);
    await c.see('芙蓉区人民政府');
    // the row with the rollup: an earlier flow may have imported the 2018 table again (the same words, no parts)
    const row = c.page.locator('.unit__row', { hasText: words, has: c.page.locator('.unit__rollup') });
    await row.first().waitFor();
    const unitRollup = row.first().locator('.unit__rollup', { hasText: '分解 1/2 已办结' });
    await unitRollup.waitFor();
    const unitParts = row.first().locator('.unit__part');
    check((await unitParts.count()) === 2, `单位页上分解单位应为 2 个，实际 ${await unitParts.count()} 个`);
    const partText = (await unitParts.allInnerTexts()).join('\n');
    check(
      partText.includes('芙蓉区定王台街道') && partText.includes('芙蓉区发展和改革局'),
      `单位页上没有列出定王台街道和区发改局：${partText}`,
    );
    check(partText.includes('已办结'), `单位页上定王台街道应显示已办结：${partText}`);
    check(
      (await row.first().locator('.unit__parts [role="button"]').count()) === 0,
      '单位页上区里的分解单位应为只读，却有按钮',
    );
    await unitRollup.scrollIntoViewIfNeeded();
    await c.screenshot('city-unit');
    await c.checkNoOverflowAt320('city-unit');
  },
};
