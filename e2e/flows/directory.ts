/**
 * The directory, kept by an admin through the pages: another spelling for a unit, a new unit joining 市直各单位, and
 * an imported table whose unknown name is mapped to an existing unit (not created) and then remembered as its alias,
 * and a unit renamed (市质监局 → 市市场监管局) that keeps its old name as an alias.
 * Then a supervisor narrows a 相关 collective on a seed task to the units really concerned.
 */
import type { Locator } from 'playwright-core';
import { apiCall, check, demoToken, Phone, searchWords, type Flow } from '../harness';

const NEW_UNIT = '市数据资源局';
const WRITTEN_AS = '市数据管理局';
const ALIAS = '芙蓉区府';
const OLD_NAME = '市质监局';
const RENAMED = '市市场监管局';

async function fillIn(field: Locator, text: string): Promise<void> {
  await field.waitFor();
  await field.fill(text);
}

export const adminDirectory: Flow = {
  name: '管理员在单位名录中添加别名、新增单位并调整集合成员；导入时把未识别的写法对应到已有单位',
  async run(env, phones) {
    const p = await Phone.open(env, '5-directory');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('管理员');
    await p.tap(page.locator('.admin-home__entry', { hasText: '单位名录' }));
    await p.see('集合（5）'); // the city's three and 芙蓉区's own two
    await page.locator('.directory__unit').first().waitFor();
    await p.screenshot('directory');
    await p.checkNoOverflowAt320('directory');

    // Searching finds a collective by one of its other spellings, even one folded behind “+N” in the list.
    const search = page.locator('.directory__search input');
    await search.fill('市直部门');
    await page
      .locator('.directory__group', { hasText: '市直各单位' })
      .locator('.directory__alias', { hasText: '市直部门' })
      .waitFor();
    check((await page.locator('.directory__unit').count()) === 0, '搜索“市直部门”时列出了单位');

    // Another spelling of 芙蓉区人民政府, found by searching.
    await search.fill('芙蓉');
    const furong = page.locator('.directory__unit', {
      has: page.locator('.directory__name', { hasText: /^芙蓉区人民政府$/ }),
    });
    await furong.waitFor();
    // 芙蓉区人民政府 and its own 8 departments and 5 streets (each saying 隶属：芙蓉区人民政府)
    check((await page.locator('.directory__unit').count()) === 14, '搜索“芙蓉”后名录里应有芙蓉区及其下级共 14 个单位');
    check(
      (await page.locator('.directory__parent', { hasText: '隶属：芙蓉区人民政府' }).count()) === 13,
      '芙蓉区的下级单位没有显示“隶属：芙蓉区人民政府”',
    );
    await p.tap(page.locator('[aria-label="为“芙蓉区人民政府”添加别名"]'));
    await fillIn(page.locator('.directory-sheet:visible input').first(), ALIAS);
    await p.screenshot('alias-sheet');
    await p.tap(page.locator('.directory-sheet:visible .nut-button', { hasText: '保存' }));
    await p.see(`已添加别名“${ALIAS}”`);
    await furong.locator('.directory__alias', { hasText: ALIAS }).waitFor();
    await p.screenshot('alias-added');

    // A spelling that already stands for another unit is refused with the server's sentence; the sheet stays open.
    await p.tap(page.locator('[aria-label="为“芙蓉区人民政府”添加别名"]'));
    await fillIn(page.locator('.directory-sheet:visible input').first(), '市编委办');
    await p.tap(page.locator('.directory-sheet:visible .nut-button', { hasText: '保存' }));
    await p.see('“市编委办”已是“市编办”的名称或别名');
    await p.screenshot('alias-refused');
    // a sentence longer than a line stays in a dialog until read (not a two-second toast)
    await p.tap(page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));
    await p.tap(page.locator('.directory-sheet:visible .nut-button', { hasText: '取消' }));
    await page.locator('.directory-sheet:visible').waitFor({ state: 'hidden' });

    // A new city unit, then it joins 市直各单位.
    await page.locator('.directory__search-clear').tap();
    await p.tap(p.button('添加单位'));
    await fillIn(page.locator('.directory-sheet:visible input').first(), NEW_UNIT);
    await p.tap(page.locator('.directory-sheet:visible [role="radio"]', { hasText: '市直单位' }));
    await p.screenshot('unit-sheet');
    await p.tap(page.locator('.directory-sheet:visible .nut-button', { hasText: '添加单位' }));
    await p.see(`已添加“${NEW_UNIT}”`);
    await page.locator('.directory__unit', { hasText: NEW_UNIT }).waitFor();

    const city = page.locator('.directory__group', { hasText: '市直各单位' });
    const before = Number(/(\d+) 个成员单位/.exec(await city.innerText())?.[1]);
    check(before > 0, '“市直各单位”没有显示成员数');
    await p.tap(page.locator('[aria-label="调整成员：“市直各单位”"]'));
    const sheet = page.locator('.unit-chooser:visible');
    await sheet.waitFor();
    await p.screenshot('members');
    await p.checkNoOverflowAt320('members');
    await sheet.locator('input').fill('数据资源');
    const row = sheet.locator(`[aria-label="${NEW_UNIT}是成员"]`);
    check((await row.getAttribute('aria-checked')) === 'false', `${NEW_UNIT}一开始就是“市直各单位”的成员`);
    await p.tap(row);
    check((await row.getAttribute('aria-checked')) === 'true', `点了以后${NEW_UNIT}没有被勾选`);
    await p.screenshot('members-checked');
    await p.tap(sheet.locator('.nut-button', { hasText: `保存（${before + 1} 个）` }));
    await p.see(`成员已保存，共 ${before + 1} 个单位`);
    await city.filter({ hasText: `${before + 1} 个成员单位` }).waitFor();

    // A table that writes the new unit another way: mapped to it in the preview, not created.
    await page.goBack();
    await p.tap(page.locator('.admin-home__entry', { hasText: '导入责任分解表' }));
    const table = [
      '政务数据归集工作任务分解表',
      '',
      ['工作阶段', '目标任务', '牵头部门', '责任部门', '完成时间'].join('\t'),
      [
        '数据归集',
        `建立全市政务数据归集目录，按月更新（${Date.now()}）`,
        WRITTEN_AS,
        '市政务服务中心',
        '2027年9月',
      ].join('\t'),
      '',
    ].join('\n');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), p.tap(p.button('选择文件'))]);
    await chooser.setFiles({ name: '数据归集分解表.txt', mimeType: 'text/plain', buffer: Buffer.from(table, 'utf8') });
    await p.see('未识别的单位（1）');
    await p.see('识别格式：文本表格');
    await p.tap(page.locator(`[aria-label^="${WRITTEN_AS}：选择已有单位"]`));
    const pick = page.locator('.unit-chooser:visible');
    await pick.waitFor();
    await pick.locator('input').fill('数据');
    await p.screenshot('map-sheet');
    await p.tap(pick.locator(`[aria-label="选择${NEW_UNIT}"]`));
    await p.see(`对应到：${NEW_UNIT}`);
    await p.screenshot('mapped');
    await p.checkNoOverflowAt320('mapped');
    await p.tap(p.button('确认导入并交办'));
    await p.see('已导入 1 项任务，交办 2 个单位次');

    const admin = await demoToken(env, 'admin');
    const dir = await apiCall(env, admin, 'listDirectory', {});
    check(!dir.units.some((u) => u.name === WRITTEN_AS), `对应到已有单位后名录里仍新建了“${WRITTEN_AS}”`);
    const target = dir.units.find((u) => u.name === NEW_UNIT);
    check(target, `名录里没有${NEW_UNIT}`);
    const dash = await apiCall(env, await demoToken(env, 'supervisor'), 'dashboard', {});
    check((dash.byUnit.find((u) => u.unitId === target.id)?.counts.total ?? 0) >= 1, `导入的任务没有交给${NEW_UNIT}`);

    // The directory now knows the other spelling as an alias of the unit it was mapped to.
    await page.goBack();
    await p.tap(page.locator('.admin-home__entry', { hasText: '单位名录' }));
    await page.locator('.directory__search input').fill(WRITTEN_AS);
    await page
      .locator('.directory__unit', { hasText: NEW_UNIT })
      .locator('.directory__alias', { hasText: WRITTEN_AS })
      .waitFor();
    await p.screenshot('alias-remembered');

    // A unit renamed after a reorganisation keeps its kind, and its old name stays as an alias for old tables.
    const search2 = page.locator('.directory__search input');
    await search2.fill('质监');
    const zhijian = page.locator('.directory__unit', { hasText: OLD_NAME });
    await zhijian.waitFor();
    await p.tap(page.locator(`[aria-label="编辑“${OLD_NAME}”"]`));
    const edit = page.locator('.directory-sheet:visible');
    await edit.waitFor();
    const nameInput = edit.locator('input').first();
    check((await nameInput.inputValue()) === OLD_NAME, `编辑单位时名称没有预先填好“${OLD_NAME}”`);
    const cityChip = edit.locator('[role="radio"]', { hasText: '市直单位' });
    check((await cityChip.getAttribute('aria-checked')) === 'true', `编辑${OLD_NAME}时类别不是“市直单位”`);
    // A name that already stands for another unit is refused with the server's sentence; the sheet stays open.
    await fillIn(nameInput, '市编委办');
    await p.tap(edit.locator('.nut-button', { hasText: '保存' }));
    await p.see('“市编委办”已是“市编办”的名称或别名');
    await p.tap(page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));
    await edit.waitFor();
    await fillIn(nameInput, RENAMED);
    await p.see(`改名后，“${OLD_NAME}”留作别名`);
    await p.screenshot('edit-sheet');
    await p.checkNoOverflowAt320('edit-sheet');
    await p.tap(edit.locator('.nut-button', { hasText: '保存' }));
    await p.see('已改名，旧名称留作别名');
    const renamed = page.locator('.directory__unit', { hasText: RENAMED });
    await renamed.locator('.directory__alias', { hasText: new RegExp(`^${OLD_NAME}$`) }).waitFor();
    check(
      (await page.locator('.directory__unit .directory__name', { hasText: new RegExp(`^${OLD_NAME}$`) }).count()) === 0,
      `改名后名录里仍有名为“${OLD_NAME}”的单位`,
    );
    await p.screenshot('renamed');
    await p.checkNoOverflowAt320('renamed');
    const after = await apiCall(env, admin, 'listDirectory', {});
    const unit = after.units.find((u) => u.name === RENAMED);
    check(unit, `名录里没有${RENAMED}`);
    check(unit.kind === 'city', `${RENAMED}的类别变成了 ${unit.kind}`);
    check(unit.aliases.includes(OLD_NAME), `${RENAMED}的别名里没有旧名称“${OLD_NAME}”`);
  },
};

export const supervisorNarrows: Flow = {
  name: '督查室把任务中“各相关区县（市）人民政府”缩小到实际承担的单位',
  async run(env, phones) {
    const sup = await demoToken(env, 'supervisor');
    const list = await apiCall(env, sup, 'listMyTasks', { q: '原网上政务服务系统业务数据整体迁移', pageSize: 5 });
    const card = list.items.find((c) => c.seq === 1);
    check(card, '督查室找不到第1项任务（建设“互联网+政务服务”平台）');
    const before = await apiCall(env, sup, 'getTask', { taskId: card.taskId });
    check(before.task.relevantGroupIds.length > 0, '第1项任务没有标注“相关”的集合');

    const p = await Phone.open(env, '6-narrow');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('督查室');
    await p.tap(page.locator('.tabbar__item', { hasText: '任务' }));
    const search = page.locator('.tasks__search input');
    await search.fill(searchWords(card.content));
    await search.press('Enter');
    await p.tap(page.locator('.task-row', { hasText: searchWords(card.content) }));
    await p.see('“相关”单位');
    await p.see('责任单位为“各相关…”时，可只保留实际承担的单位');
    await page.locator('.task-narrow').scrollIntoViewIfNeeded();
    await p.screenshot('task');
    await p.checkNoOverflowAt320('task');

    await p.tap(page.locator('[aria-label="调整“区县（市）人民政府”中承办的单位"]'));
    const sheet = page.locator('.narrow-sheet:visible');
    await sheet.waitFor();
    const rows = sheet.locator('[role="checkbox"][aria-disabled="false"]');
    const total = await sheet.locator('[role="checkbox"]').count();
    check((await rows.count()) >= 2, '“区县（市）人民政府”中可移除的单位不足 2 个');
    check((await sheet.locator('[role="checkbox"][aria-checked="false"]').count()) === 0, '打开时并非全部勾选');
    await p.screenshot('sheet');
    await p.checkNoOverflowAt320('sheet');
    const dropped = [
      (await rows.nth(0).getAttribute('aria-label'))?.replace(/^保留/, ''),
      (await rows.nth(1).getAttribute('aria-label'))?.replace(/^保留/, ''),
    ];
    await p.tap(rows.nth(0));
    await p.tap(rows.nth(1));
    await p.see(`保留 ${total - 2}/${total}`);
    await p.screenshot('sheet-unchecked');
    await p.tap(sheet.locator('.nut-button', { hasText: '移除 2 个单位' }));
    await p.see('已移除 2 个单位');
    await p.see(`${before.assignments.length - 2} 项`);
    await p.screenshot('narrowed');

    const after = await apiCall(env, sup, 'getTask', { taskId: card.taskId });
    check(
      after.assignments.length === before.assignments.length - 2,
      `缩小范围后承办单位数是 ${after.assignments.length}，应为 ${before.assignments.length - 2}`,
    );
    for (const name of dropped) {
      check(!after.assignments.some((a) => a.unitName === name), `${name ?? '?'} 仍在承办这项任务`);
    }
    console.log(
      `  第1项任务承办单位：${before.assignments.length} → ${after.assignments.length}（移除 ${dropped.join('、')}）`,
    );
  },
};
