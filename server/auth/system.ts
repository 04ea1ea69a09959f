/**
 * The system administrator: who the command line acts as (`npx duban import`, `invite`, `export`). It is an
 * ordinary admin user with a principal no token can be issued for by a caller (`duban-system`), bound through
 * an invite like everyone else, so that every change it makes is audited under its name.
 */
import type { Caller, Runtime } from '../../core/usecases';
import { bootstrapUser } from '../../core/usecases/bootstrapUser';

export const SYSTEM_PRINCIPAL = 'duban-system';

/** The system administrator's caller, created on first use at 市政府督查室 (or the first unit). */
export async function systemCaller(rt: Runtime): Promise<Caller> {
  const existing = await rt.store.getUserByPrincipal(SYSTEM_PRINCIPAL);
  if (existing) return { principal: SYSTEM_PRINCIPAL, throttleKey: 'system', user: existing };
  const units = await rt.store.listUnits();
  const unit = units.find((u) => u.name === '市政府督查室') ?? units[0];
  if (!unit) throw new Error('单位名录是空的：请先导入单位名录。');
  return bootstrapUser(rt, SYSTEM_PRINCIPAL, unit.id, 'admin', '系统管理员');
}
