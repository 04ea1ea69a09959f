/**
 * The system administrator: who the command line acts as (`npx duban import`, `invite`, `export`). It is an
 * ordinary admin user with a principal no token can be issued for by a caller (`duban-system`), bound through
 * an invite like everyone else, so that every change it makes is audited under its name.
 */
import type { Caller, Runtime } from '../../core/usecases';
import { dispatch } from '../../core/usecases';

export const SYSTEM_PRINCIPAL = 'duban-system';
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Makes `principal` a user of `unitId` with `role` by an invite written straight to the store (bootstrap only). */
export async function bootstrapUser(
  rt: Runtime,
  principal: string,
  unitId: string,
  role: 'admin' | 'supervisor' | 'contact' | 'viewer',
  name: string,
): Promise<Caller> {
  const now = rt.clock.now();
  const code = rt.ids.random(12, CODE_ALPHABET);
  await rt.store.createInvite({
    code,
    unitId,
    role,
    createdBy: 'system',
    createdAt: now,
    expiresAt: new Date(Date.parse(now) + 3600 * 1000).toISOString(),
    usedBy: null,
    usedAt: null,
    revokedAt: null,
  });
  await dispatch(rt, { principal, throttleKey: `system:${principal}`, user: null }, 'bind', { code, name });
  const user = await rt.store.getUserByPrincipal(principal);
  if (!user) throw new Error(`bootstrap of ${principal} did not create a user`);
  return { principal, throttleKey: `system:${principal}`, user };
}

/** The system administrator's caller, created on first use at 市政府督查室 (or the first unit). */
export async function systemCaller(rt: Runtime): Promise<Caller> {
  const existing = await rt.store.getUserByPrincipal(SYSTEM_PRINCIPAL);
  if (existing) return { principal: SYSTEM_PRINCIPAL, throttleKey: 'system', user: existing };
  const units = await rt.store.listUnits();
  const unit = units.find((u) => u.name === '市政府督查室') ?? units[0];
  if (!unit) throw new Error('单位名录是空的：请先导入单位名录。');
  return bootstrapUser(rt, SYSTEM_PRINCIPAL, unit.id, 'admin', '系统管理员');
}
