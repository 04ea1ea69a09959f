/**
 * getSettings: the deployment's settings (yellow window, reminder offsets, periodic report day, sending hours,
 * message templates).
 * Permission: supervisors and admins (PERMISSIONS.getSettings).
 */
import { defineUseCase, noInput } from './define';

export const getSettings = defineUseCase({
  action: 'getSettings',
  schema: noInput,
  run: (ctx) => ctx.rt.store.getSettings(),
});
