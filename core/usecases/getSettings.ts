/**
 * getSettings: the deployment's settings (yellow window, reminder offsets, periodic report day, sending hours,
 * message templates, the plans that allow only photos taken on the spot), and the plans those name.
 * Permission: supervisors and admins (PERMISSIONS.getSettings).
 */
import { copyJson, type Frozen } from '../frozen';
import type { SettingsView } from '../api/contract';
import type { Settings } from '../model';
import { defineUseCase, noInput } from './define';
import type { Context } from './runtime';

/** The settings with the imported plans (newest first), for the per-plan switches. */
export async function settingsView(ctx: Context, settings: Frozen<Settings>): Promise<SettingsView> {
  const plans = [...(await ctx.rt.store.listPlans())].sort((a, b) => b.importedAt.localeCompare(a.importedAt));
  // a copy: the answer is the caller's, the settings every request's
  return { ...copyJson<Settings>(settings), plans: plans.map((p) => ({ id: p.id, title: p.title })) };
}

export const getSettings = defineUseCase({
  action: 'getSettings',
  schema: noInput,
  run: async (ctx) => settingsView(ctx, await ctx.rt.store.getSettings()),
});
