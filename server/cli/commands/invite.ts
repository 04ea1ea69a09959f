/** `duban invite --unit 单位 --role contact|supervisor|admin|viewer [--days 7] [--db]`: prints a new invite code. */
import type { InviteView } from '../../../core/api/contract';
import { dispatch } from '../../../core/usecases';
import { asSystem, defaultDbPath, openLocal, parseCommand } from '../localDb';

export const USAGE = 'duban invite --unit 单位名称 --role contact|supervisor|admin|viewer [--days 7] [--db 数据库文件]';
export const SUMMARY = '为一个单位和角色生成邀请码（一次有效，默认 7 天）';

const ROLE_WORDS: Record<string, string> = {
  contact: '联络员',
  supervisor: '督查',
  admin: '管理员',
  viewer: '领导（只读）',
};

export async function run(argv: string[]): Promise<void> {
  const { values } = parseCommand(
    argv,
    { unit: { type: 'string' }, role: { type: 'string' }, days: { type: 'string' }, db: { type: 'string' } },
    USAGE,
  );
  const unitText = typeof values.unit === 'string' ? values.unit.trim() : '';
  const role = typeof values.role === 'string' ? values.role : '';
  if (!unitText) throw new Error(`请用 --unit 指定单位：用法 ${USAGE}`);
  if (!ROLE_WORDS[role]) throw new Error(`角色只能是 contact、supervisor、admin 或 viewer：用法 ${USAGE}`);
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 90)) {
    throw new Error('有效天数须是 1 到 90 之间的整数。');
  }
  const runtime = await openLocal(typeof values.db === 'string' ? values.db : defaultDbPath());
  try {
    const units = await runtime.store.listUnits();
    const unit = units.find((u) => u.name === unitText || u.aliases.includes(unitText));
    if (!unit) throw new Error(`单位名录里没有“${unitText}”：请检查名称，或先在管理页添加这个单位。`);
    const admin = await asSystem(runtime);
    const invite = (await dispatch(runtime.rt, admin, 'createInvite', {
      unitId: unit.id,
      role,
      ...(days ? { ttlDays: days } : {}),
    })) as InviteView;
    process.stdout.write(`${invite.code}\n`);
    process.stderr.write(`${unit.name} ${ROLE_WORDS[role]}的邀请码，有效至 ${invite.expiresAt}，只能使用一次。\n`);
  } finally {
    runtime.close();
  }
}
