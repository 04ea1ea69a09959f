/**
 * `npm run test:e2e`: the officials' main paths in Debian's Chromium against the real server on a fresh demo
 * database. Builds dist-h5/ first when src/ or config/ changed. Screenshots go to e2e/screenshots/.
 * Exits non-zero when any flow fails; the last line says how many passed and failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AXE_LOG, CHROMIUM, Failure, Phone, ROOT, h5IsStale, startEnv, stopEnv, type Flow } from './harness';
import { adminImport } from './flows/adminImport';
import { bindAndReport } from './flows/bindAndReport';
import { adminDirectory, supervisorNarrows } from './flows/directory';
import { largeText } from './flows/largeText';
import { reusedPhoto } from './flows/reusedPhoto';
import { returningUser } from './flows/returningUser';
import { leadReturns } from './flows/leadReturns';
import { supervisorDashboard } from './flows/supervisorDashboard';
import { adminTemplates } from './flows/templates';
import { adminRevision } from './flows/adminRevision';
import { adminCycle, contactNoChange, viewerInstruction } from './flows/cycle';
import { contactSeesReturned, leadInboxBadge, reloadMidDraft, supervisorDesk } from './flows/desk';
import { splitDown } from './flows/splitDown';
import { adminOffboards, removedKeepsDraft } from './flows/offboard';
import { earlyCards } from './flows/earlyCards';
import { leadTaskCycle } from './flows/taskCycle';
import { contactOtherUnits } from './flows/otherUnits';

// supervisorNarrows runs before supervisorDashboard: urging all of task 1's overdue units gives every one of them
// history, and narrowing keeps units with history.
const FLOWS: Flow[] = [
  bindAndReport,
  leadReturns,
  supervisorNarrows,
  supervisorDashboard,
  adminImport,
  adminDirectory,
  adminTemplates,
  largeText,
  adminRevision,
  reusedPhoto,
  contactNoChange,
  viewerInstruction,
  adminCycle,
  returningUser,
  supervisorDesk,
  contactSeesReturned,
  leadInboxBadge,
  reloadMidDraft,
  splitDown,
  leadTaskCycle,
  earlyCards,
  adminOffboards,
  removedKeepsDraft,
  contactOtherUnits,
];

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    console.error(`没有找到 ${CHROMIUM}：请先安装浏览器和中文字体：apt-get install -y chromium fonts-wqy-zenhei`);
    return 1;
  }
  if (h5IsStale()) {
    console.log('网页版（dist-h5/）比源码旧，正在重新构建……');
    const build = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) {
      console.error(`${build.stdout}\n${build.stderr}`.slice(-4000));
      console.error('网页版构建失败：请运行 npx taro build --type h5 查看原因。');
      return 1;
    }
  }
  const only = process.argv.slice(2);
  const flows = only.length ? FLOWS.filter((f) => only.some((o) => f.name.includes(o))) : FLOWS;
  const env = await startEnv();
  let passed = 0;
  let failed = 0;
  try {
    for (const flow of flows) {
      const phones: Phone[] = [];
      const started = Date.now();
      try {
        await flow.run(env, phones);
        passed += 1;
        console.log(`✓ ${flow.name}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
      } catch (e) {
        failed += 1;
        console.log(`✗ ${flow.name}`);
        console.log(`  ${e instanceof Failure ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        for (const p of phones) {
          try {
            console.log(`  失败时的截图：${await p.screenshot('failure')}`);
          } catch {
            // the page may be gone already
          }
        }
      } finally {
        for (const p of phones) await p.close().catch(() => undefined);
      }
    }
  } finally {
    await stopEnv(env);
  }
  printAxeSummary();
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

/** Per page checked: the count of axe-core violations (nodes) by impact, and the rules. */
function printAxeSummary(): void {
  let serious = 0;
  console.log(`无障碍检查（axe-core，WCAG 2 A/AA）：${AXE_LOG.length} 个页面`);
  for (const r of AXE_LOG) {
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    serious += bad.reduce((n, v) => n + v.nodes, 0);
    const rules = r.violations.map((v) => `${v.id}(${v.impact})×${v.nodes}`).join(' ');
    console.log(`  ${r.page}: ${r.violations.reduce((n, v) => n + v.nodes, 0)} ${rules}`);
  }
  console.log(`  严重（serious/critical）合计：${serious}`);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
