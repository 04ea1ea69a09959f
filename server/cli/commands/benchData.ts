/**
 * `duban bench-data --db FILE [--scale N] [--json]`: creates the province-scale dataset (server/bench/province.ts)
 * at N× (N = 1: 1,000 tasks, ~81,000 assignments, 300,000 reports over 150 units) in a new database, with the demo
 * reminder templates and subscription credits for every contact, and prints two single-use invite codes: the
 * supervisor of the supervision unit and the contact of the unit with the most assignments, so that anyone can
 * bind to a real server on it and measure (`npm run bench:api`, `bench:remind`, `bench:export` use it).
 */
import { existsSync } from 'node:fs';
import type { InviteView } from '../../../core/api/contract';
import { DEFAULT_SETTINGS } from '../../../core/model';
import { dispatch } from '../../../core/usecases';
import { beijingDate } from '../../../core/time';
import { systemCaller } from '../../auth/system';
import { generateProvince, provinceAt } from '../../bench/province';
import { createRuntime } from '../../runtime';
import { DEMO_TEMPLATES } from '../../scheduler/demoReminders';
import { DB_OPTION, dbPathFrom } from '../localDb';
import { CliError, type CliIO, type Command, type ParsedArgs } from '../types';

/** Subscription credits per contact and template: enough for every reminder a year of passes makes. */
const BENCH_CREDITS = 1000;

export interface BenchData {
  supervisorCode: string;
  contactCode: string;
  assignments: number;
}

/** The first city-level unit of the province (generateProvince makes some), or null. */
function cityUnitOf(db: { prepare(sql: string): { get(): unknown } }): string | null {
  const row = db.prepare(`SELECT id FROM units WHERE kind = 'city' ORDER BY id LIMIT 1`).get() as
    { id: string } | undefined;
  return row?.id ?? null;
}

export const benchDataCommand: Command = {
  name: 'bench-data',
  summary: '在新数据库里生成全省规模的测试数据集（用于性能测量），打印督查和联络员的邀请码',
  usage: 'duban bench-data --db 数据库文件 [--scale 倍数] [--json]',
  options: [
    DB_OPTION,
    {
      name: 'scale',
      type: 'string',
      valueName: '倍数',
      description: '数据量倍数（0.01–10，默认 1：约 8.1 万个单位任务）',
    },
    { name: 'json', type: 'boolean', description: '以 JSON 输出 { supervisorCode, contactCode, assignments }' },
  ],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    if (typeof args.flags.db !== 'string') {
      throw new CliError('请用 --db 指定一个新的数据库文件，例如 duban bench-data --db /tmp/bench.db。');
    }
    const scale = args.flags.scale === undefined ? 1 : Number(args.flags.scale);
    if (!(Number.isFinite(scale) && scale >= 0.01 && scale <= 10)) {
      throw new CliError('倍数须是 0.01 到 10 之间的数：请检查 --scale。');
    }
    const dbPath = dbPathFrom(args.flags, io.cwd);
    if (existsSync(dbPath)) throw new CliError(`数据库文件 ${dbPath} 已存在：测试数据只写入新文件，请换一个文件名。`);
    const runtime = createRuntime({ dbPath, messenger: { send: async () => undefined } });
    try {
      const now = new Date().toISOString();
      const options = provinceAt(scale, beijingDate(now), now);
      const templateIds = [...new Set(Object.values(DEMO_TEMPLATES).map((t) => t?.templateId ?? ''))].filter(Boolean);
      const province = generateProvince(runtime.store.db, {
        ...options,
        credits: { templateIds, perTemplate: BENCH_CREDITS },
      });
      await runtime.store.saveSettings({ ...DEFAULT_SETTINGS, templates: DEMO_TEMPLATES });
      const perUnit = new Map<string, number>();
      for (const a of province.assignments) perUnit.set(a.unitId, (perUnit.get(a.unitId) ?? 0) + 1);
      const busiest = [...perUnit.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0][0];
      const admin = await systemCaller(runtime.rt);
      const invite = async (unitId: string, role: 'supervisor' | 'contact') =>
        ((await dispatch(runtime.rt, admin, 'createInvite', { unitId, role })) as InviteView).code;
      const out: BenchData = {
        // the bench's supervision unit: a city-level unit, whose supervisor reaches the whole table (the province's
        // dashboard and circular; a district's supervisor would see its subtree only: core/org/levels.ts reachOf)
        supervisorCode: await invite(cityUnitOf(runtime.store.db) ?? province.unitIds[0], 'supervisor'),
        contactCode: await invite(busiest, 'contact'),
        assignments: province.assignments.length,
      };
      if (args.flags.json) {
        io.stdout(`${JSON.stringify(out)}\n`);
      } else {
        io.stdout(
          `已生成 ${options.tasks} 项任务、${out.assignments} 个单位任务、${options.reports} 条进展（${dbPath}）。\n` +
            `督查邀请码：${out.supervisorCode}\n联络员邀请码（单位任务最多的单位）：${out.contactCode}\n`,
        );
      }
      return 0;
    } finally {
      runtime.close();
    }
  },
};
