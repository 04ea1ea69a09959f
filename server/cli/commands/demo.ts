/** `duban demo [--db data/duban.db]`: creates the demo dataset in a new database. */
import { createDemo } from '../../demo/createDemo';
import { DEMO_IDENTITIES } from '../../demo/identities';
import { DB_OPTION, dbPathFrom } from '../localDb';
import { CliError, type CliIO, type Command, type ParsedArgs } from '../types';

export const demoCommand: Command = {
  name: 'demo',
  summary: '创建演示数据库：2018 年长沙责任分解表移到今年，附演示身份和办理记录',
  usage: 'duban demo [--db 数据库文件]',
  options: [DB_OPTION],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const dbPath = dbPathFrom(args.flags, io.cwd);
    let summary;
    try {
      summary = await createDemo(dbPath, { now: new Date().toISOString() });
    } catch (e) {
      // createDemo's own refusals (the database exists) are sentences for people.
      if (e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message)) throw new CliError(e.message);
      throw e;
    }
    const c = summary.counts;
    io.stdout(
      `演示数据库已创建：${dbPath}\n` +
        `${summary.tasks} 项任务，${summary.assignments} 个单位任务（绿灯 ${c.green}，黄灯 ${c.yellow}，红灯 ${c.red}，已办结 ${c.done}），${summary.reports} 条进展。\n` +
        `演示身份（npx duban serve --demo 后在绑定页点「演示登录」）：\n` +
        DEMO_IDENTITIES.map((d) => `  ${d.as.padEnd(10)} ${d.name}（${d.unitName}）— ${d.description}\n`).join(''),
    );
    return 0;
  },
};
