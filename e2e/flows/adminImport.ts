/**
 * The admin imports the seed table (data/changsha-2018.txt) through the page: picks the file, reads the preview
 * (tasks, stages, unknown units, warnings), and confirms.
 */
import { join } from 'node:path';
import { check, Phone, ROOT, type Flow } from '../harness';

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
    const stats = await page.locator('.import__stat-num').allInnerTexts();
    check(stats[0] === '32', `预览的任务数是 ${stats[0]}，应为 32`);
    await p.screenshot('preview');
    await p.checkNoOverflowAt320('preview');
    await page.locator('.import__tasks').scrollIntoViewIfNeeded();
    await p.screenshot('preview-tasks');
    await p.tap(p.button('确认导入并交办'));
    const done = await p.see(/已导入 32 项任务|此前已导入/);
    console.log(`  导入结果：${(await done.innerText()).trim()}`);
    await p.screenshot('imported');

    // The other admin pages: invite codes (the one flow 1 used is listed as used) and the reminder settings.
    await page.goBack();
    await p.tap(page.locator('.admin-home__entry', { hasText: '邀请码' }));
    await page.locator('.invites__item').first().waitFor();
    await p.screenshot('invites');
    await p.checkNoOverflowAt320('invites');
    await page.goBack();
    await p.tap(page.locator('.admin-home__entry', { hasText: '提醒设置' }));
    const yellow = page.locator('[aria-label="到期前几天亮黄灯"] input');
    await yellow.waitFor();
    check((await yellow.inputValue()) === '7', '提醒设置没有显示默认的临期天数 7');
    await p.screenshot('settings');
  },
};
