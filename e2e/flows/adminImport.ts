/**
 * The admin imports the seed table (data/changsha-2018.txt) through the page: picks the file, reads the preview
 * (tasks, stages, unknown units, warnings), and confirms.
 */
import { join } from 'node:path';
import { apiCall, check, demoToken, Phone, ROOT, type Flow } from '../harness';

export const adminImport: Flow = {
  name: '管理员通过页面导入责任分解表并确认',
  async run(env, phones) {
    const p = await Phone.open(env, '4-admin');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('管理员');
    await p.see('导入责任分解表');
    await p.screenshot('admin');
    await p.tap(page.locator('.admin-home__entry', { hasText: '导入责任分解表' }));
    await p.see('选择文件');
    await p.screenshot('import');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), p.tap(p.button('选择文件'))]);
    await chooser.setFiles(join(ROOT, 'data', 'changsha-2018.txt'));
    await p.see('预览');
    await page.locator('.import__stat-num').first().waitFor();
    const stats = await page.locator('.import__stat-num').allInnerTexts();
    check(stats[0] === '32', `预览的任务数是 ${stats[0]}，应为 32`);
    await p.screenshot('preview');
    await p.checkNoOverflowAt320('preview');
    await page.locator('.import__tasks').scrollIntoViewIfNeeded();
    await p.screenshot('preview-tasks');
    // the raw 2018 table beside the demo's (the same tasks, years moved): a revision of it, every deadline past;
    // this flow imports it as a plan of its own, as before (adminRevision applies a revision)
    if (await page.locator('.import__revision').count()) {
      await p.see('表中所有完成时间都已过去');
      await page.locator('.import__revision').scrollIntoViewIfNeeded();
      await p.screenshot('preview-revision-of-demo');
      await p.tap(page.locator('.import__chip', { hasText: '作为新清单导入' }));
    }
    await p.tap(p.button('确认导入并交办'));
    const done = await p.see(/已导入 32 项任务|此前已导入/);
    console.log(`  导入结果：${(await done.innerText()).trim()}`);
    await p.screenshot('imported');

    // A table that names a unit the directory does not know: the preview flags it, confirming creates it.
    await p.tap(p.button('再导入一张'));
    const table = [
      '附件',
      '',
      '政务数据共享工作任务分解表',
      '',
      ['工作阶段', '目标任务', '牵头部门', '责任部门', '完成时间'].join('\t'),
      [
        '数据共享',
        `编制全市政务数据共享交换目录并上线运行（${Date.now()}）`,
        '市数字经济促进中心',
        '市政务服务中心',
        '2027年6月',
      ].join('\t'),
      '',
    ].join('\n');
    const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), p.tap(p.button('选择文件'))]);
    await chooser2.setFiles({ name: '数据共享分解表.txt', mimeType: 'text/plain', buffer: Buffer.from(table, 'utf8') });
    await p.see('未识别的单位（1）');
    await p.see('市数字经济促进中心');
    await p.see('新建为单位');
    await p.screenshot('preview-unknown');
    await p.tap(p.button('确认导入并交办'));
    await p.see(/已导入 1 项任务/);
    const admin = await demoToken(env, 'admin');
    const dir = await apiCall(env, admin, 'listDirectory', {});
    check(
      dir.units.some((u) => u.name === '市数字经济促进中心'),
      '确认导入后名录里没有新建“市数字经济促进中心”',
    );

    // The other admin pages: invite codes (the one flow 1 used is listed as used) and the reminder settings.
    await page.goBack();
    await p.tap(page.locator('.admin-home__entry', { hasText: '邀请码' }));
    await page.locator('.invites__item').first().waitFor();
    await p.screenshot('invites');
    await p.checkNoOverflowAt320('invites');
    // Create a code for the first unit of the list as a leader (领导), then revoke it.
    await p.tap(page.locator('[aria-label^="单位："]'));
    // the unit picker with a search (UnitChooser): one tap on a unit picks it
    const pick = page.locator('.unit-chooser:visible');
    await pick.waitFor();
    await pick.locator('input').fill('市安监');
    await p.tap(pick.locator('[aria-label^="选择"]').first());
    await page.locator('.invites__select:not(.invites__select--empty)').waitFor();
    await p.tap(page.locator('.invites__chip', { hasText: '领导' }));
    await p.tap(p.button('生成邀请码'));
    const code = (await page.locator('.invites__fresh-code').innerText()).trim();
    check(/^[A-Z0-9-]{6,}$/.test(code), `生成的邀请码不像邀请码：${code}`);
    const row = page.locator('.invites__item', { hasText: code });
    check((await row.innerText()).includes('领导'), '新邀请码的身份不是“领导”');
    await p.screenshot('invite-created');
    await p.tap(row.locator('.invites__action--danger'));
    await p.tap(page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));
    await page.locator('.invites__item', { hasText: code }).filter({ hasText: '已作废' }).waitFor();
    await p.screenshot('invite-revoked');
    await page.goBack();
    await p.tap(page.locator('.admin-home__entry', { hasText: '提醒设置' }));
    const yellow = page.locator('[aria-label="到期前几天亮黄灯"] input, input[aria-label="到期前几天亮黄灯"]').first();
    await yellow.waitFor();
    check((await yellow.inputValue()) === '7', '提醒设置没有显示默认的临期天数 7');
    await p.screenshot('settings');
  },
};
