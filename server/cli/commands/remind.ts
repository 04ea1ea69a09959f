/**
 * `duban remind [--now ISO] [--db FILE] [--json]`: runs one reminder pass on the database and prints
 * `{ sent, skipped, failed }`. With DUBAN_WECHAT_APPID and DUBAN_WECHAT_SECRET the messages go to WeChat
 * (subscribeMessage.send over the server API, server/wechat); without them they are recorded in the outbox. Safe to run beside the server or another `duban remind`: every message
 * is claimed under its unique key before it is sent.
 */
import { runReminderPass } from '../../../core/remind/pass';
import { OutboxMessenger } from '../../outbox';
import { wechatFromEnv } from '../../wechat';
import { LOCAL_BATCH } from '../../scheduler';
import { openSqliteStore } from '../../store/sqlite';
import { SqliteReminderStore } from '../../store/sqlite/reminders';
import { DB_OPTION, dbPathFrom } from '../localDb';
import { CliError, type CliIO, type Command, type ParsedArgs } from '../types';

function nowFrom(flags: ParsedArgs['flags']): string {
  if (typeof flags.now !== 'string') return new Date().toISOString();
  const ms = Date.parse(flags.now);
  if (Number.isNaN(ms)) throw new CliError(`时间 ${flags.now} 不对：请用 ISO 格式，例如 2026-03-31T09:00:00+08:00。`);
  return new Date(ms).toISOString();
}

export const remindCommand: Command = {
  name: 'remind',
  summary: '运行一轮消息提醒（到期、逾期、定期汇报和待发的通知）：配置了微信时发到微信，否则记入发件箱',
  usage: 'duban remind [--now 时间] [--db 数据库文件] [--json]',
  options: [
    { name: 'now', type: 'string', valueName: '时间', description: '按这个时间运行（ISO 格式，默认现在）' },
    DB_OPTION,
    { name: 'json', type: 'boolean', description: '以 JSON 输出 { sent, skipped, failed }' },
  ],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const now = nowFrom(args.flags);
    const store = openSqliteStore(dbPathFrom(args.flags, io.cwd));
    const wechat = wechatFromEnv();
    try {
      const result = await runReminderPass(
        {
          reminders: new SqliteReminderStore(store),
          messenger: wechat ? wechat.messenger : new OutboxMessenger(store.db, () => now),
        },
        { now, budgetMs: 10 * 60_000, batchSize: LOCAL_BATCH },
      );
      const { sent, skipped, failed } = result;
      if (args.flags.json) io.stdout(`${JSON.stringify({ sent, skipped, failed })}\n`);
      else {
        const extra = [
          result.retrying ? `${result.retrying} 条稍后重试` : '',
          result.waiting ? `${result.waiting} 条等待用户订阅` : '',
        ].filter(Boolean);
        io.stdout(
          `本轮提醒（${wechat ? '发往微信' : '记入发件箱'}）：发送 ${sent} 条，跳过 ${skipped} 条，失败 ${failed} 条${extra.length ? `（${extra.join('，')}）` : ''}。\n`,
        );
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
