/**
 * updateSettings: changes some settings; what is not given stays. Templates are checked against WeChat's keyword
 * types and the message values core/remind knows.
 * Permission: admin only (PERMISSIONS.updateSettings).
 */
import { z } from 'zod';
import { badInput } from '../errors';
import { copyJson } from '../frozen';
import { MESSAGE_KINDS, type Settings } from '../model';
import { checkTemplateSetting } from '../remind/format';
import { audit } from './access';
import { settingsView } from './getSettings';
import { defineUseCase } from './define';

/** One template field as an administrator sets it (keyword → value name). */
export const templateField = z.object({
  key: z.string().trim().min(1).max(40),
  value: z.string().trim().min(1).max(40),
});
/** The most fields a template may have (WeChat's templates have at most 5 keywords; room for more). */
export const MAX_TEMPLATE_FIELDS = 10;

const template = z.object({
  templateId: z.string().trim().min(1).max(100),
  fields: z.array(templateField).min(1).max(MAX_TEMPLATE_FIELDS),
});

export const settingsPatchSchema = z
  .object({
    yellowDays: z.number().int().min(0).max(60),
    reminderOffsets: z.array(z.number().int().min(0).max(60)).max(10),
    overdueEveryDays: z.number().int().min(1).max(30),
    periodicReportDay: z.number().int().min(1).max(31).nullable(),
    periodicRemindDaysBefore: z.number().int().min(0).max(15),
    sendFromHour: z.number().int().min(0).max(23),
    sendToHour: z.number().int().min(1).max(24),
    longTermTemplates: z.boolean(),
    templates: z.record(z.enum(MESSAGE_KINDS), template),
    cameraOnlyPlanIds: z.array(z.string().trim().min(1).max(100)).max(500),
    urgeDedupeMinutes: z.number().int().min(0).max(1440),
  })
  .partial()
  .strict();

export const updateSettings = defineUseCase({
  action: 'updateSettings',
  schema: settingsPatchSchema as unknown as z.ZodType<Partial<Settings>, z.ZodTypeDef, unknown>,
  async run(ctx, input) {
    const before = await ctx.rt.store.getSettings();
    // a copy of the frozen settings, changed here and saved
    const next: Settings = { ...copyJson<Settings>(before), ...input };
    if (input.reminderOffsets) next.reminderOffsets = [...new Set(input.reminderOffsets)].sort((a, b) => b - a);
    if (next.sendFromHour >= next.sendToHour) {
      throw badInput('「发送开始时间」必须早于「发送结束时间」，请修改后重试。');
    }
    for (const [kind, setting] of Object.entries(next.templates)) {
      const problems = setting ? checkTemplateSetting(setting) : [];
      if (problems.length) {
        throw badInput(`「消息模板」（${kind}）${problems[0]}，请修改后重试。`, { kind, problems });
      }
    }
    await ctx.rt.store.saveSettings(next);
    await audit(ctx, 'updateSettings', 'settings', { changed: Object.keys(input) });
    return settingsView(ctx, next);
  },
});
