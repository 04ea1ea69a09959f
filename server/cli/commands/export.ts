/** `duban export --out 通报.xlsx [--db]`: writes the circular (情况通报) workbook as the dashboard has it now. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dispatch } from '../../../core/usecases';
import { asSystem, DB_OPTION, dbPathFrom, openLocal } from '../localDb';
import { CliError, type CliIO, type Command, type ParsedArgs } from '../types';

export const exportCommand: Command = {
  name: 'export',
  summary: '导出督办情况通报（Excel 工作簿：汇总、单位、逾期事项、全部任务）',
  usage: 'duban export --out 文件.xlsx [--db 数据库文件]',
  options: [{ name: 'out', type: 'string', valueName: '文件.xlsx', description: '写到这个文件' }, DB_OPTION],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const outArg = typeof args.flags.out === 'string' ? args.flags.out.trim() : '';
    if (!outArg) throw new CliError('请用 --out 指定输出文件，例如 duban export --out 通报.xlsx。');
    const runtime = await openLocal(dbPathFrom(args.flags, io.cwd));
    try {
      const admin = await asSystem(runtime);
      const exported = (await dispatch(runtime.rt, admin, 'exportCircular', {})) as { fileName: string; url: string };
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
