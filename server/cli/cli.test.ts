/** The `duban` command line, spawned as a user runs it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, parseArgs } from './main';
import { importCommand } from './commands/import';

const root = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'duban-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function duban(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'duban.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneSentence(stderr: string) {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\bat \S+ \(|Error:|node:internal/);
  expect(stderr).toMatch(/[\u4e00-\u9fff]/);
}

describe('duban import FILE --dry-run --json', () => {
  it('prints the 2018 table as JSON in the agreed shape', () => {
    const r = duban('import', 'data/changsha-2018.txt', '--dry-run', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.title).toBe('长沙市推进“最多跑一次”改革工作责任分解表');
    expect(out.tasks).toHaveLength(32);
    expect(out.stages).toHaveLength(6);
    expect(out.unknownUnits).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect(out.assignmentCount).toBe(2104);
    expect(out.tasks[7]).toEqual({
      seq: 8,
      stage: '梳理公布“最多跑一次”事项',
      content: '各级各部门制定“最多跑一次”实施方案',
      lead: ['市直各单位', '区县（市）人民政府', '各园区管委会'],
      responsible: [],
      deadline: { text: '2018年4月', kind: 'month', start: null, due: '2018-04-30' },
      line: 17,
      relevantOnly: [],
    });
    expect(out.tasks[14].deadline).toEqual({
      text: '2018年7月—11月',
      kind: 'range',
      start: '2018-07-01',
      due: '2018-11-30',
    });
  });

  it('writes warnings with where they were found', () => {
    const file = join(work, 'tasks.csv');
    writeFileSync(
      file,
      '序号,重点任务,牵头单位,完成时限\n1,建设数据平台,市大数据局,2019年6月底前\n2,推进一网通办,市政务中心,尽快\n',
    );
    const r = duban('import', file, '--dry-run', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.unknownUnits).toEqual(['市大数据局']);
    expect(out.warnings).toEqual([
      { where: '第2行', message: expect.stringContaining('市大数据局') },
      { where: '第3行', message: expect.stringContaining('无法识别完成时间“尽快”') },
    ]);
  });

  it('prints a readable summary without --json', () => {
    const r = duban('import', 'data/changsha-2018.txt', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('共 32 条任务、6 个阶段；按组织目录展开后将交办 2104 项');
    expect(r.stdout).toContain('没有写入任何数据');
  });

  it('refuses binary garbage with one Chinese sentence and exit code 1', () => {
    const file = join(work, 'garbage.txt');
    writeFileSync(file, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256)));
    const r = duban('import', file, '--dry-run', '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expectOneSentence(r.stderr);
    expect(r.stderr).toContain('无法读取');
  });

  it('asks for a file that exists (with or without --dry-run; writing is tested in dbCommands.test.ts)', () => {
    const noDry = duban('import', 'no-such-table.xlsx');
    expect(noDry.code).toBe(1);
    expectOneSentence(noDry.stderr);
    const missing = duban('import', 'no-such-table.xlsx', '--dry-run');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('找不到文件 no-such-table.xlsx：请检查路径后重试。');
  });
});

describe('the command line in process', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), cwd: root },
    };
  };

  it('lists its commands with --help', async () => {
    const { out, io: cli } = io();
    expect(await main(['--help'], cli)).toBe(0);
    expect(out.stdout).toContain('import');
    const sub = io();
    expect(await main(['import', '--help'], sub.io)).toBe(0);
    expect(sub.out.stdout).toContain('用法：duban import');
  });

  it('names an unknown command or option', async () => {
    const a = io();
    expect(await main(['frobnicate'], a.io)).toBe(1);
    expect(a.out.stderr).toContain('没有“frobnicate”这条命令');
    const b = io();
    expect(await main(['import', 'x.txt', '--dryrun'], b.io)).toBe(1);
    expect(b.out.stderr).toContain('不认识的选项 --dryrun');
  });

  it('parses flags and values', () => {
    expect(parseArgs(['a.txt', '--json', '--directory=d.json', '--dry-run'], importCommand.options)).toEqual({
      positionals: ['a.txt'],
      flags: { json: true, directory: 'd.json', 'dry-run': true },
    });
    expect(parseArgs(['--directory', 'd.json', '--', '--odd-name.txt'], importCommand.options)).toEqual({
      positionals: ['--odd-name.txt'],
      flags: { directory: 'd.json' },
    });
    expect(() => parseArgs(['--directory'], importCommand.options)).toThrow('需要一个值');
  });

  it('uses another directory when given one', async () => {
    const file = join(work, 'dir.json');
    writeFileSync(
      file,
      JSON.stringify({ units: [{ id: 'x', name: '市大数据局', aliases: [], kind: 'city' }], groups: [] }),
    );
    const table = join(work, 'one.csv');
    writeFileSync(table, '重点任务,牵头单位,完成时限\n建设数据平台,市大数据局,2019年6月底前\n');
    const { out, io: cli } = io();
    expect(await main(['import', table, '--dry-run', '--json', '--directory', file], cli)).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ unknownUnits: [], assignmentCount: 1 });
  });
});
