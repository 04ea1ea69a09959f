/**
 * setGroupMembers: which units a collective (市直各单位, 区县（市）人民政府…) stands for in future imports.
 * Tasks imported before keep their assignments.
 * Permission: admin only (PERMISSIONS.setGroupMembers).
 */
import { z } from 'zod';
import { badInput, notFound } from '../errors';
import { audit } from './access';
import { defineUseCase } from './define';

export const setGroupMembers = defineUseCase({
  action: 'setGroupMembers',
  schema: z.object({
    groupId: z.string().min(1).max(100),
    members: z.array(z.string().min(1).max(100)).max(1000),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const group = await store.getGroup(input.groupId);
    if (!group) throw notFound('这个集合', { groupId: input.groupId });
    const known = new Set((await store.listUnits()).map((u) => u.id));
    const unknown = input.members.filter((m) => !known.has(m));
    if (unknown.length) {
      throw badInput(`「成员单位」中有 ${unknown.length} 个不在单位名录中，请先添加这些单位。`, {
        unknown,
      });
    }
    const members = [...new Set(input.members)];
    await store.saveGroup({ ...group, members });
    await audit(ctx, 'setGroupMembers', `group:${group.id}`, { before: group.members, after: members });
    return { id: group.id, name: group.name, aliases: group.aliases, members };
  },
});
