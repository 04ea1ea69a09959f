/**
 * `duban rebuild-counts [--db FILE] [--json]`: recounts the dashboard's kept light counts from the assignments
 * (server/store/sqlite/lightCounts.ts), against today's bands and the saved yellow window. The triggers keep them
 * right as assignments change; this is the repair when a database was written past them (restored by hand, an
 * older copy of the program), and prints the totals so that they can be compared with the dashboard. The kept
 * report-gap counts of every reporting period asked so far (server/store/sqlite/gapCounts.ts) and each task's counts
 * by due date (server/store/sqlite/taskCountsSchema.ts, what a task's page counts its other units from) are
 * recounted too.
 */
import { beijingDate } from '../../../core/time';
import { systemClock } from '../../../core/ports/clock';
import { sumLightCounts } from '../../../core/usecases/dashboard';
import { lightBands } from '../../../core/usecases/lightBands';
import { openSqliteStore } from '../../store/sqlite';
import { DB_OPTION, dbPathFrom } from '../localDb';
import type { CliIO, Command, ParsedArgs } from '../types';

export const rebuildCountsCommand: Command = {
  name: 'rebuild-counts',
  summary: '按全部单位任务重新统计看板的红黄绿灯计数（计数随数据自动更新，这是修复用的）',
  usage: 'duban rebuild-counts [--db 数据库文件] [--json]',
  options: [
    DB_OPTION,
    { name: 'json', type: 'boolean', description: '以 JSON 输出 { green, yellow, red, done, periods, taskRows }' },
  ],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const store = openSqliteStore(dbPathFrom(args.flags, io.cwd));
    try {
      const settings = await store.getSettings();
      const bands = lightBands(beijingDate(systemClock.now()), settings.yellowDays);
      store.rebuildLightCounts(bands);
      const periods = store.rebuildGapCounts();
      const taskRows = store.rebuildTaskCounts();
      const { green, yellow, red, done } = sumLightCounts(await store.lightCounts(bands));
      const total = { green, yellow, red, done, periods, taskRows };
      io.stdout(
        args.flags.json
          ? `${JSON.stringify(total)}\n`
          : `已重新统计：正常 ${total.green}，临期 ${total.yellow}，逾期 ${total.red}，已办结 ${total.done}；本期报送计数 ${periods} 组；各任务按到期日的计数 ${taskRows} 行。\n`,
      );
      return 0;
    } finally {
      store.close();
    }
  },
};
