/**
 * People who leave (issue 13), in Chromium at 375 px (and 320 px for the admin's page):
 * - an admin opens 管理 → 人员, picks 芙蓉区人民政府, removes one contact (the confirm dialog says what happens)
 *   and replaces another (the fresh code for the successor is shown); the removed one's next call is refused;
 * - the same admin opens 存储空间: bytes by kind, uploads waiting for cleanup, the upload limits;
 * - a contact writing a report is removed meanwhile: 提交 lands on the bind page, which says why the session ended
 *   and that the draft is kept; bound again with the successor's code, the draft is still there and submits.
 */
import type { ActionName } from '../../core/api/contract';
import { apiCall, check, demoToken, Phone, type Env, type Flow } from '../harness';

async function furong(env: Env, admin: string): Promise<string> {
  const dir = await apiCall(env, admin, 'listDirectory', {});
  const unit = dir.units.find((u) => u.name === '芙蓉区人民政府');
  check(unit, '名录里没有芙蓉区人民政府');
  return unit.id;
}

/** A contact of the unit bound through the server (no phone): their token. */
async function boundContact(env: Env, admin: string, unitId: string, name: string): Promise<string> {
  const invite = await apiCall(env, admin, 'createInvite', { unitId, role: 'contact' });
  const bound = (await apiCall(env, null, 'bind', { code: invite.code, name })) as { token: string };
  return bound.token;
}

/** The error code an action is answered with (null when it succeeds). */
async function refusal(env: Env, token: string, action: ActionName): Promise<string | null> {
  const res = await fetch(`${env.baseUrl}/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{}',
  });
  const body = (await res.json()) as { ok: boolean; error?: { code: string } };
  return body.ok ? null : (body.error?.code ?? '?');
}

async function bindInPhone(p: Phone, code: string, name: string): Promise<void> {
  const { page } = p;
  await page.locator('[aria-label="邀请码"] input, input[aria-label="邀请码"]').first().fill(code);
  await p.tap(p.button('查看邀请码'));
  await p.see('确认以下信息后绑定');
  await page.locator('[aria-label="您的姓名"] input, input[aria-label="您的姓名"]').first().fill(name);
  await p.tap(p.button('确认绑定'));
  await page.locator('.task-card').first().waitFor();
}

export const adminOffboards: Flow = {
  name: '管理员在“人员”页移出一名联络员、更换另一名并拿到接任的邀请码；被移出者下一次请求即被拒绝',
  async run(env, phones) {
    const admin = await demoToken(env, 'admin');
    const unitId = await furong(env, admin);
    const stamp = Date.now().toString(36).slice(-4);
    const leaving = `离任${stamp}`;
    const replaced = `调岗${stamp}`;
    const leaverToken = await boundContact(env, admin, unitId, leaving);
    await boundContact(env, admin, unitId, replaced);
    check((await refusal(env, leaverToken, 'listMyTasks')) === null, '新绑定的联络员不能查看任务');

    const p = await Phone.open(env, '13-offboard-admin');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('管理员');
    await p.tap(page.locator('.admin-home__entry', { hasText: '人员' }));
    await p.see('移出后，此人的登录立即失效');
    await p.tap(page.locator('[aria-label^="单位："]'));
    const pick = page.locator('.unit-chooser:visible');
    await pick.waitFor();
    await pick.locator('input').fill('芙蓉区人民政府');
    await p.tap(pick.locator('[aria-label^="选择"]').first());
    // (the admin home stays in the page behind, its audit list naming people too: look in this page's rows)
    await page.locator('.people__item', { hasText: leaving }).waitFor();
    await page.locator('.people__item', { hasText: replaced }).waitFor();
    await p.screenshot('people');
    await p.checkNoOverflowAt320('people');

    // 移出: the dialog says what happens, and the row goes
    await p.tap(page.locator(`[aria-label="移出${leaving}"]`));
    await p.see(/登录立即失效.*仍保留在其名下/);
    await p.screenshot('remove-confirm', { axe: false });
    await p.tap(page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));
    await page.locator('.people__item', { hasText: leaving }).waitFor({ state: 'detached' });
    const code = await refusal(env, leaverToken, 'listMyTasks');
    check(code === 'USER_REMOVED', `被移出的联络员下一次请求应被拒绝（USER_REMOVED），实际：${code}`);

    // 更换: removed, and the code for the successor shown at once
    await p.tap(page.locator(`[aria-label="更换${replaced}"]`));
    await p.see(/生成一个新的“联络员”邀请码/);
    await p.tap(page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));
    const fresh = (await page.locator('.invites__fresh-code').innerText()).trim();
    const preview = await apiCall(env, null, 'previewInvite', { code: fresh });
    check(
      preview.unitName === '芙蓉区人民政府' && preview.role === 'contact',
      `接任邀请码不是芙蓉区人民政府的联络员：${preview.unitName} ${preview.role}`,
    );
    await page.locator('.people__item', { hasText: replaced }).waitFor({ state: 'detached' });
    await p.screenshot('replaced');
    await p.checkNoOverflowAt320('replaced');
    const audit = await apiCall(env, admin, 'listAudit', { page: 1, pageSize: 5 });
    check(audit.items.filter((a) => a.action === 'removeUser').length >= 2, '操作记录里没有两条“移出人员”');

    // 存储空间: what the disk holds, the uploads waiting for cleanup, the limits
    await page.goBack();
    await p.tap(page.locator('.admin-home__entry', { hasText: '存储空间' }));
    await p.see('待清理');
    const usage = await apiCall(env, admin, 'storageUsage', {});
    check(usage.files && usage.files.photos.count > 0, '存储空间里没有照片（演示数据里有照片）');
    await p.see(`${usage.files.photos.count} 个`);
    await p.see('每天上传总量');
    await p.screenshot('storage');
    await p.checkNoOverflowAt320('storage');
  },
};

export const removedKeepsDraft: Flow = {
  name: '联络员写汇报时被移出：绑定页说明原因、草稿仍在；用新邀请码重新绑定后草稿还在并可提交',
  async run(env, phones) {
    const admin = await demoToken(env, 'admin');
    const unitId = await furong(env, admin);
    const district = await demoToken(env, 'district');
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    let found: string | null = null;
    for (const c of mine.items) {
      if (c.status === 'closed' || c.status === 'claimed') continue;
      if ((await apiCall(env, district, 'getTask', { taskId: c.taskId })).can.report) {
        found = c.taskId;
        break;
      }
    }
    check(found, '芙蓉区人民政府没有可以报送进展的任务');
    const taskId: string = found;
    const stamp = Date.now().toString(36).slice(-4);
    const first = await apiCall(env, admin, 'createInvite', { unitId, role: 'contact' });

    const p = await Phone.open(env, '13-offboard-draft');
    phones.push(p);
    const { page } = p;
    await bindInPhone(p, first.code, `写稿人${stamp}`);
    const openReport = async () => {
      await page.goto(`${env.baseUrl}/#/pages/task/index?id=${encodeURIComponent(taskId)}`);
      await page.reload();
      await p.see('承办单位');
      await p.tap(p.button('提交进展'));
      await p.see('办理进展');
    };
    await openReport();
    const text = `被移出前写下的进展（${stamp}）`;
    await page.locator('textarea').first().fill(text);

    // the admin removes this contact while the report is being written (and issues the successor's code)
    const people = await apiCall(env, admin, 'listUnitUsers', { unitId });
    const me = people.find((u) => u.name === `写稿人${stamp}`);
    check(me, '人员列表里没有刚绑定的联络员');
    const { invite } = await apiCall(env, admin, 'removeUser', { userId: me.id, replace: true });
    check(invite, '更换时没有生成新的邀请码');

    await p.tap(p.button(/^提交$/));
    await p.see('您已被移出本单位');
    await p.see(/您已被管理员移出本单位/);
    await p.see(/汇报草稿仍保留在本机/);
    await p.screenshot('session-ended');
    await p.checkNoOverflowAt320('session-ended');

    // bound again (the successor's code, as the same official would be given): the draft is still there
    await bindInPhone(p, invite.code, `接任${stamp}`);
    check((await page.locator('.bind__ended').count()) === 0, '重新绑定后仍显示“登录已结束”');
    await openReport();
    await p.see('已恢复上次未提交的草稿');
    const kept = await page.locator('textarea').first().inputValue();
    check(kept === text, `重新绑定后草稿不在了：${kept}`);
    await p.screenshot('draft-kept');
    await p.tap(p.button(/^提交$/));
    await page.locator('.timeline__item', { hasText: text }).first().waitFor();
    await p.screenshot('submitted');
  },
};
