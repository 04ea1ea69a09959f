/**
 * `duban outbox [--db FILE] [--json]`: the messages the local runtime recorded instead of sending them, oldest
 * first, each exactly as `subscribeMessage.send` would have received it.
 */
import { listOutbox } from '../../outbox';
import { openSqliteStore } from '../../store/sqlite';
import { DB_OPTION, dbPathFrom } from '../localDb';
import type { CliIO, Command, ParsedArgs } from '../types';

export const outboxCommand: Command = {
  name: 'outbox',
  summary: '查看发件箱：本地运行时记录下的订阅消息（与发给微信的内容完全一致）',
  usage: 'duban outbox [--db 数据库文件] [--json]',
  options: [DB_OPTION, { name: 'json', type: 'boolean', description: '以 JSON 数组输出' }],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const store = openSqliteStore(dbPathFrom(args.flags, io.cwd));
    try {
      const entries = listOutbox(store.db).map(({ key, touser, kind, templateId, page, data, sentAt }) => ({
        key,
        touser,
        kind,
        templateId,
        page,
        data,
        sentAt,
      }));
      if (args.flags.json) {
        io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      } else if (entries.length === 0) {
        io.stdout('发件箱是空的：还没有发出过消息。\n');
      } else {
        for (const e of entries) {
          const values = Object.entries(e.data)
            .map(([k, v]) => `${k}=${v.value}`)
            .join('；');
          io.stdout(`${e.sentAt}  ${e.touser}  ${e.kind}  ${e.templateId}  ${e.page}  ${values}\n`);
        }
        io.stdout(`共 ${entries.length} 条。\n`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
