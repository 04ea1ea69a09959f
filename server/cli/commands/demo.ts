/** `duban demo [--db data/duban.db]`: creates the demo dataset in a new database. */
import { createDemo } from '../../demo/createDemo';
import { DEMO_IDENTITIES } from '../../demo/identities';
import { defaultDbPath, parseCommand } from '../localDb';

export const USAGE = 'duban demo [--db 数据库文件]';
export const SUMMARY = '创建演示数据库：2018 年长沙责任分解表移到今年，附演示身份和办理记录';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseCommand(argv, { db: { type: 'string' } }, USAGE);
  const dbPath = typeof values.db === 'string' ? values.db : defaultDbPath();
  const summary = await createDemo(dbPath, { now: new Date().toISOString() });
  const c = summary.counts;
  process.stdout.write(
    `演示数据库已创建：${dbPath}\n` +
      `${summary.tasks} 项任务，${summary.assignments} 个单位任务（绿灯 ${c.green}，黄灯 ${c.yellow}，红灯 ${c.red}，已办结 ${c.done}），${summary.reports} 条进展。\n` +
      `演示身份（npx duban serve --demo 后在绑定页点「演示登录」）：\n` +
      DEMO_IDENTITIES.map((d) => `  ${d.as.padEnd(10)} ${d.name}（${d.unitName}）— ${d.description}\n`).join(''),
  );
}
