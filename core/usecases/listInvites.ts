/**
 * listInvites: the codes issued (newest first, at most 500), optionally for one unit.
 * Permission: admin only (PERMISSIONS.listInvites); a district's administrator sees the codes of its subtree only.
 */
import { z } from 'zod';
import type { InviteView } from '../api/contract';
import { MAX_PAGE } from '../ports/store';
import { reaches } from '../org/levels';
import { callerReach } from './access';
import { defineUseCase } from './define';
import { inviteView } from './inviteCodes';
import { unitNames } from './views';

const LIMIT = 500;

export const listInvites = defineUseCase({
  action: 'listInvites',
  schema: z.object({ unitId: z.string().min(1).max(100).optional() }),
  async run(ctx, input) {
    const names = await unitNames(ctx.rt);
    const reach = await callerReach(ctx);
    const out: InviteView[] = [];
    for (let offset = 0; offset < LIMIT; offset += MAX_PAGE) {
      const page = await ctx.rt.store.listInvites({ unitId: input.unitId }, { offset, limit: MAX_PAGE });
      out.push(
        ...page.items.filter((i) => reaches(reach, i.unitId)).map((i) => inviteView(i, names.get(i.unitId) ?? '')),
      );
      if (offset + MAX_PAGE >= page.total) break;
    }
    return out;
  },
});
