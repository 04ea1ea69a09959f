/**
 * recordSubscription: the app reports each `wx.requestSubscribeMessage` result, `{ results: { [templateId]:
 * 'accept' | 'reject' | 'ban' | 'filter' } }` (the result object as WeChat gives it; its `errMsg` key is ignored).
 * Each accepted template of this deployment adds one credit: a one-time subscription grants exactly one message.
 * Template ids the deployment does not use are ignored. Answers the caller's credits after.
 * Permission: any bound user, about itself (PERMISSIONS.recordSubscription: self).
 */
import { z } from 'zod';
import { defineUseCase } from './define';

export const recordSubscription = defineUseCase({
  action: 'recordSubscription',
  schema: z.object({
    results: z.record(z.string().min(1).max(128), z.string().max(200)).refine((r) => Object.keys(r).length <= 20, {
      message: '一次最多记录 20 个模板的订阅结果',
    }),
  }),
  async run(ctx, input) {
    const { reminders } = ctx.rt;
    const settings = await reminders.getSettings();
    const known = new Set(Object.values(settings.templates).map((t) => t?.templateId));
    const accepted = Object.entries(input.results)
      .filter(([templateId, result]) => result === 'accept' && known.has(templateId))
      .map(([templateId]) => templateId);
    const credits = accepted.length
      ? await reminders.addCredits(ctx.user.id, accepted, ctx.now)
      : await reminders.creditsOf(ctx.user.id);
    return { credits };
  },
});
