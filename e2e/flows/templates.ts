/**
 * An admin sets the message template of every message kind in the app (消息模板): the template id, the keywords
 * and what each shows, previewed on a real task of the demo (each value as WeChat would receive it, checked against
 * its keyword type's rule), then saved. A keyword WeChat does not know is shown as a problem in the preview and the
 * save is refused with the server's sentence. The saved settings are read back over the API.
 */
import type { Locator } from 'playwright-core';
import { apiCall, check, demoToken, Phone, type Flow } from '../harness';

const KINDS: [kind: string, label: string][] = [
  ['due', '到期提醒'],
  ['overdue', '逾期提醒'],
  ['periodic', '定期报送提醒'],
  ['returned', '报送被退回'],
  ['accepted', '报送已通过'],
  ['extension', '延期审批结果'],
  ['urge', '催办'],
];

async function fillIn(field: Locator, text: string): Promise<void> {
  await field.waitFor();
  await field.fill(text);
}

export const adminTemplates: Flow = {
  name: '管理员在“消息模板”中为每类消息设置模板 ID 和关键词，按真实任务预览后保存',
  async run(env, phones) {
    const p = await Phone.open(env, '6-templates');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('管理员');
    await p.tap(page.locator('.admin-home__entry', { hasText: '消息模板' }));
    await page.locator('.templates__kind').first().waitFor();
    await p.screenshot('templates');

    const templateId = page.locator('.card .field input').first();
    const keys = page.locator('.templates__key input');
    for (const [kind, label] of KINDS) {
      await p.tap(page.locator('.templates__kind', { hasText: label }));
      await page.locator(`.templates__kind--active`, { hasText: label }).waitFor();
      await fillIn(templateId, `E2E-${kind.toUpperCase()}`);
      // Keep only the first keyword, then build thing1 / date2 / phrase3 / thing4.
      while ((await page.locator('.templates__remove').count()) > 1) {
        await p.tap(page.locator('.templates__remove').last());
      }
      await fillIn(keys.nth(0), 'thing1');
      await p.tap(page.locator('.templates__value').nth(0));
      await p.tap(page.locator('.templates__choice', { hasText: '任务内容' }));
      const add = async (key: string, value: string, i: number) => {
        await p.tap(page.locator('.templates__add'));
        await fillIn(keys.nth(i), key);
        await p.tap(page.locator('.templates__value').nth(i));
        await p.tap(page.locator('.templates__choice', { hasText: value }));
      };
      await add('date2', '截止日期', 1);
      await add('phrase3', '状态', 2);
      await add('thing4', '提示或原因', 3);
      await p.tap(p.button('预览'));
      const preview = page.locator('.templates__preview');
      await preview.waitFor();
      await preview.getByText(`${label}预览`).waitFor();
      check((await preview.locator('.templates__preview-field').count()) === 4, `${label}的预览没有列出 4 个关键词`);
      check(
        (await preview.getByText('符合规则').count()) === 4,
        `${label}的预览有关键词不符合规则：${await preview.innerText()}`,
      );
      const from = await preview.locator('.templates__preview-from').innerText();
      check(/按第 \d+ 项任务/.test(from), `${label}的预览没有用真实任务填写：${from}`);
      const date = await preview
        .locator('.templates__preview-field')
        .nth(1)
        .locator('.templates__preview-value')
        .innerText();
      check(/^\d{4}年\d{1,2}月\d{1,2}日$/.test(date.trim()), `${label}的 date2 不是微信的日期格式：${date}`);
      if (kind === 'due' || kind === 'returned') await p.screenshot(`preview-${kind}`);
      await p.tap(p.button('保存此模板'));
      await p.see(`“${label}”的模板已保存`);
    }
    await p.checkNoOverflowAt320('templates');

    // A keyword WeChat does not know: the preview names it, the save is refused with the server's sentence.
    await p.tap(page.locator('.templates__kind', { hasText: '催办' }));
    await fillIn(keys.nth(3), 'remark4');
    await p.tap(p.button('预览'));
    await page.locator('.templates__preview-field--bad').waitFor();
    await p.see('不符合：关键词类型无法识别');
    await page.locator('.templates__problems').waitFor();
    await p.screenshot('preview-problem');
    await p.tap(p.button('保存此模板'));
    await p.see(/关键词类型无法识别，请修改后重试/);
    await p.screenshot('save-refused');
    await p.tap(page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));

    const settings = await apiCall(env, await demoToken(env, 'admin'), 'getSettings', {});
    for (const [kind] of KINDS) {
      const s = settings.templates[kind as keyof typeof settings.templates];
      check(s?.templateId === `E2E-${kind.toUpperCase()}`, `${kind} 的模板 ID 没有保存：${JSON.stringify(s)}`);
      check(
        JSON.stringify(s.fields) ===
          JSON.stringify([
            { key: 'thing1', value: 'task' },
            { key: 'date2', value: 'due' },
            { key: 'phrase3', value: 'status' },
            { key: 'thing4', value: 'note' },
          ]),
        `${kind} 的关键词没有按所选保存：${JSON.stringify(s.fields)}`,
      );
    }
  },
};
