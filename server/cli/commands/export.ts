/** `duban export --out 通报.xlsx [--db]`: writes the circular (情况通报) workbook as the dashboard has it now. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dispatch } from '../../../core/usecases';
import { asSystem, defaultDbPath, openLocal, parseCommand } from '../localDb';

export const USAGE = 'duban export --out 文件.xlsx [--db 数据库文件]';
export const SUMMARY = '导出督办情况通报（Excel 工作簿）';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseCommand(argv, { out: { type: 'string' }, db: { type: 'string' } }, USAGE);
  if (typeof values.out !== 'string' || values.out.trim() === '')
    throw new Error(`请用 --out 指定输出文件：用法 ${USAGE}`);
  const runtime = await openLocal(typeof values.db === 'string' ? values.db : defaultDbPath());
  try {
    const admin = await asSystem(runtime);
    const exported = (await dispatch(runtime.rt, admin, 'exportCircular', {})) as { fileName: string; url: string };
    const fileId = /\/files\/([0-9a-f]{64})/.exec(exported.url)?.[1];
    if (!fileId) throw new Error('导出失败：没有得到文件，请重试。');
    const out = resolve(values.out);
    writeFileSync(out, await runtime.files.read(fileId));
    process.stdout.write(`已导出：${out}\n`);
  } finally {
    runtime.close();
  }
}
