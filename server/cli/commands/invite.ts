/** `duban invite --unit 单位 --role contact|supervisor|admin|viewer [--days 7] [--db]`: prints a new invite code. */
import type { InviteView } from '../../../core/api/contract';
import { dispatch } from '../../../core/usecases';
import { asSystem, DB_OPTION, dbPathFrom, openLocal } from '../localDb';
import { CliError, type CliIO, type Command, type ParsedArgs } from '../types';

const ROLE_WORDS: Record<string, string> = {
  contact: '联络员',
  supervisor: '督查',
  admin: '管理员',
  viewer: '领导（只读）',
};

export const inviteCommand: Command = {
  name: 'invite',
  summary: '为一个单位和角色生成邀请码（一次有效，默认 7 天），打印在标准输出',
  usage: 'duban invite --unit 单位名称 --role contact|supervisor|admin|viewer [--days 7] [--db 数据库文件]',
  options: [
    { name: 'unit', type: 'string', valueName: '单位', description: '单位名称或别名，如 芙蓉区人民政府' },
    {
      name: 'role',
      type: 'string',
      valueName: '角色',
      description: 'contact 联络员、supervisor 督查、admin 管理员、viewer 领导',
    },
    { name: 'days', type: 'string', valueName: '天数', description: '有效天数（1–90，默认 7）' },
    DB_OPTION,
  ],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const unitText = typeof args.flags.unit === 'string' ? args.flags.unit.trim() : '';
    const role = typeof args.flags.role === 'string' ? args.flags.role : '';
    if (!unitText) throw new CliError(`请用 --unit 指定单位，例如 duban invite --unit 芙蓉区人民政府 --role contact。`);
    if (!ROLE_WORDS[role]) throw new CliError('角色只能是 contact、supervisor、admin 或 viewer：请检查 --role。');
    const days = args.flags.days === undefined ? undefined : Number(args.flags.days);
    if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 90)) {
      throw new CliError('有效天数须是 1 到 90 之间的整数：请检查 --days。');
    }
    const runtime = await openLocal(dbPathFrom(args.flags, io.cwd));
    try {
      const units = await runtime.store.listUnits();
      const unit = units.find((u) => u.name === unitText || u.aliases.includes(unitText));
      if (!unit) throw new CliError(`单位名录里没有“${unitText}”：请检查名称，或先在管理页添加这个单位。`);
      const admin = await asSystem(runtime);
      const invite = (await dispatch(runtime.rt, admin, 'createInvite', {
        unitId: unit.id,
        role,
        ...(days ? { ttlDays: days } : {}),
      })) as InviteView;
      io.stdout(`${invite.code}\n`);
      io.stderr(`（${unit.name}${ROLE_WORDS[role]}的邀请码，有效至 ${invite.expiresAt}，只能使用一次。）\n`);
      return 0;
    } finally {
      runtime.close();
    }
  },
};
