/**
 * myMessages: the caller's most recent subscription messages (at most 50, newest first), from the reminder log:
 * what was sent, skipped (no credit, refused), failed, or is still being retried, exactly as it was (to be) sent.
 * Permission: any bound user, about itself (PERMISSIONS.myMessages: self).
 */
import type { MessageView } from '../api/contract';
import { defineUseCase, noInput } from './define';

export const MY_MESSAGES_LIMIT = 50;

export const myMessages = defineUseCase({
  action: 'myMessages',
  schema: noInput,
  async run(ctx) {
    const records = await ctx.rt.reminders.messagesOf(ctx.user.id, MY_MESSAGES_LIMIT);
    return records.map((r): MessageView => ({
      key: r.key,
      kind: r.kind,
      templateId: r.templateId,
      page: r.page,
      data: r.data,
      status: r.status,
      at: r.finishedAt ?? r.claimedAt,
    }));
  },
});
