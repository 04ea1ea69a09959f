/**
 * A task with many units, as a contact outside the lead unit sees it (issue 14): 芙蓉区's contact opens a task of
 * the demo's table given to every district and city unit; the list starts with its own unit and the lead unit, the
 * other units are one line counted by light ("其他 N 个单位：逾期 a、临期 b、正常 c") with the first names, and
 * 查看其他 N 个单位 lists them (listTaskUnits), 收起 folds them again. Read only: robust to what earlier flows did
 * (the task is chosen through the API when the flow starts).
 */
import type { AssignmentView } from '../../core/api/contract';
import { apiCall, check, demoToken, NARROW, Phone, PHONE, type Flow } from '../harness';

export const contactOtherUnits: Flow = {
  name: '区县联络员打开单位众多的任务：先看到本单位和牵头单位，其他单位按灯色汇总，点开后列出',
  async run(env, phones) {
    const district = await demoToken(env, 'district');
    const mine = await apiCall(env, district, 'listMyTasks', { pageSize: 100 });
    let target: { taskId: string; detail: Awaited<ReturnType<typeof apiCall<'getTask'>>> } | undefined;
    for (const c of mine.items.filter((i) => i.role === 'responsible')) {
      const d = await apiCall(env, district, 'getTask', { taskId: c.taskId });
      if (d.others && d.others.count >= 10 && (!target || d.others.count > (target.detail.others?.count ?? 0)))
        target = { taskId: c.taskId, detail: d };
    }
    check(target?.detail.others, '芙蓉区人民政府没有单位众多（10 个以上其他单位）且不由它牵头的任务');
    const { taskId, detail } = target;
    const others = detail.others!;
    // the whole list through the API, page by page: exactly the counted units
    const listed: AssignmentView[] = [];
    for (let after: string | undefined, first = true; first || after; first = false) {
      const page = await apiCall(env, district, 'listTaskUnits', { taskId, ...(after ? { after } : {}) });
      listed.push(...page.assignments);
      after = page.next ?? undefined;
    }
    check(listed.length === others.count, `listTaskUnits 列出 ${listed.length} 个单位，摘要说 ${others.count} 个`);
    check(!listed.some((a) => a.parentId), 'listTaskUnits 列出了其他单位分解下达的单位');

    const p = await Phone.open(env, '24-other-units');
    phones.push(p);
    await p.demoLogin('区县联络员');
    // the login lands on the home page first; going elsewhere before it does races the app's own navigation
    await p.page.locator('.task-card').first().waitFor();
    await p.page.goto(`${env.baseUrl}/#/pages/task/index?id=${encodeURIComponent(taskId)}`);
    await p.page.reload();
    const summary = p.page.locator('.task-others__summary').filter({ visible: true });
    await summary.waitFor();
    const text = await summary.innerText();
    check(text.includes(`其他 ${others.count} 个单位`), `汇总没有写“其他 ${others.count} 个单位”：${text}`);
    check(text.includes(others.names[0]), `汇总没有列出第一个单位的名称 ${others.names[0]}`);
    const rows = p.page.locator('.task__units .task__unit').filter({ visible: true });
    check((await rows.count()) === detail.assignments.length, '汇总之外列出的单位数与 getTask 不符');
    check(((await rows.first().getAttribute('class')) ?? '').includes('task__unit--mine'), '第一行不是本单位的任务');
    // the summary in the middle of the screen, at 375 and at 320 px wide
    const centre = (selector: string) =>
      p.page.evaluate((sel) => {
        const all = [...document.querySelectorAll(sel)].filter((e) => (e as HTMLElement).offsetParent !== null);
        all[all.length - 1]?.scrollIntoView({ block: 'center' });
      }, selector);
    await centre('.task-others__summary');
    await p.screenshot('summary');
    await p.resize(NARROW);
    await centre('.task-others__summary');
    await p.screenshot('summary-320-centred');
    await p.resize(PHONE);
    await p.checkNoOverflowAt320('summary');

    await p.tap(p.page.getByText(`查看其他 ${others.count} 个单位`).filter({ visible: true }));
    const total = detail.assignments.length + others.count;
    // one page at a time: 继续加载 until the list is whole
    for (let i = 0; i < 5 && (await rows.count()) < total; i++) {
      const more = p.page.getByText(/继续加载/).filter({ visible: true });
      await Promise.race([
        more.first().waitFor({ timeout: 10_000 }),
        p.page.waitForFunction((n) => document.querySelectorAll('.task__units .task__unit').length >= n, total, {
          timeout: 10_000,
        }),
      ]).catch(() => null);
      if ((await rows.count()) < total && (await more.count())) await p.tap(more);
    }
    await p.page.waitForFunction((n) => document.querySelectorAll('.task__units .task__unit').length >= n, total);
    check((await rows.count()) === total, `展开后列出 ${await rows.count()} 个单位，应为 ${total} 个`);
    await p.see(listed[listed.length - 1].unitName);
    await centre('.task-others__summary');
    await p.screenshot('all-units');
    await centre('.task-others .task__toggle');
    await p.screenshot('all-units-end');
    await p.checkNoOverflowAt320('all-units');
    await p.tap(p.page.getByText('收起其他单位').filter({ visible: true }));
    await p.page.waitForFunction(
      (n) => document.querySelectorAll('.task__units .task__unit').length === n,
      detail.assignments.length,
    );
    console.log(
      `  ${detail.task.seq}：完整列出 ${detail.assignments.length} 个，汇总 ${others.count} 个（${text.replace(/\s+/g, ' ')}）`,
    );
  },
};
