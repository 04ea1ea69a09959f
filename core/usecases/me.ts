/**
 * me: who the caller is, its unit, whether its unit leads tasks (then it reviews), its subscription credits.
 * Permission: any bound user, about itself (PERMISSIONS.me).
 */
import { defineUseCase, noInput } from './define';
import { meView } from './views';

export const me = defineUseCase({
  action: 'me',
  schema: noInput,
  run: (ctx) => meView(ctx.rt, ctx.user),
});
