/**
 * listAudit (留痕): every change, newest first, paged: who, when, what.
 * Permission: admin only (PERMISSIONS.listAudit).
 */
import { z } from 'zod';
import { MAX_PAGE } from '../ports/store';
import { defineUseCase } from './define';
import { userNames } from './views';

export const listAudit = defineUseCase({
  action: 'listAudit',
  schema: z.object({
    page: z.number().int().min(1).max(100000).optional(),
    pageSize: z.number().int().min(1).max(MAX_PAGE).optional(),
  }),
  async run(ctx, input) {
    const page = input.page ?? 1;
    const pageSize = input.pageSize ?? 50;
    const result = await ctx.rt.store.listAudit({ offset: (page - 1) * pageSize, limit: pageSize });
    const names = await userNames(
      ctx.rt,
      result.items.map((e) => e.actorId),
    );
    return {
      items: result.items.map((e) => ({
        id: e.id,
        at: e.at,
        actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
        action: e.action,
        target: e.target,
        unitName: null, // filled in by #8 point 2
        task: null,
        detail: e.detail,
      })),
      total: result.total,
      page,
      pageSize,
    };
  },
});
