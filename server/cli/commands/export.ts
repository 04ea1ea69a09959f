/**
 * `duban export --out 通报.docx|附表.xlsx [--db]`: writes the circular (情况通报) as the dashboard has it now: the
 * Word document or its Excel annex, by the file's extension, both from the use case exportCircular.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dispatch } from '../../../core/usecases';
import { asSystem, DB_OPTION, dbPathFrom, openLocal } from '../localDb';
import { CliError, type CliIO, type Command, type ParsedArgs } from '../types';

export const exportCommand: Command = {
  name: 'export',
  summary: '导出督办情况通报：.docx 为 Word 通报（第N期），.xlsx 为 Excel 附表（汇总、单位、逾期事项、全部任务）',
  usage: 'duban export --out 文件.docx|文件.xlsx [--db 数据库文件]',
  options: [
    { name: 'out', type: 'string', valueName: '文件.docx', description: '写到这个文件（扩展名决定格式）' },
    DB_OPTION,
  ],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const outArg = typeof args.flags.out === 'string' ? args.flags.out.trim() : '';
    if (!outArg) throw new CliError('请用 --out 指定输出文件，例如 duban export --out 通报.docx。');
    const format = /\.xlsx$/i.test(outArg) ? 'xlsx' : /\.docx$/i.test(outArg) ? 'docx' : null;
    if (!format) throw new CliError('输出文件的扩展名须为 .docx（Word 通报）或 .xlsx（Excel 附表），请修改后重试。');
    const runtime = await openLocal(dbPathFrom(args.flags, io.cwd));
    try {
      const admin = await asSystem(runtime);
      const exported = (await dispatch(runtime.rt, admin, 'exportCircular', { format })) as {
        fileName: string;
        url: string;
      };
      const fileId = /\/files\/([0-9a-f]{64})/.exec(exported.url)?.[1];
      if (!fileId) throw new CliError('导出失败：没有得到文件，请重试。');
      const out = resolve(io.cwd, outArg);
      try {
        writeFileSync(out, await runtime.files.read(fileId));
      } catch {
        throw new CliError(`无法写入 ${out}：请检查文件夹是否存在、是否有写入权限。`);
      }
      io.stdout(`已导出：${out}\n`);
      return 0;
    } finally {
      runtime.close();
    }
  },
};
