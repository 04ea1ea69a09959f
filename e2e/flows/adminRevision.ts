/**
 * Issue 9: the admin corrects an import in the preview and then imports a revised version of the same table.
 * - a table whose task column the importer misreads (重点任务 beside 工作内容): the admin sets the column role and the
 *   preview is read again at once;
 * - a unit the directory does not know: the admin edits the task's units (and its deadline, whose parsed date shows
 *   beside the text) and excludes a task it does not want, then confirms;
 * - the revised table (调整分工): recognised as a revision of that plan, the changes listed, applied to it;
 * - the plan list: the plan is archived.
 * Robust to what earlier flows did: its tables and units are its own.
 */
import { apiCall, check, demoToken, Phone, type Flow } from '../harness';

const HEAD = ['序号', '重点任务', '工作内容', '牵头单位', '责任单位', '完成时限'];

function table(title: string, rows: string[][]): Buffer {
  return Buffer.from([title, '', ...[HEAD, ...rows].map((r) => r.join('\t')), ''].join('\n'), 'utf8');
}

const FIRST = table('重点工作任务分解表', [
  [
    '1',
    '建成全市政务数据共享平台',
    '完成平台招标、建设和上线，实现部门数据按需共享',
    '市政务服务中心',
    '市数据局',
    '2027年6月',
  ],
  ['2', '推行企业开办“一日办结”', '压缩企业开办环节和时间，推行全程网办', '市优化办', '芙蓉区人民政府', '2027年9月'],
  ['3', '开展政务服务满意度第三方评估', '委托第三方机构开展年度评估并通报结果', '市绩效办', '市编办', '2027年12月'],
]);

const REVISED = table('重点工作任务分解表（调整分工）', [
  [
    '1',
    '建成全市政务数据共享平台',
    '完成平台招标、建设和上线，实现部门数据按需共享',
    '市政务服务中心',
    '市电子政务办',
    '2027年6月底前',
  ],
  ['2', '推行企业开办“一日办结”并全程网办', '压缩企业开办环节和时间', '市优化办', '天心区人民政府', '2027年9月'],
  ['3', '推行工程建设项目审批“一张表单”', '整合审批表单，实行一表申请', '市住建委', '岳麓区人民政府', '2027年10月'],
]);

export const adminRevision: Flow = {
  name: '管理员在预览中更正列用途和单位，并导入修订版',
  async run(env, phones) {
    const p = await Phone.open(env, '9-revision');
    phones.push(p);
    const { page } = p;
    await p.demoLogin('管理员');
    await p.tap(page.locator('.admin-home__entry', { hasText: '导入责任分解表' }));
    await p.see('选择文件');

    const choose = async (name: string, buffer: Buffer) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), p.tap(p.button('选择文件'))]);
      await chooser.setFiles({ name, mimeType: 'text/plain', buffer });
      await p.see('预览');
    };
    const taskCard = (seq: number) => page.locator(`.import__task[data-seq="${seq}"]`);
    /** Sets the column 重点任务 as the task column, and waits for the preview to be read again. */
    const fixColumns = async () => {
      await page.locator('.import__columns').scrollIntoViewIfNeeded();
      await p.tap(page.locator('[aria-label="“重点任务”列用作任务内容"]'));
      await page.locator('[aria-label="“重点任务”列用作任务内容"][aria-checked="true"]').waitFor();
      await taskCard(1).locator('.import__task-content', { hasText: '建成全市政务数据共享平台' }).waitFor();
    };

    // 1. the first table: the importer takes 工作内容 as the task and 重点任务 as the stage
    await choose('重点工作任务分解表.txt', FIRST);
    await page.locator('.import__columns').waitFor();
    const misread = (await taskCard(1).locator('.import__task-content').innerText()).trim();
    check(misread.startsWith('完成平台招标'), `导入器读出的第1项内容是“${misread}”，本应先读成“工作内容”列`);
    await page.locator('.import__columns').scrollIntoViewIfNeeded();
    await p.screenshot('columns-as-read');
    await fixColumns();
    await p.screenshot('columns-corrected');
    await p.checkNoOverflowAt320('columns-corrected');

    // 2. 市数据局 is not in the directory: the warning stays on its row; the admin edits the task's units and deadline
    await p.see('未识别的单位（1）');
    await taskCard(1).scrollIntoViewIfNeeded();
    await taskCard(1).locator('.import__row-warning', { hasText: '市数据局' }).waitFor();
    await p.screenshot('row-warning');
    await p.tap(taskCard(1).locator('.import__task-action', { hasText: '修改' }));
    const responsible = taskCard(1).locator('input[aria-label="责任单位"], [aria-label="责任单位"] input').first();
    await responsible.fill('市电子政务办');
    const deadline = taskCard(1).locator('input[aria-label="完成时限"], [aria-label="完成时限"] input').first();
    await deadline.fill('2027年6月底前');
    await p.screenshot('task-editing');
    await p.tap(taskCard(1).locator('.nut-button', { hasText: '保存修改' }));
    await taskCard(1).getByText('识别为 2027年6月30日').waitFor();
    await taskCard(1).getByText('市电子政务办').waitFor();
    check((await page.locator('.import__unknowns').count()) === 0, '改正单位后仍提示有未识别的单位');
    // the third task is not wanted
    await p.tap(taskCard(3).locator('.import__task-action', { hasText: '排除' }));
    await taskCard(3).getByText('已排除，不导入').waitFor();
    await taskCard(1).scrollIntoViewIfNeeded();
    await p.screenshot('task-corrected');
    await p.checkNoOverflowAt320('task-corrected');
    await p.tap(p.button('确认导入并交办'));
    await p.see('已导入 2 项任务');
    await p.screenshot('imported');

    // 3. the revised table: read with the same correction, it is a revision of the plan just imported
    await p.tap(p.button('再导入一张'));
    await choose('重点工作任务分解表（调整分工）.txt', REVISED);
    await page.locator('.import__columns').waitFor();
    await fixColumns();
    await p.see('这是《重点工作任务分解表》的修订版');
    const summary = (await page.locator('.import__revision-summary').innerText()).trim();
    check(summary.includes('新增 1 项') && summary.includes('调整 1 项'), `修订版摘要不对：${summary}`);
    await page.locator('.import__revision').scrollIntoViewIfNeeded();
    await p.screenshot('revision');
    await p.checkNoOverflowAt320('revision');
    await p.tap(p.button('确认更新原清单'));
    const done = await p.see(/已按修订版更新/);
    console.log(`  修订结果：${(await done.innerText()).trim()}`);
    await p.screenshot('revised');

    const admin = await demoToken(env, 'admin');
    const plans = await apiCall(env, admin, 'listPlans', {});
    const revised = plans.filter((x) => x.title === '重点工作任务分解表（调整分工）');
    check(revised.length === 1, `修订后应只有一份“调整分工”清单，实有 ${revised.length} 份`);
    check(!plans.some((x) => x.title === '重点工作任务分解表'), '修订版另建了一份清单，而不是更新原清单');
    const dash = await apiCall(env, admin, 'dashboard', { planId: revised[0].id });
    // task 1: 市政务服务中心 + 市电子政务办; task 2: 市优化办 + 天心区 (芙蓉区 withdrawn); task 3: 市住建委 + 岳麓区
    check(dash.counts.total === 6, `修订后这份清单应有 6 个单位次，看板按清单统计为 ${dash.counts.total}`);

    // several plans now: the supervisor's dashboard offers the plan filter (a picker: 全部清单 or one plan)
    const sup = await Phone.open(env, '9-revision-dashboard');
    phones.push(sup);
    await sup.demoLogin('督查室');
    const filter = sup.page.locator('.plan-filter');
    await filter.waitFor();
    check((await filter.innerText()).includes('全部清单'), '看板的清单筛选没有默认“全部清单”');
    await sup.screenshot('dashboard-plan-filter');
    await sup.checkNoOverflowAt320('dashboard-plan-filter');
    await sup.tap(filter);
    await sup.page.locator('.weui-picker__action', { hasText: '确定' }).waitFor();
    await sup.screenshot('dashboard-plan-picker', { axe: false });
    await sup.tap(sup.page.locator('.weui-picker__action', { hasText: '取消' }));

    // 4. its work over: the plan is archived from the list
    const row = page.locator('.import__plan', { hasText: '重点工作任务分解表（调整分工）' });
    await row.scrollIntoViewIfNeeded();
    await p.screenshot('plans');
    await p.tap(row.locator('.import__task-action', { hasText: '归档' }));
    await p.tap(page.locator('.taro-modal__foot .taro-model__btn', { hasText: '确定' }));
    await row.getByText('已归档').waitFor();
    await p.screenshot('archived');
    const after = await apiCall(env, admin, 'listPlans', {});
    check(!after.some((x) => x.id === revised[0].id), '归档后清单仍在未归档的清单中');
  },
};
