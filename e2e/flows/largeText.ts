/**
 * 适老化: with the browser's text at 1.5× (its font setting, as an official with large phone text has it) the task
 * list, a task, the report page, the dashboard and the review queue show every text whole and apart at 375 and
 * 320 px; then 大字模式 in 我的 turns on, survives a reload, and the same pages still fit.
 */
import { check, Phone, type Flow } from '../harness';

/** The browser's default font size at 1.5× of its standard 16 px. */
const LARGE_FONT_PX = 24;

async function textUnitPx(p: Phone): Promise<number> {
  return p.page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--duban-px')));
}

async function contactPages(p: Phone, label: string): Promise<void> {
  const { page } = p;
  await page.locator('.task-card').first().waitFor();
  await p.checkTextFits(`${label}-tasks`);
  await p.tap(page.locator('.task-card').first());
  await p.see('承办单位');
  await p.checkTextFits(`${label}-task`);
  await p.tap(p.button('提交进展'));
  await p.see('办理进展');
  await p.checkTextFits(`${label}-report`);
  await page.goBack();
  await p.see('承办单位');
  await page.goBack();
  await page.locator('.task-card').first().waitFor();
}

export const largeText: Flow = {
  name: '大字：浏览器字体 1.5 倍和“大字模式”下，列表、任务、报送、看板、审核页的文字完整不重叠',
  async run(env, phones) {
    // The browser's font setting at 1.5×: the app follows it without being told.
    const big = await Phone.open(env, '7-large-contact', { fontPx: LARGE_FONT_PX });
    phones.push(big);
    await big.demoLogin('区县联络员');
    await big.page.locator('.task-card').first().waitFor();
    const followed = await textUnitPx(big);
    check(Math.abs(followed - 1.5) < 0.01, `浏览器字体调到 1.5 倍后，页面文字单位是 ${followed}px（应为 1.5px）`);
    const bodyPx = await big.page.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('.task-card__title') as Element).fontSize),
    );
    check(bodyPx >= 21, `浏览器字体 1.5 倍时任务标题只有 ${bodyPx}px`);
    console.log(`  浏览器字体 1.5 倍：文字单位 ${followed}px，任务标题 ${bodyPx}px`);
    await contactPages(big, 'browser15');

    const sup = await Phone.open(env, '7-large-supervisor', { fontPx: LARGE_FONT_PX });
    phones.push(sup);
    await sup.demoLogin('督查室');
    await sup.page.locator('.dash__tile').first().waitFor();
    await sup.checkTextFits('browser15-dashboard');
    await sup.tap(sup.page.locator('.tabbar__item', { hasText: '审核' }));
    await sup.page.waitForTimeout(800);
    await sup.checkTextFits('browser15-review');

    // 大字模式 at the browser's standard size: on in 我的, kept after a reload.
    const p = await Phone.open(env, '7-large-mode');
    phones.push(p);
    await p.demoLogin('区县联络员');
    await p.page.locator('.task-card').first().waitFor();
    const before = await p.page.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('.task-card__title') as Element).fontSize),
    );
    check(before >= 14, `默认字号下任务标题只有 ${before}px（应不小于 14px）`);
    await p.tap(p.page.locator('.tabbar__item', { hasText: '我的' }));
    const toggle = p.page.locator('[role="switch"][aria-label="大字模式"]');
    await toggle.waitFor();
    check((await toggle.getAttribute('aria-checked')) === 'false', '“大字模式”开始时不是关闭的');
    await p.tap(toggle);
    await p.see('已开启大字模式');
    check((await toggle.getAttribute('aria-checked')) === 'true', '点按后“大字模式”没有开启');
    await p.checkTextFits('mode-me');
    await p.page.reload();
    await toggle.waitFor();
    check((await toggle.getAttribute('aria-checked')) === 'true', '刷新后“大字模式”没有保持开启');
    const unit = await textUnitPx(p);
    check(unit > 1.2, `大字模式下文字单位是 ${unit}px（应大于 1.2px）`);
    await p.tap(p.page.locator('.tabbar__item', { hasText: '任务' }));
    await p.page.locator('.task-card__title').first().waitFor(); // the list loads again after the tab switch
    const after = await p.page.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('.task-card__title') as Element).fontSize),
    );
    console.log(`  大字模式：文字单位 ${unit}px，任务标题 ${before}px → ${after}px`);
    check(after > before * 1.2, `大字模式下任务标题从 ${before}px 变为 ${after}px，没有放大`);
    await contactPages(p, 'mode');
  },
};
